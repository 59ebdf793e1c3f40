// gongkai site search. Reads the sharded index that `gongkai build` writes under
// search/index/ (see src/search and docs/search.md; the page names the folder in the form's
// data-index, base path included, so nothing here assumes the site is at the domain root),
// ranks in the browser and renders the results with textContent only: index data is never
// parsed as HTML. The query and the filters live in the URL (/search/?q=...), so results can
// be shared and the back button works. The tokeniser is tokens.js (loaded first), shared with
// the approvals filter and checked against src/search/terms.rs.
(function () {
  'use strict';

  var T = window.gongkaiTokens;
  var BASE = (function () {
    var f = document.getElementById('search-form');
    return (f && f.getAttribute('data-index')) || 'index/';
  })();
  var PAGE = 10;
  // Weight of a match by level (best field + 1): body, summary, 文号/编码, title.
  var WEIGHT = [0, 1, 3, 6, 10];
  // Characters of a snippet around the matched passage.
  var SNIPPET = 110;

  // ---- The index ----

  var meta = null;
  var shardCache = {};
  var shardDone = {};
  var chunkCache = {};
  var textCache = {};

  function fetchOk(url, opts) {
    return fetch(url, opts).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r;
    });
  }

  function loadMeta() {
    if (!meta) {
      meta = fetchOk(BASE + 'meta.json', { cache: 'no-cache' }).then(function (r) { return r.json(); })
        .then(function (m) {
          if (m.format !== 2) throw new Error('unknown index format');
          return m;
        });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  function readVarint(b, pos) {
    var v = 0, shift = 0, byte;
    do { byte = b[pos.at++]; v += (byte & 0x7F) * Math.pow(2, shift); shift += 7; } while (byte >= 0x80);
    return v;
  }

  // A shard → {keys: [...], terms: Map key → {enc, count, data}}.
  function parseShard(buf) {
    var b = new Uint8Array(buf);
    if (b[0] !== 0x47 || b[1] !== 0x4B || b[2] !== 0x53 || b[3] !== 0x31) throw new Error('bad shard');
    var dec = new TextDecoder();
    var pos = { at: 4 };
    var n = readVarint(b, pos);
    var keys = [], terms = new Map();
    for (var i = 0; i < n; i++) {
      var kl = readVarint(b, pos);
      var key = dec.decode(b.subarray(pos.at, pos.at + kl));
      pos.at += kl;
      var enc = b[pos.at++];
      var count = readVarint(b, pos);
      var len = readVarint(b, pos);
      terms.set(key, { enc: enc, count: count, data: b.subarray(pos.at, pos.at + len) });
      keys.push(key);
      pos.at += len;
    }
    return { keys: keys, terms: terms };
  }

  function loadShard(m, i) {
    if (!shardCache[i]) {
      shardCache[i] = fetchOk(BASE + 'shards/' + i + '.bin?v=' + m.version)
        .then(function (r) { return r.arrayBuffer(); }).then(parseShard)
        .then(function (s) { shardDone[i] = s; return s; });
      shardCache[i].catch(function () { delete shardCache[i]; });
    }
    return shardCache[i];
  }

  function loadChunk(m, i) {
    if (!chunkCache[i]) {
      chunkCache[i] = fetchOk(BASE + 'docs/' + i + '.json?v=' + m.version).then(function (r) { return r.json(); });
      chunkCache[i].catch(function () { delete chunkCache[i]; });
    }
    return chunkCache[i];
  }

  // The shard that would hold `key`: the last one whose first key is ≤ key.
  function shardOf(m, key) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function successor(s) { return s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1); }

  function prefixShards(m, prefix) {
    var out = [], end = successor(prefix);
    for (var i = shardOf(m, prefix); i < m.shards.length && (i === shardOf(m, prefix) || m.shards[i] < end); i++) out.push(i);
    return out;
  }

  // Levels per doc (0 = absent, else best field + 1) of one term.
  function decodeTerm(t, n) {
    var out = new Uint8Array(n);
    var b = t.data, pos = { at: 0 };
    if (t.enc === 1) {
      var bl = Math.ceil(n / 8);
      for (var id = 0; id < n; id++) if (b[id >> 3] & (1 << (id & 7))) out[id] = 1;
      pos.at = bl;
    }
    var next = 0;
    for (var k = 0; k < t.count; k++) {
      var v = readVarint(b, pos);
      var doc = next + Math.floor(v / 4);
      out[doc] = (v & 3) + 1;
      next = doc + 1;
    }
    return out;
  }

  // The shards a query needs: each token's keys (tokens.js plan), its alternatives', the
  // shards a one-character prefix spans, and the whole-query title key's.
  function plan(m, tokens, title) {
    var shards = {};
    var all = [];
    tokens.forEach(function (t) { all.push(t); (t.alts || []).forEach(function (a) { all.push(a); }); });
    all.forEach(function (t) {
      if (t.prefix) { prefixShards(m, t.prefix).forEach(function (i) { shards[i] = true; }); return; }
      t.keys.concat(t.any || []).forEach(function (k) { shards[shardOf(m, k)] = true; });
    });
    if (title) shards[shardOf(m, title)] = true;
    return Object.keys(shards).map(Number).sort(function (a, b) { return a - b; });
  }

  function levelsOf(m, loaded, key) {
    var s = loaded[shardOf(m, key)];
    var t = s && s.terms.get(key);
    return t ? decodeTerm(t, m.docs) : null;
  }

  function minInto(acc, l) { for (var i = 0; i < acc.length; i++) if (l[i] < acc[i]) acc[i] = l[i]; }
  function maxInto(acc, l) { for (var i = 0; i < acc.length; i++) if (l[i] > acc[i]) acc[i] = l[i]; }

  // Levels per doc for one token.
  function tokenLevels(m, loaded, t) {
    var own = ownLevels(m, loaded, t);
    (t.alts || []).forEach(function (a) { maxInto(own, ownLevels(m, loaded, a)); });
    return own;
  }

  function ownLevels(m, loaded, t) {
    var n = m.docs, out = new Uint8Array(n);
    if (t.prefix) {
      prefixShards(m, t.prefix).forEach(function (i) {
        var s = loaded[i];
        s.keys.forEach(function (k) {
          if (k.lastIndexOf(t.prefix, 0) === 0 && Array.from(k).length <= 2) maxInto(out, decodeTerm(s.terms.get(k), n));
        });
      });
      return out;
    }
    if (t.type === 'docnum') {
      t.any.forEach(function (k) { var l = levelsOf(m, loaded, k); if (l) maxInto(out, l); });
      return out;
    }
    if (t.type === 'code') {
      var whole = levelsOf(m, loaded, t.key);
      if (whole) maxInto(out, whole);
      var parts = allOf(m, loaded, t.parts);
      if (parts) maxInto(out, parts);
      return out;
    }
    var l = allOf(m, loaded, t.keys);
    return l ? l.slice() : out;
  }

  // Docs with every key, at the lowest level any of them has there.
  function allOf(m, loaded, keys) {
    var acc = null;
    for (var i = 0; i < keys.length; i++) {
      var l = levelsOf(m, loaded, keys[i]);
      if (!l) return null;
      if (acc) minInto(acc, l); else acc = l;
    }
    return acc;
  }

  // Rank: all tokens (AND) by summed weight, newer first on ties; an entry whose whole title
  // is the query comes first; when nothing has every token, the entries with the most tokens
  // (marked partial).
  function rank(m, loaded, tokens, title) {
    var levels = tokens.map(function (t) { return tokenLevels(m, loaded, t); });
    var exact = title && levelsOf(m, loaded, title);
    var all = [], some = [];
    for (var d = 0; d < m.docs; d++) {
      var score = 0, hits = 0;
      for (var k = 0; k < levels.length; k++) {
        var l = levels[k][d];
        if (l) { hits++; score += WEIGHT[l]; }
      }
      var x = { id: d, score: score, hits: hits, exact: exact && exact[d] ? 1 : 0 };
      if (hits === levels.length) all.push(x);
      else if (hits) some.push(x);
    }
    var partial = all.length === 0 && some.length > 0;
    var list = partial ? some : all;
    list.sort(function (a, b) { return b.exact - a.exact || b.hits - a.hits || b.score - a.score || a.id - b.id; });
    return { list: list, partial: partial };
  }

  function search(q) {
    if (!T.parse(q).length) return Promise.resolve(null);
    // fold.json is fetched once, and only for a query with CJK characters.
    return T.load(BASE, q, loadMeta).then(function (m) {
      var tokens = T.withSynonyms(m.synonyms, T.parse(q));
      var title = T.titleKey(q);
      var need = plan(m, tokens, title);
      return Promise.all(need.map(function (i) { return loadShard(m, i); })).then(function () {
        var t0 = performance.now();
        var loaded = shardDone;
        var r = rank(m, loaded, tokens, title);
        r.ms = performance.now() - t0;
        r.meta = m;
        r.tokens = tokens;
        return r;
      });
    });
  }

  // ---- Facets ----

  var ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';

  // Per doc: the kind, the 有效性 (documents only), then the department, as base-64 digits.
  function facetOf(m, id) {
    var s = m.facets.substr(id * m.facet_width, m.facet_width);
    var dept = 0;
    for (var i = 2; i < s.length; i++) dept = dept * 64 + ALPHABET.indexOf(s[i]);
    return {
      kind: m.kinds[ALPHABET.indexOf(s[0])] || ['', ''],
      validity: (m.validities || [])[ALPHABET.indexOf(s[1])] || ['', ''],
      department: m.departments[dept] || ''
    };
  }

  function yearOf(m, id) {
    var y = '';
    for (var i = 0; i < m.years.length && m.years[i][1] <= id; i++) y = String(m.years[i][0]);
    return y;
  }

  // ---- The page ----

  var els = {};
  var state = { q: '', kind: '', validity: '', department: '', year: '', shown: PAGE, result: null, started: 0 };
  var runId = 0;

  function readUrl() {
    var p = new URLSearchParams(location.search);
    state.q = (p.get('q') || '').trim();
    state.kind = p.get('kind') || '';
    state.validity = p.get('validity') || '';
    state.department = p.get('department') || '';
    state.year = p.get('year') || '';
  }

  function writeUrl(push) {
    var p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    ['kind', 'validity', 'department', 'year'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    var url = location.pathname + (p.toString() ? '?' + p.toString() : '');
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Where each needle occurs in `chars` (folded alike): [start, length, needle index].
  function occurrences(chars, needles, limit) {
    var folded = chars.map(T.fold), out = [];
    needles.forEach(function (n, at) {
      var nd = Array.from(n).map(T.fold);
      if (!nd.length) return;
      for (var i = 0; i + nd.length <= folded.length && out.length < limit; i++) {
        var ok = true;
        for (var j = 0; j < nd.length && ok; j++) ok = folded[i + j] === nd[j];
        if (ok) out.push([i, nd.length, at]);
      }
    });
    return out;
  }

  // Text with every needle wrapped in <mark>, built as DOM nodes.
  function highlight(text, needles) {
    var frag = document.createDocumentFragment();
    var chars = Array.from(text);
    var marked = new Uint8Array(chars.length);
    occurrences(chars, needles, Infinity).forEach(function (o) { marked.fill(1, o[0], o[0] + o[1]); });
    var i = 0;
    while (i < chars.length) {
      var s = i, on = marked[i];
      while (i < chars.length && marked[i] === on) i++;
      var piece = chars.slice(s, i).join('');
      frag.appendChild(on ? el('mark', null, piece) : document.createTextNode(piece));
    }
    return frag;
  }

  // The passage of a body that matched: the window of SNIPPET characters holding the most
  // different needles (the earliest such), with … where it is cut; null when no needle is in
  // the text. Needles are the query's words; when none occurs whole (a phrase whose pieces
  // are apart), its bigrams.
  function passage(text, needles, pieces) {
    var chars = Array.from(text);
    var occ = occurrences(chars, needles, 400);
    if (!occ.length) { needles = pieces; occ = occurrences(chars, needles, 400); }
    if (!occ.length) return null;
    var best = null;
    occ.forEach(function (o) {
      var from = Math.max(0, Math.min(o[0] - 16, chars.length - SNIPPET));
      var seen = {}, n = 0;
      occ.forEach(function (p) { if (p[0] >= from && p[0] + p[1] <= from + SNIPPET && !seen[p[2]]) { seen[p[2]] = 1; n++; } });
      if (!best || n > best.n || (n === best.n && from < best.from)) best = { from: from, n: n };
    });
    // Not from the middle of a clause's punctuation.
    while (best.from > 0 && best.from < chars.length && '，。；、：,.;: ）)'.indexOf(chars[best.from]) >= 0) best.from++;
    var end = Math.min(chars.length, best.from + SNIPPET);
    var cut = chars.slice(best.from, end).join('');
    return { text: (best.from > 0 ? '…' : '') + cut + (end < chars.length ? '…' : ''), needles: needles };
  }

  // What to highlight: each token, and the longer units of a segment on their own.
  function needlesOf(tokens) {
    var out = [];
    tokens.forEach(function (t) {
      out.push(t.text);
      (t.any || []).forEach(function (k) { out.push(k); });
      (t.alts || []).forEach(function (a) { out.push(a.text); });
      (t.units || []).forEach(function (u) { if (u.text.length > 1 && t.units.length > 1) out.push(u.text); });
    });
    return out;
  }

  // The bigrams of the query's phrases, for a passage where a phrase is not in one piece.
  function piecesOf(tokens) {
    var out = [];
    tokens.forEach(function (t) { (t.keys || []).forEach(function (k) { if (Array.from(k).length > 1) out.push(k); }); });
    return out;
  }

  function loadText(m, id) {
    if (!m.text_chars) return Promise.resolve('');
    if (!textCache[id]) {
      textCache[id] = fetchOk(BASE + 'text/' + id + '.txt?v=' + m.version).then(function (r) { return r.text(); });
      textCache[id].catch(function () { delete textCache[id]; });
    }
    return textCache[id].catch(function () { return ''; });
  }

  function safeUrl(u) { return typeof u === 'string' && /^\/(?!\/)/.test(u) ? u : null; }

  function filtered(r) {
    var m = r.meta;
    return r.list.filter(function (x) {
      var f = facetOf(m, x.id);
      return (!state.kind || f.kind[0] === state.kind) &&
        (!state.validity || f.validity[0] === state.validity) &&
        (!state.department || f.department === state.department) &&
        (!state.year || yearOf(m, x.id) === state.year);
    });
  }

  // Options by count (years newest first), keeping the current choice even when it has none.
  function fillSelect(select, counts, current, byKey) {
    while (select.options.length > 1) select.remove(1);
    if (current && !counts[current]) counts[current] = { n: 0, label: current };
    var keys = Object.keys(counts).sort(function (a, b) {
      if (byKey) return a < b ? 1 : a > b ? -1 : 0;
      return counts[b].n - counts[a].n || (a < b ? -1 : a > b ? 1 : 0);
    });
    keys.forEach(function (k) {
      var o = el('option', null, (counts[k].label || '（未注明）') + '（' + counts[k].n + '）');
      o.value = k;
      if (k === current) o.selected = true;
      select.appendChild(o);
    });
  }

  function renderFilters(r) {
    var m = r.meta, kinds = {}, validities = {}, depts = {}, years = {};
    r.list.forEach(function (x) {
      var f = facetOf(m, x.id), y = yearOf(m, x.id);
      (kinds[f.kind[0]] = kinds[f.kind[0]] || { n: 0, label: f.kind[1] }).n++;
      if (f.validity[0]) (validities[f.validity[0]] = validities[f.validity[0]] || { n: 0, label: f.validity[1] }).n++;
      (depts[f.department] = depts[f.department] || { n: 0, label: f.department }).n++;
      (years[y] = years[y] || { n: 0, label: y }).n++;
    });
    fillSelect(els.kind, kinds, state.kind, false);
    if (els.validity) fillSelect(els.validity, validities, state.validity, false);
    fillSelect(els.department, depts, state.department, false);
    fillSelect(els.year, years, state.year, true);
    els.filters.hidden = r.list.length === 0;
  }

  function renderResults(id) {
    var r = state.result, m = r.meta;
    var list = filtered(r);
    var page = list.slice(0, state.shown);
    var chunks = {};
    page.forEach(function (x) { chunks[Math.floor(x.id / m.chunk)] = true; });
    var wanted = Object.keys(chunks).map(Number);
    var texts = Promise.all(page.map(function (x) { return loadText(m, x.id); }));
    return Promise.all([Promise.all(wanted.map(function (c) { return loadChunk(m, c); })), texts]).then(function (got) {
      if (id !== runId) return;
      var loadedChunks = got[0], bodies = {};
      page.forEach(function (x, k) { bodies[x.id] = got[1][k]; });
      var rows = {};
      wanted.forEach(function (c, k) { rows[c] = loadedChunks[k]; });
      var needles = needlesOf(r.tokens), pieces = piecesOf(r.tokens);
      var ol = el('ol', 'entry-list search-results');
      page.forEach(function (x) {
        var row = (rows[Math.floor(x.id / m.chunk)] || [])[x.id % m.chunk];
        var href = row && safeUrl(row[0]);
        if (!href) return;
        var f = facetOf(m, x.id);
        var li = el('li', 'entry-item');
        var a = el('a');
        a.href = href;
        a.appendChild(highlight(String(row[1]), needles));
        li.appendChild(a);
        var metaLine = el('span', 'entry-meta');
        metaLine.appendChild(el('span', 'badge', f.kind[1]));
        // A document no longer (or not wholly) in force says so on the result itself.
        if (f.validity[0] && f.validity[0] !== 'effective') {
          metaLine.appendChild(el('span', 'badge validity-badge validity-' + f.validity[0], f.validity[1]));
        }
        if (row[3]) {
          var num = el('span', 'doc-number');
          num.appendChild(highlight(String(row[3]), needles));
          metaLine.appendChild(num);
        }
        if (f.department) metaLine.appendChild(el('span', null, f.department));
        var time = el('time', null, String(row[2]));
        time.setAttribute('datetime', String(row[2]));
        metaLine.appendChild(time);
        li.appendChild(metaLine);
        // The passage of the body that matched, else the summary (the match was elsewhere).
        var hit = passage(String(bodies[x.id] || ''), needles, pieces);
        if (hit || row[4]) {
          var p = el('p', 'search-snippet');
          p.appendChild(hit ? highlight(hit.text, hit.needles) : highlight(String(row[4]), needles));
          if (hit) p.setAttribute('data-from', 'body');
          li.appendChild(p);
        }
        ol.appendChild(li);
      });
      els.list.replaceChildren(ol);
      els.more.hidden = list.length <= state.shown;
      var q = '“' + state.q + '”';
      var text;
      if (!r.list.length) text = '未找到与' + q + '相关的结果。';
      else if (!list.length) text = '筛选条件下没有结果，共有 ' + r.list.length + ' 条与' + q + '相关的结果。';
      else {
        text = (r.partial ? '没有同时包含全部关键词的结果；以下 ' + list.length + ' 条包含部分关键词' : '找到 ' + list.length + ' 条与' + q + '相关的结果') +
          (list.length > page.length ? '，显示前 ' + page.length + ' 条。' : '。');
      }
      els.status.textContent = text;
      els.empty.hidden = r.list.length > 0;
      els.results.setAttribute('data-total-ms', (performance.now() - state.started).toFixed(1));
      els.results.setAttribute('data-state', 'done');
    });
  }

  function run() {
    var id = ++runId;
    state.started = performance.now();
    els.input.value = state.q;
    state.shown = PAGE;
    els.results.setAttribute('data-state', 'busy');
    els.more.hidden = true;
    if (!state.q) {
      els.status.textContent = '';
      els.list.replaceChildren();
      els.filters.hidden = true;
      els.empty.hidden = true;
      els.results.setAttribute('data-state', 'idle');
      return Promise.resolve();
    }
    els.status.textContent = '正在搜索……';
    return search(state.q).then(function (r) {
      if (id !== runId) return;
      if (!r) r = { list: [], partial: false, tokens: [], ms: 0, meta: null };
      state.result = r;
      els.results.setAttribute('data-ms', r.ms.toFixed(2));
      els.results.setAttribute('data-count', String(r.list.length));
      if (!r.meta) {
        els.status.textContent = '请输入要搜索的文字。';
        els.list.replaceChildren();
        els.filters.hidden = true;
        els.results.setAttribute('data-state', 'done');
        return;
      }
      renderFilters(r);
      return renderResults(id);
    }).catch(function () {
      if (id !== runId) return;
      els.status.textContent = '搜索索引加载失败，请稍后重试，或浏览信息公开目录。';
      els.list.replaceChildren();
      els.empty.hidden = false;
      els.results.setAttribute('data-state', 'error');
    });
  }

  function init() {
    els.form = document.getElementById('search-form');
    els.input = document.getElementById('search-q');
    els.results = document.getElementById('search-results');
    els.status = document.getElementById('search-status');
    els.list = document.getElementById('search-list');
    els.more = document.getElementById('search-more');
    els.empty = document.getElementById('search-empty');
    els.filters = document.getElementById('search-filters');
    if (!els.form || !els.results) return;
    els.kind = els.filters.elements.kind;
    els.validity = els.filters.elements.validity;
    els.department = els.filters.elements.department;
    els.year = els.filters.elements.year;
    els.form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.q = els.input.value.trim();
      state.kind = state.validity = state.department = state.year = '';
      writeUrl(true);
      run();
    });
    els.filters.addEventListener('change', function (e) {
      var name = e.target.name;
      if (['kind', 'validity', 'department', 'year'].indexOf(name) < 0) return;
      state[name] = e.target.value;
      state.shown = PAGE;
      state.started = performance.now();
      writeUrl(false);
      if (state.result && state.result.meta) renderResults(runId);
    });
    els.filters.addEventListener('submit', function (e) { e.preventDefault(); });
    els.more.addEventListener('click', function () {
      state.shown += PAGE;
      state.started = performance.now();
      renderResults(runId);
    });
    window.addEventListener('popstate', function () { readUrl(); run(); });
    readUrl();
    run();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
