// The approval catalogue: filter by keyword, department, category and online; sort any column.
// Without JavaScript the catalogue is complete, grouped by department.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('item-filter');
    var tables = Array.prototype.slice.call(document.querySelectorAll('table.sortable'));
    if (!form || !tables.length) return;
    form.hidden = false;
    var count = form.querySelector('.filter-count');
    var rows = [];
    tables.forEach(function (t) { rows = rows.concat(Array.prototype.slice.call(t.tBodies[0].rows)); });
    function apply() {
      var q = form.q.value.trim().toLowerCase();
      var dept = form.department.value, cat = form.category.value, online = form.online.value;
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
          (!dept || r.getAttribute('data-department') === dept) &&
          (!cat || r.getAttribute('data-category') === cat) &&
          (!online || r.getAttribute('data-online') === online);
        r.hidden = !ok;
        if (ok) shown++;
      });
      tables.forEach(function (t) {
        var section = t.closest('section');
        var any = Array.prototype.some.call(t.tBodies[0].rows, function (r) { return !r.hidden; });
        if (section) section.hidden = !any;
      });
      count.textContent = shown ? '显示 ' + shown + ' / ' + rows.length + ' 个事项' : '没有符合条件的事项，请调整筛选条件。';
    }
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    apply();
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = th.textContent;
        th.textContent = '';
        th.appendChild(b);
        th.setAttribute('aria-sort', 'none');
        b.title = '按' + b.textContent + '排序';
        b.addEventListener('click', function () {
          var asc = th.getAttribute('aria-sort') !== 'ascending';
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
          var body = table.tBodies[0];
          var list = Array.prototype.slice.call(body.rows);
          list.sort(function (a, b2) {
            var x = a.cells[col], y = b2.cells[col];
            var xv = x.getAttribute('data-value'), yv = y.getAttribute('data-value');
            var r = (xv !== null && yv !== null) ? (parseFloat(xv) - parseFloat(yv)) : x.textContent.localeCompare(y.textContent, 'zh-CN');
            return asc ? r : -r;
          });
          list.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  });
})();
