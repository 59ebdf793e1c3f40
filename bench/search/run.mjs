// Run the query set against gongkai's search page and Pagefind in headless Chromium, and
// print recall@10, bytes per query and time per query as Markdown.
//
//   NODE_PATH=/tmp/pw/node_modules node bench/search/run.mjs /tmp/out-10k bench/search/queries.json [out.json]
//
// OUT is a gongkai build of the corpus with a Pagefind bundle in OUT/pagefind/ (see
// pagefind.sh). Every query runs in a fresh browser context (empty cache), so the bytes are
// what a first-time visitor downloads for that query. Bytes are response bodies as sent by a
// plain static server (no HTTP compression): "index" counts index files, "code" the search
// script and, for Pagefind, its WebAssembly.
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [root, queryFile, outFile] = [path.resolve(process.argv[2]), process.argv[3], process.argv[4]];
const queries = JSON.parse(fs.readFileSync(queryFile, 'utf8'));

const HARNESS = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title>
<script type="module" src="/__bench/pagefind.mjs"></script></head><body></body></html>`;
const HARNESS_JS = `const pf = await import('/pagefind/pagefind.js');
await pf.options({ excerptLength: 30 });
window.runQuery = async (q) => {
  const t0 = performance.now();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { urls: data.map((d) => d.url), total: r.results.length, ms: performance.now() - t0 };
};
window.harnessReady = true;`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (rel === '/__bench/pagefind.html') return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(HARNESS);
  if (rel === '/__bench/pagefind.mjs') return res.writeHead(200, { 'content-type': TYPES['.js'] }).end(HARNESS_JS);
  let file = path.join(root, path.normalize(rel));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Count response bytes of the paths `classify` names, for one query in a fresh context.
async function measured(classify, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = { index: 0, code: 0, gzip: 0, files: 0 };
  const pending = [];
  page.on('requestfinished', (req) => pending.push((async () => {
    const kind = classify(new URL(req.url()).pathname);
    if (!kind) return;
    const resp = await req.response();
    const b = resp ? await resp.body() : Buffer.alloc(0);
    bytes[kind] += b.length;
    if (kind === 'index') { bytes.gzip += zlib.gzipSync(b).length; bytes.files += 1; }
  })()));
  const result = await body(page);
  await page.waitForTimeout(50);
  await Promise.all(pending);
  await context.close();
  return { ...result, bytes };
}

function gongkai(q) {
  return measured((p) => p.startsWith('/search/index/') ? 'index' : /^\/assets\/js\/(search|tokens)\.([0-9a-f]+\.)?js$/.test(p) ? 'code' : null, async (page) => {
    await page.goto(`${base}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForSelector('#search-results[data-state="done"]', { state: 'attached', timeout: 30000 });
    const urls = await page.$$eval('#search-list a[href]', (as) => as.map((a) => a.getAttribute('href')));
    const rank = Number(await page.getAttribute('#search-results', 'data-ms'));
    const total = Number(await page.getAttribute('#search-results', 'data-count'));
    const ms = Number(await page.getAttribute('#search-results', 'data-total-ms'));
    return { urls, rank, ms, total };
  });
}

function pagefind(q) {
  return measured((p) => !p.startsWith('/pagefind/') ? null
    : (p.endsWith('.js') || /\/wasm\.[^/]*\.pagefind$/.test(p)) ? 'code' : 'index', async (page) => {
    await page.goto(`${base}/__bench/pagefind.html`);
    await page.waitForFunction(() => window.harnessReady === true);
    const r = await page.evaluate((q) => window.runQuery(q), q);
    return { urls: r.urls, ms: r.ms, rank: null, total: r.total };
  });
}

// Share of the expected entries in the top ten (null for queries without expectations,
// which are measured for bytes and time only).
const recall = (urls, expected) => expected.length === 0 ? null
  : expected.filter((u) => urls.slice(0, 10).includes(u)).length / Math.min(expected.length, 10);
const fmt = (x) => x === null ? '–' : x.toFixed(2);

const rows = [];
for (const [i, q] of queries.entries()) {
  // Alternate which engine goes first, so neither always meets a cold server.
  const order = i % 2 ? ['pagefind', 'gongkai'] : ['gongkai', 'pagefind'];
  const r = {};
  for (const e of order) r[e] = await (e === 'gongkai' ? gongkai(q.q) : pagefind(q.q));
  rows.push({ ...q, gongkai: { ...r.gongkai, recall: recall(r.gongkai.urls, q.expected) },
    pagefind: { ...r.pagefind, recall: recall(r.pagefind.urls, q.expected) } });
  process.stderr.write(`${i + 1}/${queries.length} ${q.q}: gongkai ${fmt(rows.at(-1).gongkai.recall)} pagefind ${fmt(rows.at(-1).pagefind.recall)}\n`);
}
await browser.close();
server.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mean = (xs) => { const v = xs.filter((x) => x !== null); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null; };
const kb = (b) => (b / 1024).toFixed(0);

console.log('| queries | n | gongkai recall@10 | Pagefind recall@10 | gongkai index KB/query (median, max) | Pagefind index KB/query (median, max) |');
console.log('|---|---:|---:|---:|---:|---:|');
const groups = [...new Set(rows.map((r) => r.category))].map((c) => [c, rows.filter((r) => r.category === c)]);
for (const [name, rs] of [...groups, ['all', rows]]) {
  const g = rs.map((r) => r.gongkai), p = rs.map((r) => r.pagefind);
  console.log(`| ${name} | ${rs.length} | ${fmt(mean(g.map((x) => x.recall)))} | ${fmt(mean(p.map((x) => x.recall)))} | ` +
    `${kb(median(g.map((x) => x.bytes.index)))} (${kb(Math.max(...g.map((x) => x.bytes.index)))}) | ` +
    `${kb(median(p.map((x) => x.bytes.index)))} (${kb(Math.max(...p.map((x) => x.bytes.index)))}) |`);
}
const g = rows.map((r) => r.gongkai), p = rows.map((r) => r.pagefind);
console.log('');
console.log(`gongkai: index gzip median ${kb(median(g.map((x) => x.bytes.gzip)))} KB, files median ${median(g.map((x) => x.bytes.files))}, ` +
  `code ${kb(median(g.map((x) => x.bytes.code)))} KB, ranking median ${median(g.map((x) => x.rank)).toFixed(1)} ms (max ${Math.max(...g.map((x) => x.rank)).toFixed(1)}), ` +
  `query to rendered top 10 median ${median(g.map((x) => x.ms)).toFixed(0)} ms`);
console.log(`Pagefind: index files median ${median(p.map((x) => x.bytes.files))}, code ${kb(median(p.map((x) => x.bytes.code)))} KB, ` +
  `search + top-10 data median ${median(p.map((x) => x.ms)).toFixed(0)} ms`);
console.log('');
console.log('| query | kind | expected | gongkai recall | Pagefind recall | gongkai KB | Pagefind KB | gongkai results | Pagefind results |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.q} | ${r.category} | ${r.expected.length} | ${fmt(r.gongkai.recall)} | ${fmt(r.pagefind.recall)} | ` +
    `${kb(r.gongkai.bytes.index)} | ${kb(r.pagefind.bytes.index)} | ${r.gongkai.total} | ${r.pagefind.total} |`);
}
if (outFile) fs.writeFileSync(outFile, JSON.stringify(rows, null, 1));
