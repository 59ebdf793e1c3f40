// The portal as deployed: built with --base-url https://www.example.gov.cn/zwgk/ and
// `compress: true`, served by real nginx with deploy/nginx-gongkai.conf (.ci/run starts it).
//
//   node tests/browser/nginx.mjs <public dir> http://127.0.0.1:PORT/zwgk/
//
// Chromium visits every HTML page of the output under the prefix and records every request:
// none may leave /zwgk/, none may fail (4xx/5xx), apart from the deliberate 404 check. Then
// search and the due-date calculator are used, and the HTTP headers are checked (CSP matching
// the pages' meta policy, nosniff, Referrer-Policy, caching, precompressed responses).
// The last lines are the crawl figures and `nginx: N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { launch, harness, assert, allPages, watchErrors } from './lib.mjs';

const publicDir = path.resolve(process.argv[2] || '');
const base = process.argv[3];
if (!fs.existsSync(path.join(publicDir, 'index.html')) || !base || !/\/zwgk\/$/.test(base)) {
  console.error('usage: node tests/browser/nginx.mjs <public dir> http://127.0.0.1:PORT/zwgk/');
  process.exit(2);
}
const origin = new URL(base).origin;
const prefix = new URL(base).pathname;
const at = (p) => new URL(p.replace(/^\//, ''), base).href;
const t = harness('nginx');

const { context, close } = await launch();
const page = context.pages()[0] || (await context.newPage());
const requests = [];
const outside = [];
const failures = [];
let expect404 = null;
page.on('request', (r) => {
  requests.push(r.url());
  const u = new URL(r.url());
  if (u.protocol === 'data:') return;
  if (u.origin !== origin || !u.pathname.startsWith(prefix)) outside.push(`${r.url()} (from ${page.url()})`);
});
page.on('response', (r) => {
  if (r.status() >= 400 && r.url() !== expect404) failures.push(`${r.status()} ${r.url()} (from ${page.url()})`);
});
page.on('requestfailed', (r) => failures.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
const errors = watchErrors(page);

const pages = allPages(publicDir).filter((p) => p !== '/404.html');
await t.test(`every page under ${prefix} loads with all its resources (${pages.length} pages)`, async () => {
  for (const p of pages) {
    const r = await page.goto(at(p), { waitUntil: 'load' });
    assert(r && r.status() === 200, `${p}: HTTP ${r && r.status()}`);
    // Links found on the page that point at the site must stay under the prefix.
    const hrefs = await page.$$eval('a[href], link[href], form[action], [data-calendar], [data-index]', (els) =>
      els.map((e) => e.getAttribute('href') || e.getAttribute('action') || e.getAttribute('data-calendar') || e.getAttribute('data-index')));
    for (const h of hrefs) {
      const u = new URL(h, page.url());
      if (u.origin === origin && !u.pathname.startsWith(prefix)) outside.push(`${h} (link on ${p})`);
    }
  }
  assert(outside.length === 0, `${outside.length} request(s)/link(s) outside ${prefix}:\n${outside.slice(0, 20).join('\n')}`);
  assert(failures.length === 0, `${failures.length} failed request(s):\n${failures.slice(0, 20).join('\n')}`);
  assert(errors.length === 0, errors.join('\n'));
});

await t.test('a missing page answers 404 with the portal 404 page', async () => {
  expect404 = at('/no-such-page/');
  const r = await page.goto(expect404);
  assert(r.status() === 404, `status ${r.status()}`);
  assert(/页面未找到/.test(await page.title()), await page.title());
  const css = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert(css && !/Times/.test(css), `404 page unstyled: ${css}`);
});

await t.test('search finds documents and links under the prefix', async () => {
  await page.goto(at('/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83'));
  await page.waitForFunction(() => /找到 \d+ 条/.test(document.body.innerText), null, { timeout: 10000 });
  const links = await page.$$eval('#search-results a[href], .search-results a[href], main ol a[href]', (as) => as.map((a) => a.getAttribute('href')));
  assert(links.length > 0, 'no result links');
  assert(links.every((h) => h.startsWith(prefix)), links.filter((h) => !h.startsWith(prefix)).join(' '));
});

const approval = pages.find((p) => /^\/approvals\/[^/]+\/$/.test(p) && p !== '/approvals/changes/' &&
  /deadline-calc/.test(fs.readFileSync(path.join(publicDir, p, 'index.html'), 'utf8')));
await t.test(`the calculator computes, and marks estimates past the calendar (${approval})`, async () => {
  await page.goto(at(approval));
  await page.fill('#calc-start', '2026-03-02');
  await page.waitForFunction(() => [...document.querySelectorAll('.deadline-calc output')].every((o) => /^\d{4}-\d{2}-\d{2}（/.test(o.textContent)), null, { timeout: 5000 });
  // 2026-12-28 plus any limit runs into 2027, which the built-in calendar lacks.
  await page.fill('#calc-start', '2026-12-28');
  await page.waitForFunction(() => document.querySelector('.deadline-calc output.estimate'), null, { timeout: 5000 });
  const note = await page.locator('.estimate-note').first().textContent();
  assert(/未计入 2027 年节假日安排，仅供参考/.test(note), note);
  assert(/请致电确认：|请向办理机构咨询/.test(note), note);
  const out = await page.locator('.deadline-calc output.estimate').first().textContent();
  assert(/^估算/.test(out), `estimate not labelled: ${out}`);
  const border = await page.locator('.deadline-calc output.estimate').first().evaluate((e) => getComputedStyle(e).borderStyle);
  assert(border === 'dashed', `estimate style: ${border}`);
});

async function head(p, headers = {}) {
  const r = await fetch(at(p), { headers, redirect: 'manual' });
  await r.arrayBuffer();
  return r;
}

await t.test('headers: CSP as in the pages, nosniff, Referrer-Policy, caching, precompression', async () => {
  const html = fs.readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  const meta = /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)[1];
  const r = await head('/', { 'accept-encoding': 'gzip' });
  const csp = r.headers.get('content-security-policy') || '';
  assert(csp.startsWith(meta) && /frame-ancestors 'self'/.test(csp), `CSP header ${csp} vs meta ${meta}`);
  assert(r.headers.get('x-content-type-options') === 'nosniff', 'nosniff');
  assert(r.headers.get('referrer-policy') === 'strict-origin-when-cross-origin', 'Referrer-Policy');
  assert(r.headers.get('cache-control') === 'no-cache', `HTML cache: ${r.headers.get('cache-control')}`);
  assert(r.headers.get('content-encoding') === 'gzip', `precompressed HTML: ${r.headers.get('content-encoding')}`);
  const css = /href="?(\/zwgk\/assets\/css\/style\.[0-9a-f]{10}\.css)/.exec(html)[1];
  const a = await head(css.slice(prefix.length - 1), { 'accept-encoding': 'gzip' });
  assert(/max-age=31536000/.test(a.headers.get('cache-control')) && /immutable/.test(a.headers.get('cache-control')), `asset cache: ${a.headers.get('cache-control')}`);
  assert(a.headers.get('content-encoding') === 'gzip', 'precompressed CSS');
  const nf = await head('/no-such-page/');
  assert(nf.status === 404 && nf.headers.get('content-security-policy'), 'headers on the 404 page');
  const moved = await head('/documents');
  assert(moved.status === 301 && moved.headers.get('location') === `${prefix}documents/`, `redirect: ${moved.headers.get('location')}`);
  const csv = await head('/data/catalog.csv');
  assert(/^text\/csv; charset=utf-8/.test(csv.headers.get('content-type')), csv.headers.get('content-type'));
});

await close();
const inside = requests.filter((u) => u.startsWith(base)).length;
console.log(`nginx crawl: ${pages.length} pages, ${requests.length} requests (${inside} under ${prefix}), ${outside.length} outside the prefix, ${failures.length} failed (4xx/5xx)`);
t.done();
