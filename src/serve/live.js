// gongkai live preview: updates the open page in place when its output changes.
// Injected by `gongkai serve` only (never part of a build). Each event names the changed
// output paths; a page not among them does nothing. A changed page is fetched and patched:
// only the parts that differ between the page the browser loaded and the new one are touched
// (a three-way patch), so focus, scroll position, form input and whatever the page's own
// scripts changed elsewhere survive. A changed stylesheet is swapped without a reload.
(function () {
  'use strict';
  var here = function () {
    var p = decodeURIComponent(location.pathname);
    return /\/index\.html$/.test(p) ? p.slice(0, -10) : p;
  };
  var parse = function (html) { return new DOMParser().parseFromString(html, 'text/html'); };
  var get = function () {
    return fetch(location.pathname + location.search, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return r.text();
    });
  };
  // The server's version of the page as the browser shows it now (the base of the patch).
  var base = null;
  get().then(function (t) { if (!base) base = parse(t); }).catch(function () {});

  var isScript = function (n) { return n.nodeType === 1 && n.nodeName === 'SCRIPT'; };
  var kids = function (n) {
    var out = [];
    for (var c = n.firstChild; c; c = c.nextSibling) if (!isScript(c)) out.push(c);
    return out;
  };
  var same = function (a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName &&
      (a.nodeType !== 1 || (a.getAttribute('id') || '') === (b.getAttribute('id') || ''));
  };
  var attrs = function (live, from, to) {
    // Three-way when `from` is known: only attributes the server changed are written.
    var i, a;
    for (i = 0; i < to.attributes.length; i++) {
      a = to.attributes[i];
      if (from && from.getAttribute(a.name) === a.value) continue;
      if (live.getAttribute(a.name) !== a.value) live.setAttribute(a.name, a.value);
    }
    var gone = [];
    var old = from || live;
    for (i = 0; i < old.attributes.length; i++) {
      if (!to.hasAttribute(old.attributes[i].name)) gone.push(old.attributes[i].name);
    }
    gone.forEach(function (n) { live.removeAttribute(n); });
  };
  // Two-way: make `live` look like `to` (used where the structure changed).
  var morph = function (live, to) {
    if (live.nodeType !== 1) {
      if (live.nodeValue !== to.nodeValue) live.nodeValue = to.nodeValue;
      return;
    }
    attrs(live, null, to);
    var l = kids(live), t = kids(to), j = 0;
    t.forEach(function (n) {
      var cur = l[j];
      if (cur && same(cur, n)) { morph(cur, n); j++; return; }
      var id = n.nodeType === 1 && n.getAttribute('id');
      var moved = id ? l.slice(j + 1).filter(function (x) { return x.nodeType === 1 && x.getAttribute('id') === id; })[0] : null;
      if (moved) {
        l.splice(l.indexOf(moved), 1);
        live.insertBefore(moved, cur || null);
        morph(moved, n);
        return;
      }
      var fresh = document.importNode(n, true);
      if (fresh.querySelectorAll) Array.prototype.forEach.call(fresh.querySelectorAll('script'), function (x) { x.parentNode.removeChild(x); });
      live.insertBefore(fresh, cur || null);
    });
    l.slice(j).forEach(function (x) { if (x.parentNode === live) live.removeChild(x); });
  };
  // Three-way: `from` is the server's old version of `live`, `to` the new one.
  var patch = function (live, from, to) {
    if (from.isEqualNode(to)) return;
    if (live.nodeType !== 1 || from.nodeType !== 1) return morph(live, to);
    var f = kids(from), t = kids(to);
    var shape = f.length === t.length && f.every(function (n, k) { return same(n, t[k]); });
    // The live children that came from the server, in order (page scripts may have added others).
    var l = kids(live), pairs = [], j = 0;
    if (shape) {
      for (var k = 0; k < f.length; k++) {
        while (j < l.length && !same(l[j], f[k])) j++;
        if (j === l.length) { shape = false; break; }
        pairs.push(l[j++]);
      }
    }
    if (!shape) return morph(live, to);
    attrs(live, from, to);
    f.forEach(function (n, k) { patch(pairs[k], n, t[k]); });
  };
  var swapStyles = function (to) {
    var want = Array.prototype.map.call(to.querySelectorAll('link[rel="stylesheet"]'), function (x) { return x.getAttribute('href'); });
    var have = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(have, function (x, k) {
      if (want[k] === undefined || want[k] === x.getAttribute('href')) return;
      var n = x.cloneNode(false);
      n.setAttribute('href', want[k]);
      n.onload = n.onerror = function () { if (x.parentNode) x.parentNode.removeChild(x); };
      x.parentNode.insertBefore(n, x.nextSibling);
    });
  };
  var bust = function (paths, v) {
    // A stylesheet whose file changed under the same name: load it again with a query.
    Array.prototype.forEach.call(document.querySelectorAll('link[rel="stylesheet"]'), function (x) {
      var u = new URL(x.getAttribute('href'), location.href);
      if (paths.indexOf(decodeURIComponent(u.pathname)) < 0) return;
      var n = x.cloneNode(false);
      u.searchParams.set('v', v);
      n.setAttribute('href', u.pathname + u.search);
      n.onload = n.onerror = function () { if (x.parentNode) x.parentNode.removeChild(x); };
      x.parentNode.insertBefore(n, x.nextSibling);
    });
  };
  var busy = null, again = false;
  var refresh = function () {
    if (busy) { again = true; return; }
    busy = get().then(function (t) {
      var next = parse(t);
      if (!base || !base.body || !next.body) { location.reload(); return; }
      if (base.title !== next.title) document.title = next.title;
      swapStyles(next);
      var heads = ['meta', 'link[rel="canonical"]'];
      heads.forEach(function (sel) {
        var a = base.head.querySelectorAll(sel), b = next.head.querySelectorAll(sel);
        var c = document.head.querySelectorAll(sel);
        if (a.length === b.length && b.length === c.length) {
          Array.prototype.forEach.call(c, function (x, k) { attrs(x, a[k], b[k]); });
        }
      });
      patch(document.body, base.body, next.body);
      base = next;
      document.dispatchEvent(new CustomEvent('gongkai:updated'));
    }).catch(function () { location.reload(); }).then(function () {
      busy = null;
      if (again) { again = false; refresh(); }
    });
  };
  var source = new EventSource('/__gongkai/events');
  source.onmessage = function (e) {
    var m = null;
    try { m = JSON.parse(e.data); } catch (err) { /* an older server: plain "reload" */ }
    if (!m || m.error || document.querySelector('.build-errors')) { location.reload(); return; }
    var me = here();
    if (m.all || (m.paths || []).indexOf(me) >= 0) refresh();
    if (m.paths) bust(m.paths, m.v);
  };
})();
