// The approval catalogue's filter and sort. Without JavaScript the catalogue is complete,
// grouped by department. With it: a keyword box matched the way site search matches (the
// shared tokeniser, tokens.js: bigrams, 繁简 folding, site.yaml's synonyms, so
// `食品经营许可证` and `餐饮` find 食品经营许可), filters by department, category, 网办 and
// status, and one sort across all items (by name, time limit, department or any column) as
// well as the grouping by department. Every choice lives in the query string
// (/approvals/?q=…&status=active&sort=promised), so a view can be shared and Back restores it.
(function () {
  'use strict';

  var T = window.gongkaiTokens;
  var FILTERS = ['department', 'category', 'online', 'status'];
  // Sort keys by column, in the table's column order.
  var COLUMNS = ['code', 'name', 'category', 'level', 'statutory', 'promised', 'reduction', 'fee', 'online', 'visits'];
  var NUMERIC = { statutory: 1, promised: 1, reduction: 1, visits: 1 };
  var LABELS = { active: '在办', delegated: '已下放', cancelled: '已取消' };

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('item-filter');
    var groups = Array.prototype.slice.call(document.querySelectorAll('section.dept-group'));
    var tables = Array.prototype.slice.call(document.querySelectorAll('table.sortable'));
    if (!form || !tables.length || !T) return;
    form.hidden = false;
    var base = form.getAttribute('data-index') || '';
    var count = form.querySelector('.filter-count');
    var state = {};
    var synonyms = null;
    var items = [];
    tables.forEach(function (t) {
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        items.push({ row: r, home: t.tBodies[0], order: items.length });
      });
    });
    items.forEach(function (it) {
      var r = it.row, c = r.cells;
      it.status = r.getAttribute('data-status') || 'active';
      it.department = r.getAttribute('data-department') || '';
      // Code, name, department and status (the category has a filter of its own: `许可` would
      // otherwise match every 行政许可).
      it.text = [c[0].textContent, c[1].textContent, it.department, LABELS[it.status] || ''].join(' ');
      it.terms = T.termSet(it.text);
    });

    // Status options say how many items each has (the headline block's numbers).
    Array.prototype.forEach.call(form.status.options, function (o) {
      if (!o.value) return;
      var n = items.filter(function (it) { return it.status === o.value; }).length;
      o.textContent = o.textContent.replace(/（\d+）$/, '') + '（' + n + '）';
      o.setAttribute('data-count', String(n));
    });

    // ---- State in the URL ----

    function readUrl() {
      var p = new URLSearchParams(location.search);
      state.q = p.get('q') || '';
      FILTERS.forEach(function (k) { state[k] = p.get(k) || ''; });
      state.sort = COLUMNS.concat(['department']).indexOf(p.get('sort')) >= 0 ? p.get('sort') : '';
      state.order = p.get('order') === 'desc' ? 'desc' : 'asc';
      form.q.value = state.q;
      FILTERS.forEach(function (k) { form[k].value = state[k]; if (form[k].value !== state[k]) form[k].value = ''; });
      sortOption(state.sort);
      form.sort.value = state.sort;
    }

    function writeUrl(push) {
      var p = new URLSearchParams();
      if (state.q) p.set('q', state.q);
      FILTERS.forEach(function (k) { if (state[k]) p.set(k, state[k]); });
      if (state.sort) p.set('sort', state.sort);
      if (state.sort && state.order === 'desc') p.set('order', 'desc');
      var url = location.pathname + (p.toString() ? '?' + p.toString() : '') + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    }

    // A column sort the select does not list gets an option of its own.
    function sortOption(key) {
      if (!key || Array.prototype.some.call(form.sort.options, function (o) { return o.value === key; })) return;
      var th = tables[0].tHead.rows[0].cells[COLUMNS.indexOf(key)];
      var o = document.createElement('option');
      o.value = key;
      o.textContent = '全部事项按' + (th ? th.textContent.trim() : key);
      form.sort.appendChild(o);
    }

    // ---- Matching ----

    // fold.json and the synonyms, fetched once something is typed (a failed fetch only loses
    // folding and synonyms); resolves when they are in, or at once when they already are.
    function prepared() {
      if (!state.q.trim()) return null;
      var ready = synonyms && (T.hasCjk(state.q) ? T.fold('這') === '这' : true);
      if (ready) return null;
      return T.load(base, state.q).then(function (m) {
        synonyms = m.synonyms || [];
        items.forEach(function (it) { it.terms = T.termSet(it.text); });
      }, function () { synonyms = synonyms || []; });
    }

    function tokens() { return state.q.trim() ? T.withSynonyms(synonyms || [], T.parse(state.q)) : []; }

    function passes(it) {
      return (!state.department || it.department === state.department) &&
        (!state.category || it.row.getAttribute('data-category') === state.category) &&
        (!state.online || it.row.getAttribute('data-online') === state.online) &&
        (!state.status || it.status === state.status);
    }

    // Items with every token; when none has, the ones closest to it (the most of the query's
    // bigrams, at least half), as site search shows partial matches.
    function matching(list, toks) {
      if (!toks.length) return { list: list, partial: false };
      var scored = list.map(function (it) {
        var covs = toks.map(function (t) { return T.coverage(t, it.terms); });
        return { it: it, full: covs.every(function (c) { return c === 1; }), score: covs.reduce(function (a, b) { return a + b; }, 0) };
      });
      var full = scored.filter(function (s) { return s.full; });
      if (full.length) return { list: full.map(function (s) { return s.it; }), partial: false };
      var best = Math.max.apply(null, scored.map(function (s) { return s.score; }).concat([0]));
      if (best < toks.length / 2) return { list: [], partial: false };
      return { list: scored.filter(function (s) { return s.score === best; }).map(function (s) { return s.it; }), partial: true };
    }

    // ---- Sorting and the two views ----

    var flat = null;

    function value(it, key) {
      if (key === 'department') return it.department;
      var cell = it.row.cells[COLUMNS.indexOf(key)];
      if (NUMERIC[key]) return parseFloat(cell.getAttribute('data-value'));
      return cell.textContent.trim();
    }

    function compare(key) {
      return function (a, b) {
        var x = value(a, key), y = value(b, key);
        var r = typeof x === 'number' ? x - y : x.localeCompare(y, 'zh-CN');
        if (!r && key !== 'name') r = value(a, 'name').localeCompare(value(b, 'name'), 'zh-CN');
        return (state.order === 'desc' ? -r : r) || a.order - b.order;
      };
    }

    // One table of every item, before the department groups (made on first use).
    function flatSection() {
      if (flat) return flat;
      var first = groups[0];
      flat = document.createElement('section');
      // Not a landmark itself (no name): the table's scroll region is, named by the heading.
      flat.className = 'dept-group all-items';
      var h = document.createElement('h2');
      h.id = 'all-items-title';
      var wrap = first.querySelector('.table-wrap').cloneNode(false);
      wrap.setAttribute('aria-labelledby', 'all-items-title');
      var table = tables[0].cloneNode(false);
      table.appendChild(tables[0].tHead.cloneNode(true));
      table.appendChild(document.createElement('tbody'));
      wrap.appendChild(table);
      flat.appendChild(h);
      flat.appendChild(wrap);
      flat.table = table;
      return flat;
    }

    function arrange() {
      var all = items.slice();
      if (!state.sort) {
        if (flat && flat.parentNode) flat.parentNode.removeChild(flat);
        all.forEach(function (it) { it.home.appendChild(it.row); });
        return;
      }
      var f = flatSection();
      if (!f.parentNode) groups[0].parentNode.insertBefore(f, groups[0]);
      var body = f.table.tBodies[0];
      all.sort(compare(state.sort)).forEach(function (it) { body.appendChild(it.row); });
      var option = Array.prototype.filter.call(form.sort.options, function (o) { return o.value === state.sort; })[0];
      f.querySelector('h2').textContent = (option ? option.textContent.replace(/^全部事项/, '全部事项（') + '）' : '全部事项') +
        (state.order === 'desc' ? '，倒序' : '');
    }

    function ariaSort() {
      var tabs = tables.concat(flat && flat.parentNode ? [flat.table] : []);
      tabs.forEach(function (t) {
        Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, col) {
          var on = t === (flat && flat.table) && COLUMNS[col] === state.sort;
          th.setAttribute('aria-sort', on ? (state.order === 'desc' ? 'descending' : 'ascending') : 'none');
        });
      });
    }

    // Filter and sort now with what is loaded, and again once fold.json and the synonyms are.
    var run = 0;
    function apply() {
      var id = ++run;
      var later = prepared();
      show();
      if (!later) return Promise.resolve();
      form.removeAttribute('data-state');
      return later.then(function () { if (id === run) show(); });
    }

    function show() {
      var toks = tokens();
      var candidates = items.filter(passes);
      var m = matching(candidates, toks);
      var shown = new Set(m.list);
      items.forEach(function (it) { it.row.hidden = !shown.has(it); });
      arrange();
      ariaSort();
      groups.forEach(function (g) { g.hidden = !!state.sort || !g.querySelector('tbody tr:not([hidden])'); });
      if (flat) flat.hidden = !m.list.length;
      var q = '“' + state.q.trim() + '”';
      count.textContent = !m.list.length ? '没有符合条件的事项，请调整筛选条件。'
        : (m.partial ? '没有完全符合' + q + '的事项，以下是最接近的：' : '') + '显示 ' + m.list.length + ' / ' + items.length + ' 个事项';
      form.setAttribute('data-state', 'done');
    }

    // Header buttons sort every item by their column (again: the other way round).
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = th.textContent;
        b.setAttribute('data-sort', COLUMNS[col]);
        b.title = '按' + b.textContent + '排序全部事项';
        th.textContent = '';
        th.appendChild(b);
        th.setAttribute('aria-sort', 'none');
      });
    });
    document.addEventListener('click', function (e) {
      var b = e.target.closest && e.target.closest('th button[data-sort]');
      if (!b) return;
      var key = b.getAttribute('data-sort');
      state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
      state.sort = key;
      sortOption(key);
      form.sort.value = key;
      writeUrl(true);
      apply().then(function () {
        var again = flat && flat.table.querySelector('th button[data-sort="' + key + '"]');
        if (again) again.focus();
      });
    });

    form.addEventListener('input', function (e) {
      if (e.target !== form.q) return;
      state.q = form.q.value;
      writeUrl(false);
      apply();
    });
    form.addEventListener('change', function (e) {
      var name = e.target.name;
      if (name === 'q') return;
      if (name === 'sort') { state.sort = form.sort.value; state.order = 'asc'; } else if (FILTERS.indexOf(name) >= 0) state[name] = e.target.value;
      writeUrl(true);
      apply();
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); state.q = form.q.value; writeUrl(true); apply(); });
    window.addEventListener('popstate', function () { readUrl(); apply(); });
    readUrl();
    apply();
  });
})();
