// gongkai's query tokeniser, shared by the search page (search.js) and the approvals filter
// (approvals.js), and checked without a browser against the Rust side's golden vectors
// (tests/search/tokens.test.mjs). It mirrors src/search/terms.rs: folding (full-width forms,
// traditional → simplified with the index's fold.json), 文号 in any bracket form, 事项编码,
// CJK bigrams, words and mixed pairs; keep the two in step. In a browser it is
// window.gongkaiTokens; run as CommonJS it is module.exports.
(function (root) {
  'use strict';

  var MAX_WORD = 32;
  var MAX_ISSUER = 12;
  var OPEN = '[(（【［〔{〖';
  var CLOSE = '])）】］〕}〗';
  var WORD = /[\p{Alphabetic}\p{N}]/u;

  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return c === 0x3007 || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
  }

  function isWordChar(ch) { return !isCjk(ch) && WORD.test(ch); }

  // Traditional → simplified, from the index's fold.json (see load).
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

  // A 文号 around the bracket at `open`: {from, to, end, year, serial} or null.
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
    return { from: from, to: to, end: e, year: year, serial: serial };
  }

  // A query's 文号 is looked up as typed and by every suffix of its issuer from two characters
  // (`根据云政办发〔2026〕8号` also as `云政办发〔2026〕8号`): any of them matches.
  function issuerKeys(issuer, year, serial) {
    var lens = [];
    for (var n = Math.min(2, issuer.length); n <= Math.min(issuer.length, MAX_ISSUER); n++) lens.push(n);
    if (lens[lens.length - 1] !== issuer.length) lens.push(issuer.length);
    return lens.map(function (n) { return issuer.slice(issuer.length - n).join('') + '〔' + year + '〕' + serial + '号'; });
  }

  function word(chars) { return chars.slice(0, MAX_WORD).join('').toLowerCase(); }

  function isDecimalPoint(chars, i) {
    return chars[i] === '.' && i > 0 && isDigit(chars[i - 1]) && i + 1 < chars.length && isDigit(chars[i + 1]);
  }

  // The query → tokens: {type: 'docnum'|'code'|'seg', text, keys, ...}. A segment is a run of
  // units (CJK runs and words) with nothing between them, matched as a phrase.
  function parse(q) {
    var chars = Array.from(q).map(fold);
    var tokens = [];
    var blank = function (a, b) { for (var x = a; x < b; x++) chars[x] = ' '; };
    for (var i = 0; i < chars.length; i++) {
      var m = docnumAt(chars, i);
      if (m) {
        var keys = issuerKeys(chars.slice(m.from, m.to), m.year, m.serial);
        tokens.push({ type: 'docnum', text: keys[keys.length - 1], key: keys[keys.length - 1], any: keys });
        blank(m.from, m.end);
        i = m.end - 1;
      }
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
    tokens = tokens.filter(function (t) { var k = t.type + ':' + t.text; if (seen[k]) return false; seen[k] = true; return true; });
    tokens.forEach(plan);
    return tokens;
  }

  // What a token needs from the index: `keys` (all of them), `any` (one of them: a 文号), a
  // code's whole key or all its parts, or a one-character `prefix` to scan.
  function plan(t) {
    t.keys = [];
    if (t.type === 'seg') {
      var u = t.units;
      if (u.length === 1 && u[0].cjk && u[0].chars.length === 1) { t.prefix = u[0].text; return; }
      for (var k = 0; k < u.length; k++) {
        if (u[k].cjk) {
          for (var i = 0; i + 1 < u[k].chars.length; i++) t.keys.push(u[k].chars[i] + u[k].chars[i + 1]);
        } else if (u.length === 1) t.keys.push(u[k].text);
        // Mixed pairs where a word touches a CJK run (they imply the word and the character).
        if (k > 0 && u[k - 1].cjk && !u[k].cjk) t.keys.push(u[k - 1].chars[u[k - 1].chars.length - 1] + u[k].text);
        if (k > 0 && !u[k - 1].cjk && u[k].cjk) t.keys.push(u[k - 1].text + u[k].chars[0]);
      }
      t.keys = t.keys.filter(function (key, n) { return t.keys.indexOf(key) === n; });
    } else if (t.type === 'code') t.keys = [t.key].concat(t.parts);
  }

  // The key of a whole title (terms.rs `title_key`): `=` and the 32-bit FNV-1a hash, over code
  // points, of its folded letters, digits and CJK characters; null when it has none.
  function titleKey(q) {
    var h = 0x811c9dc5, any = false;
    Array.from(q).map(fold).forEach(function (c) {
      if (!isCjk(c) && !isWordChar(c)) return;
      h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
      any = true;
    });
    return any ? '=' + ('0000000' + h.toString(16)).slice(-8) : null;
  }

  // The index's terms of a text, as terms.rs `query_keys` gives them (for the parity test, and
  // as the term set of a row the approvals filter matches): 文号 with their issuer suffixes,
  // codes with their parts, each segment's bigrams, last character and words with their mixed
  // pairs, and the title key.
  function keysOf(q) {
    var out = [];
    parse(q).forEach(function (t) {
      if (t.type === 'docnum') { t.any.forEach(function (k) { out.push(k); }); return; }
      if (t.type === 'code') { t.keys.forEach(function (k) { out.push(k); }); return; }
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
    var title = titleKey(q);
    if (title) out.push(title);
    return out;
  }

  // site.yaml's search.synonyms: a token equal to one word of a group also matches the
  // group's other words (each parsed as a query of its own), as `alts`.
  function withSynonyms(synonyms, tokens) {
    (synonyms || []).forEach(function (group) {
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

  // How much of one token (or its best alternative) a term set has, 0 to 1: the share of its
  // keys for a phrase, all-or-nothing for a 文号, a code and a single character.
  function coverage(t, set) {
    var best = own(t, set);
    (t.alts || []).forEach(function (a) { best = Math.max(best, own(a, set)); });
    return best;
  }

  function own(t, set) {
    if (t.prefix) {
      for (var k of set) if (k.lastIndexOf(t.prefix, 0) === 0 && Array.from(k).length <= 2) return 1;
      return 0;
    }
    if (t.type === 'docnum') return t.any.some(function (k) { return set.has(k); }) ? 1 : 0;
    if (t.type === 'code') return set.has(t.key) || t.parts.every(function (p) { return set.has(p); }) ? 1 : 0;
    if (!t.keys.length) return 0;
    return t.keys.filter(function (k) { return set.has(k); }).length / t.keys.length;
  }

  // A text's terms as a set, for matching in memory (the approvals filter).
  function termSet(text) { return new Set(keysOf(text)); }

  // fold.json (for a query with CJK characters) and the synonyms from meta.json, once, from the
  // search index folder `base`; resolves to the synonym groups.
  var loading = {};
  function load(base, q, fetchMeta) {
    var fold = T2S || !hasCjk(q) ? Promise.resolve() : (loading.fold = loading.fold || fetch(base + 'fold.json')
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(useFold));
    var meta = fetchMeta ? fetchMeta() : (loading.meta = loading.meta || fetch(base + 'meta.json', { cache: 'no-cache' })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }));
    var p = Promise.all([fold, meta]).then(function (r) { return r[1]; });
    p.catch(function () { loading = {}; });
    return p;
  }

  var api = {
    parse: parse, keysOf: keysOf, titleKey: titleKey, fold: fold, useFold: useFold, hasCjk: hasCjk,
    withSynonyms: withSynonyms, coverage: coverage, termSet: termSet, load: load
  };
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  if (root) root.gongkaiTokens = api;
})(typeof window !== 'undefined' ? window : null);
