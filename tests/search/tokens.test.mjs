// Tokeniser parity without a browser: tokens.js (the tokeniser of search.js and approvals.js) must derive from each query the same index
// keys as the Rust side (src/search/terms.rs `query_keys`), whose output for ~30 queries is
// in tokens.json (rewritten by `GOLDEN=write cargo test --test search`). The traditional →
// simplified table is read from src/search/t2s.rs, as the index builder writes it to fold.json.
// Run: node tests/search/tokens.test.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
// tokens.js is a classic browser script; run as CommonJS it hands its tokeniser to `module`
// (package.json's "type": "module" would make `require` load it as an ES module instead).
const mod = { exports: {} };
new Function('module', readFileSync(path.join(root, 'themes/default/static/js/tokens.js'), 'utf8'))(mod);
const search = mod.exports;

const table = readFileSync(path.join(root, 'src/search/t2s.rs'), 'utf8');
let t2s = '';
for (const m of table.matchAll(/\('(.+?)', '(.+?)'\)/gu)) t2s += m[1] + m[2];
if (t2s.length === 0) throw new Error('no pairs read from src/search/t2s.rs');
search.useFold({ t2s });

const vectors = JSON.parse(readFileSync(path.join(here, 'tokens.json'), 'utf8'));
let failed = 0;
for (const { query, keys } of vectors) {
  const got = [...new Set(search.keysOf(query))].sort();
  const want = [...keys].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failed++;
    console.error(`FAIL ${query}\n  tokens.js: ${JSON.stringify(got)}\n  terms.rs:  ${JSON.stringify(want)}`);
  }
}
if (vectors.length < 30) { failed++; console.error(`only ${vectors.length} vectors`); }
console.log(`${vectors.length - failed}/${vectors.length} token vectors match`);
process.exit(failed ? 1 : 0);
