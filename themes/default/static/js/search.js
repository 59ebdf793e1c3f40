// gongkai site search. Reads the sharded index that `gongkai build` writes under
// search/index/ (see src/search and docs/search.md; the page names the folder in the form's
// data-index, base path included, so nothing here assumes the site is at the domain root), ranks in the browser and renders the
// results with textContent only: index data is never parsed as HTML. The query and the
// filters live in the URL (/search/?q=...), so results can be shared and the back button works.
// Tokenising mirrors src/search/terms.rs; keep the two in step.
(function () {
  'use strict';

  var BROWSER = typeof document !== 'undefined';
  var BASE = (function () {
    var f = BROWSER && document.getElementById('search-form');
    return (f && f.getAttribute('data-index')) || 'index/';
  })();
  var PAGE = 10;
  var MAX_WORD = 32;
  // Weight of a match by level (best field + 1): body, summary, 文号/编码, title.
  var WEIGHT = [0, 1, 3, 6, 10];
  var OPEN = '[(（【［〔{〖';
  var CLOSE = '])）】］〕}〗';
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  // ---- Tokenising (mirror of terms.rs) ----

  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return c === 0x3007 || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
  }

  function isWordChar(ch) { return !isCjk(ch) && WORD.test(ch); }

  // Traditional → simplified, from the index's fold.json (loaded before a query with CJK
  // characters is parsed; see useFold).
  var T2S = null;

  function useFold(table) {
    var c = Array.from(table.t2s || '');
    T2S = new Map();
    for (var i = 0; i + 1 < c.length; i += 2) T2S.set(c[i], c[i + 1]);
  }

  function hasCjk(q) { return Array.from(q).some(isCjk); }

  function fold(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xFF01 && c <= 0xFF5E) ch = String.fromCodePoint(c - 0xFEE0);
    else if (c === 0x3000) ch = ' ';
    if (isCjk(ch)) return (T2S && T2S.get(ch)) || ch;
    return /[A-Z]/.test(ch) ? ch.toLowerCase() : ch;
  }

  function isDigit(ch) { return ch >= '0' && ch <= '9' && ch.length === 1; }

  function isCode(s) {
    return s.indexOf('-') >= 0 && s.length <= 64 && s.split('-').every(function (p) { return /^[a-z0-9]+$/.test(p); });
  }

  // A 文号 around the bracket at `open`: {from, end, key} or null.
  function docnumAt(chars, open) {
    if (OPEN.indexOf(chars[open]) < 0) return null;
    var to = open;
    while (to > 0 && chars[to - 1] === ' ') to--;
    var from = to;
    while (from > 0 && isCjk(chars[from - 1])) from--;
    if (from === to) return null;
    var skip = function (k) { while (chars[k] === ' ') k++; return k; };
    var digits = function (k) { while (k < chars.length && isDigit(chars[k])) k++; return k; };
    var k = skip(open + 1);
    var e = digits(k);
    if (e - k !== 4) return null;
    var year = parseInt(chars.slice(k, e).join(''), 10);
    k = skip(e);
    if (CLOSE.indexOf(chars[k]) < 0) return null;
    k = skip(k + 1);
    if (chars[k] === '第') k = skip(k + 1);
    e = digits(k);
    if (e === k || e - k > 6) return null;
    var serial = parseInt(chars.slice(k, e).join(''), 10);
    if (year < 1949 || year > 2200 || serial < 1) return null;
    if (chars[e] === '号') e++;
    return { from: from, end: e, key: chars.slice(from, to).join('') + '〔' + year + '〕' + serial + '号' };
  }

  function word(chars) { return chars.slice(0, MAX_WORD).join('').toLowerCase(); }

  function isDecimalPoint(chars, i) {
    return chars[i] === '.' && i > 0 && isDigit(chars[i - 1]) && i + 1 < chars.length && isDigit(chars[i + 1]);
  }

  // The query → tokens: {type: 'docnum'|'code'|'seg', text, ...}. A segment is a run of
  // units (CJK runs and words) with nothing between them, matched as a phrase.
  function parse(q) {
    var chars = Array.from(q).map(fold);
    var tokens = [];
    var blank = function (a, b) { for (var x = a; x < b; x++) chars[x] = ' '; };
    for (var i = 0; i < chars.length; i++) {
      var m = docnumAt(chars, i);
      if (m) { tokens.push({ type: 'docnum', text: m.key, key: m.key }); blank(m.from, m.end); i = m.end - 1; }
    }
    for (i = 0; i < chars.length;) {
      var s = i;
      while (i < chars.length && /[a-z0-9-]/.test(chars[i])) i++;
      if (i > s) {
        var piece = chars.slice(s, i).join('').replace(/^-+|-+$/g, '');
        if (isCode(piece)) { tokens.push({ type: 'code', text: piece, key: piece, parts: piece.split('-') }); blank(s, i); }
      } else i++;
    }
    var seg = null, unit;
    for (i = 0; i < chars.length;) {
      s = i;
      if (isCjk(chars[i])) {
        while (i < chars.length && isCjk(chars[i])) i++;
        unit = { cjk: true, chars: chars.slice(s, i), text: chars.slice(s, i).join('') };
      } else if (isWordChar(chars[i])) {
        while (i < chars.length && (isWordChar(chars[i]) || isDecimalPoint(chars, i))) i++;
        unit = { cjk: false, text: word(chars.slice(s, i)) };
      } else { seg = null; i++; continue; }
      if (!seg) { seg = { type: 'seg', units: [], text: '' }; tokens.push(seg); }
      seg.units.push(unit);
      seg.text += unit.text;
    }
    var seen = {};
    return tokens.filter(function (t) { var k = t.type + ':' + t.text; if (seen[k]) return false; seen[k] = true; return true; });
  }

  // The index's terms of a query (what terms.rs would emit for the same text), for the
  // parity test: docnums, codes with their parts, then each segment's bigrams, last
  // character and words with their mixed pairs.
  function keysOf(q) {
    var out = [];
    parse(q).forEach(function (t) {
      if (t.type !== 'seg') { out.push(t.key); (t.parts || []).forEach(function (p) { out.push(p); }); return; }
      t.units.forEach(function (u, k) {
        var prev = t.units[k - 1];
        if (u.cjk) {
          if (prev && !prev.cjk) out.push(prev.text + u.chars[0]);
          for (var i = 0; i + 1 < u.chars.length; i++) out.push(u.chars[i] + u.chars[i + 1]);
          out.push(u.chars[u.chars.length - 1]);
        } else {
          if (prev && prev.cjk) out.push(prev.chars[prev.chars.length - 1] + u.text);
          out.push(u.text);
        }
      });
    });
    return out;
  }

  // site.yaml's search.synonyms: a token equal to one word of a group also matches the
  // group's other words (each parsed as a query of its own).
  function withSynonyms(m, tokens) {
    (m.synonyms || []).forEach(function (group) {
      var parsed = group.map(function (w) { return parse(w); });
      var texts = parsed.map(function (p) { return p.map(function (t) { return t.text; }).join(' '); });
      tokens.forEach(function (t) {
        var at = texts.indexOf(t.text);
        if (at < 0) return;
        parsed.forEach(function (p, i) { if (i !== at && p.length === 1) (t.alts = t.alts || []).push(p[0]); });
      });
    });
    return tokens;
  }

  // ---- The index ----

  var meta = null;
  var shardCache = {};
  var shardDone = {};
  var chunkCache = {};

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

  // The keys each token needs (all of them, intersected), or a prefix to scan.
  function plan(m, tokens) {
    var shards = {};
    var all = [];
    tokens.forEach(function (t) { all.push(t); (t.alts || []).forEach(function (a) { all.push(a); }); });
    all.forEach(function (t) {
      t.keys = [];
      if (t.type === 'seg') {
        var u = t.units;
        if (u.length === 1 && u[0].cjk && u[0].chars.length === 1) {
          t.prefix = u[0].text;
          prefixShards(m, t.prefix).forEach(function (i) { shards[i] = true; });
          return;
        }
        for (var k = 0; k < u.length; k++) {
          if (u[k].cjk) {
            for (var i = 0; i + 1 < u[k].chars.length; i++) t.keys.push(u[k].chars[i] + u[k].chars[i + 1]);
          } else if (u.length === 1) t.keys.push(u[k].text);
          // Mixed pairs where a word touches a CJK run (they imply the word and the character).
          if (k > 0 && u[k - 1].cjk && !u[k].cjk) t.keys.push(u[k - 1].chars[u[k - 1].chars.length - 1] + u[k].text);
          if (k > 0 && !u[k - 1].cjk && u[k].cjk) t.keys.push(u[k - 1].text + u[k].chars[0]);
        }
      } else if (t.type === 'code') {
        t.keys = [t.key].concat(t.parts);
      } else t.keys = [t.key];
      t.keys = t.keys.filter(function (k, i) { return t.keys.indexOf(k) === i; });
      t.keys.forEach(function (k) { shards[shardOf(m, k)] = true; });
    });
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

  // Rank: all tokens (AND) by summed weight, newer first on ties; when nothing has every
  // token, the entries with the most tokens (marked partial).
  function rank(m, loaded, tokens) {
    var levels = tokens.map(function (t) { return tokenLevels(m, loaded, t); });
    var all = [], some = [];
    for (var d = 0; d < m.docs; d++) {
      var score = 0, hits = 0;
      for (var k = 0; k < levels.length; k++) {
        var l = levels[k][d];
        if (l) { hits++; score += WEIGHT[l]; }
      }
      if (hits === levels.length) all.push({ id: d, score: score, hits: hits });
      else if (hits) some.push({ id: d, score: score, hits: hits });
    }
    var partial = all.length === 0 && some.length > 0;
    var list = partial ? some : all;
    list.sort(function (a, b) { return b.hits - a.hits || b.score - a.score || a.id - b.id; });
    return { list: list, partial: partial };
  }

  var foldLoad = null;

  // fold.json, once, and only for a query with CJK characters (a Latin query needs no table).
  function loadFold(m, q) {
    if (T2S || !hasCjk(q)) return Promise.resolve();
    if (!foldLoad) {
      foldLoad = fetchOk(BASE + 'fold.json?v=' + m.version).then(function (r) { return r.json(); }).then(useFold);
      foldLoad.catch(function () { foldLoad = null; });
    }
    return foldLoad;
  }

  function search(q) {
    if (!parse(q).length) return Promise.resolve(null);
    return loadMeta().then(function (m) { return loadFold(m, q).then(function () { return m; }); }).then(function (m) {
      var tokens = withSynonyms(m, parse(q));
      var need = plan(m, tokens);
      return Promise.all(need.map(function (i) { return loadShard(m, i); })).then(function () {
        var t0 = performance.now();
        var loaded = shardDone;
        var r = rank(m, loaded, tokens);
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

  // Text with every needle wrapped in <mark>, built as DOM nodes.
  function highlight(text, needles) {
    var frag = document.createDocumentFragment();
    var chars = Array.from(text);
    var folded = chars.map(fold);
    var marked = new Uint8Array(chars.length);
    needles.forEach(function (n) {
      var nd = Array.from(n).map(fold);
      if (!nd.length) return;
      for (var i = 0; i + nd.length <= folded.length; i++) {
        var ok = true;
        for (var j = 0; j < nd.length && ok; j++) ok = folded[i + j] === nd[j];
        if (ok) for (j = 0; j < nd.length; j++) marked[i + j] = 1;
      }
    });
    var i = 0;
    while (i < chars.length) {
      var s = i, on = marked[i];
      while (i < chars.length && marked[i] === on) i++;
      var piece = chars.slice(s, i).join('');
      frag.appendChild(on ? el('mark', null, piece) : document.createTextNode(piece));
    }
    return frag;
  }

  // What to highlight: each token, and the longer units of a segment on their own.
  function needlesOf(tokens) {
    var out = [];
    tokens.forEach(function (t) {
      out.push(t.text);
      (t.alts || []).forEach(function (a) { out.push(a.text); });
      (t.units || []).forEach(function (u) { if (u.text.length > 1 && t.units.length > 1) out.push(u.text); });
    });
    return out;
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
    return Promise.all(wanted.map(function (c) { return loadChunk(m, c); })).then(function (loadedChunks) {
      if (id !== runId) return;
      var rows = {};
      wanted.forEach(function (c, k) { rows[c] = loadedChunks[k]; });
      var needles = needlesOf(r.tokens);
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
        if (row[4]) {
          var p = el('p', 'search-snippet');
          p.appendChild(highlight(String(row[4]), needles));
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

  // Node (tests/search/tokens.test.mjs) gets the tokeniser; the browser runs the page.
  if (!BROWSER) {
    if (typeof module === 'object' && module.exports) module.exports = { parse: parse, keysOf: keysOf, fold: fold, useFold: useFold };
    return;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
