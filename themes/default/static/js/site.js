// gongkai site script. Pages are complete and readable without it; it adds:
//   - the care mode (关怀模式) toggle: larger text, higher contrast, remembered across pages
//     and visits (localStorage key `gongkai-care`);
//   - on the 信息公开目录, in-page filtering of the table by the facets (issuer, year, topic,
//     genre, validity). Without JavaScript the facets link to the taxonomy pages instead.
// No inline script, no eval: works under Content-Security-Policy script-src 'self'.
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'gongkai-care';
  root.classList.add('js');
  try { if (localStorage.getItem(KEY) === '1') root.classList.add('care'); } catch (e) { /* storage may be blocked */ }

  function careToggle() {
    var b = document.getElementById('care-toggle');
    if (!b) return;
    b.hidden = false;
    // The label says what a press does now (退出关怀模式 when on); aria-pressed says the state.
    var sync = function () {
      var on = root.classList.contains('care');
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? '退出关怀模式' : '关怀模式';
      b.title = on ? '恢复标准字号和布局' : '放大字号、加强对比度、单栏布局，方便老年人和视力障碍者阅读';
    };
    sync();
    b.addEventListener('click', function () {
      var on = root.classList.toggle('care');
      try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* ignore */ }
      sync();
    });
    // Another tab switched the mode: follow it.
    window.addEventListener('storage', function (e) {
      if (e.key !== KEY) return;
      root.classList.toggle('care', e.newValue === '1');
      sync();
    });
  }

  function catalogFacets() {
    var facets = document.querySelector('.facets');
    var table = document.querySelector('table.catalog');
    var status = document.getElementById('facet-status');
    if (!facets || !table || !status) return;
    // On a phone the facets would push the table many screens down: start them folded.
    if (window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) facets.open = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var active = {};
    var labels = {};
    var buttons = [];
    Array.prototype.forEach.call(facets.querySelectorAll('[data-facet]'), function (el) {
      var key = el.getAttribute('data-facet');
      var value = el.getAttribute('data-value') || el.textContent;
      var section = el.closest('section');
      var heading = section && section.querySelector('h2');
      labels[key] = heading ? heading.textContent : key;
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'facet-button';
      b.textContent = el.textContent;
      b.setAttribute('data-facet', key);
      b.setAttribute('data-value', value);
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', function () {
        active[key] = active[key] === value ? undefined : value;
        apply();
      });
      el.parentNode.replaceChild(b, el);
      buttons.push(b);
    });
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'facet-clear';
    clear.textContent = '清除筛选';
    clear.hidden = true;
    clear.addEventListener('click', function () {
      active = {};
      apply();
    });
    status.parentNode.insertBefore(clear, status.nextSibling);

    function matches(row) {
      return Object.keys(active).every(function (key) {
        var v = active[key];
        if (v === undefined) return true;
        var have = row.getAttribute('data-' + key) || '';
        return key === 'topic' ? have.indexOf('|' + v + '|') >= 0 : have === v;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = matches(r);
        r.hidden = !ok;
        if (ok) shown++;
      });
      buttons.forEach(function (b) {
        b.setAttribute('aria-pressed', active[b.getAttribute('data-facet')] === b.getAttribute('data-value') ? 'true' : 'false');
      });
      var parts = Object.keys(active).filter(function (k) { return active[k] !== undefined; })
        .map(function (k) { return labels[k] + '：' + active[k]; });
      clear.hidden = parts.length === 0;
      status.textContent = parts.length
        ? '已筛选（' + parts.join('；') + '），显示 ' + shown + ' / ' + rows.length + ' 件。'
        : '';
    }
  }

  function init() {
    careToggle();
    catalogFacets();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
