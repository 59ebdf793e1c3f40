// The search page in headless Chromium: type queries, check the result links.
//
//   cargo run --release -- build --now 2026-11-26
//   node tests/browser/search.spec.mjs public [base url]
//
// Needs only `playwright-core` (the repo's node_modules, or NODE_PATH=/some/node_modules) and
// /usr/bin/chromium (or $CHROMIUM). Uses the base URL of argv[3] when tests/browser/run.mjs
// passes one; otherwise serves the built portal of argv[2] on 127.0.0.1 itself. Exits
// non-zero when a check fails; the last line is `search: N passed, N failed`.
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const root = path.resolve(process.argv[2] || 'public');
if (!fs.existsSync(path.join(root, 'search', 'index', 'meta.json'))) {
  console.error(`${root}: no search index; build the portal first`);
  process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.bin': 'application/octet-stream',
  '.xml': 'application/xml', '.csv': 'text/csv', '.pdf': 'application/pdf',
};

function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404, { 'content-type': TYPES['.html'] }).end(fs.readFileSync(path.join(dir, '404.html'))); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const failures = [];
let passed = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passed += 1;
  else failures.push(what);
}

const server = process.argv[3] ? null : await serve(root);
const base = server ? `http://127.0.0.1:${server.address().port}` : process.argv[3].replace(/\/+$/, '');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-search-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

async function done() {
  await page.waitForSelector('#search-results[data-state="done"]', { state: 'attached', timeout: 10000 });
}

// Type a query into the page's own search box, as a citizen would.
async function type(q) {
  await page.fill('#search-q', q);
  await page.press('#search-q', 'Enter');
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, q);
  await done();
}

async function links() {
  return page.$$eval('main #search-list a[href]', (as) => as.map((a) => a.getAttribute('href')));
}

try {
  await page.goto(`${base}/search/`);
  await page.waitForSelector('#search-results[data-state="idle"]', { state: 'attached' });

  await type('云政发[2025]3号');
  let l = await links();
  check(l[0] === '/documents/yunzhengfa-2025-3/', `文号 typed with [] finds its document first (${l[0]})`);
  const status = await page.textContent('#search-status');
  check(/找到 \d+ 条/.test(status), `the live region announces the count (${status})`);
  const liveAttr = await page.getAttribute('#search-status', 'aria-live');
  check(liveAttr === 'polite', 'the status is aria-live polite');

  await type('云政发（２０２５）第3号');
  l = await links();
  check(l[0] === '/documents/yunzhengfa-2025-3/', '文号 with full-width digits, （） and 第 finds it too');

  await type('饮用水水源');
  l = await links();
  check(l[0] === '/documents/yunzhengtong-2025-2/', `a title substring finds its document first (${l[0]})`);
  const marks = await page.$$eval('main #search-list li:first-child mark', (ms) => ms.map((m) => m.textContent));
  check(marks.includes('饮用水水源'), `the match is highlighted with <mark> (${marks})`);

  await type('食品经营许可');
  l = await links();
  check(l[0] === '/approvals/yz-xk-0001/', `an approval item's name finds it first (${l[0]})`);

  await type('预售许可');
  l = await links();
  check(l[0] === '/approvals/yz-xk-0202/', `part of an approval item's name finds it (${l[0]})`);

  await type('燃气管道老化更新改造');
  l = await links();
  check(l.includes('/documents/changwu-jiyao-2024-24/'), `a phrase from a body finds its document (${l.slice(0, 3)})`);

  for (const [q, url] of [['城市体检常态化', '/documents/chengshi-tijian-changtaihua/'],
    ['污水排入排水管网', '/approvals/yz-xk-0205/'], ['公共数据授权运营', '/documents/gonggong-shuju-shouquan-yunying/']]) {
    await type(q);
    l = await links();
    check(!l.includes(url), `a withheld entry is never a result (${q})`);
  }

  await type('YZ-XK-0203');
  l = await links();
  check(l[0] === '/approvals/yz-xk-0203/', `a 事项编码 finds its item (${l[0]})`);

  // Traditional characters fold to simplified (fold.json), on the query as on the index.
  await type('飲用水水源');
  l = await links();
  check(l[0] === '/documents/yunzhengtong-2025-2/', `a traditional query finds the simplified title (${l[0]})`);
  const tradMarks = await page.$$eval('main #search-list li:first-child mark', (ms) => ms.map((m) => m.textContent));
  check(tradMarks.includes('饮用水水源'), `and highlights it (${tradMarks})`);

  // site.yaml's search.synonyms: 失业金 also finds 失业保险金.
  await type('失业金');
  l = await links();
  check(l.includes('/approvals/yz-gf-0401/'), `a synonym finds the entry that uses the other word (${l.slice(0, 3)})`);

  // Series names are terms: 督查通报 finds the supervision bulletins.
  await type('督查通报');
  l = await links();
  check(l.length > 0 && l.every((u) => u.startsWith('/bulletins/ducha-')), `a series name finds its bulletins (${l.slice(0, 3)})`);

  // An entry whose whole title is the query comes first, before newer entries whose titles
  // contain it (the 政策解读 of the same 意见, the issues of the 政务信息 journal).
  for (const [q, url] of [['云州市人民政府关于进一步优化营商环境激发市场活力的意见', '/documents/yunzhengfa-2025-3/'],
    ['政务信息', '/journals/zhengwu-xinxi/'], ['《云州市人民政府关于进一步优化营商环境激发市场活力的意见》', '/documents/yunzhengfa-2025-3/']]) {
    await type(q);
    l = await links();
    check(l[0] === url, `a query equal to a whole title ranks that entry first (${q}: ${l.slice(0, 2)})`);
  }

  // 文号 after other words: the issuer's suffixes are looked up too.
  for (const q of ['根据云政办发〔2026〕8号', '关于…云政办发〔2026〕8号', '关于印发云州市2026年政务公开工作要点的通知云政办发〔2026〕8号']) {
    await type(q);
    l = await links();
    check(l[0] === '/documents/yunzhengbanfa-2026-8/', `a 文号 with leading words finds its document first (${q}: ${l[0]})`);
  }

  // The snippet is the passage of the body that matched, highlighted.
  await type('燃气管道老化更新改造');
  const snip = await page.$$eval('main #search-list li', (lis) => lis.map((li) => {
    const p = li.querySelector('.search-snippet');
    return { href: li.querySelector('a').getAttribute('href'), from: p && p.getAttribute('data-from'), text: p && p.textContent,
      marks: p ? [...p.querySelectorAll('mark')].map((m) => m.textContent) : [] };
  }));
  const jiyao = snip.find((x) => x.href === '/documents/changwu-jiyao-2024-24/');
  check(jiyao && jiyao.from === 'body' && jiyao.marks.includes('燃气管道老化更新改造'),
    `the snippet shows the matched passage of the body with <mark> (${jiyao && jiyao.text})`);
  check(jiyao && jiyao.text.length <= 115, `and only a passage of it (${jiyao && jiyao.text.length} characters)`);

  await type('营商环境');
  l = await links();
  check(l.length === 10, `a common phrase shows a first page of ten results (${l.length})`);
  const kinds = await page.$$eval('#search-filters select[name=kind] option', (os) => os.map((o) => o.value));
  check(kinds.includes('document'), 'the kind filter offers the kinds of the results');
  await page.selectOption('#search-filters select[name=kind]', 'document');
  await done();
  const badges = await page.$$eval('main #search-list .badge:not(.validity-badge)', (bs) => bs.map((b) => b.textContent));
  check(badges.length > 0 && badges.every((b) => b === '政府文件'), `filtering by kind keeps only documents (${[...new Set(badges)]})`);
  check(new URL(page.url()).searchParams.get('kind') === 'document', 'the filter is in the URL');
  // 政策解读 is a kind of its own.
  await page.selectOption('#search-filters select[name=kind]', 'interpretation');
  await done();
  const jiedu = await page.$$eval('main #search-list .badge:not(.validity-badge)', (bs) => bs.map((b) => b.textContent));
  check(jiedu.length > 0 && jiedu.every((b) => b === '政策解读'), `政策解读 is its own kind in the filter (${[...new Set(jiedu)]})`);
  check((await links()).includes('/documents/jiedu-yunzhengfa-2025-3/'), 'and finds the interpretation');
  await page.selectOption('#search-filters select[name=kind]', 'document');
  await done();
  const years = await page.$$eval('#search-filters select[name=year] option', (os) => os.map((o) => o.value).filter(Boolean));
  check(years.length > 0 && years.every((y) => /^\d{4}$/.test(y)), `the year filter lists years (${years})`);
  const labelled = await page.$$eval('#search-filters select', (ss) => ss.every((s) => s.closest('label')));
  check(labelled, 'every filter is a labelled form control');

  await type('qqzzxxnothing');
  l = await links();
  check(l.length === 0, 'a query with no match shows no results');
  const empty = await page.$eval('#search-empty', (e) => !e.hidden && [...e.querySelectorAll('a')].map((a) => a.getAttribute('href')));
  check(empty && empty.includes('/catalog/') && empty.includes('/approvals/'), 'no results suggests the catalogue and the approvals index');

  await page.goBack();
  await done();
  const back = new URL(page.url()).searchParams;
  check(back.get('q') === '营商环境' && back.get('kind') === 'document', `the back button returns to the previous query and filter (${back})`);
  check(await page.inputValue('#search-q') === '营商环境', 'and puts it back into the search box');
  const kindAfterBack = await page.$eval('#search-filters select[name=kind]', (s) => s.value);
  check(kindAfterBack === 'document', 'and restores the filter');

  await page.goto(`${base}/search/?q=${encodeURIComponent('燃气')}`);
  await done();
  l = await links();
  check(l.includes('/approvals/yz-xk-0203/'), 'a shared /search/?q= URL runs its query on load');

  await type('政府信息公开工作考核办法');
  l = await links();
  const repealedAt = l.indexOf('/documents/yunzhengbanfa-2024-5/');
  check(repealedAt >= 0, `the repealed 考核办法 is found (${l.slice(0, 3)})`);
  const validityBadges = await page.$$eval('main #search-list li', (lis) =>
    lis.map((li) => (li.querySelector('.validity-badge') || {}).textContent || ''));
  check(validityBadges[repealedAt] === '废止', `a repealed document says 废止 in the results (${validityBadges[repealedAt]})`);
  const validities = await page.$$eval('#search-filters select[name=validity] option', (os) => os.map((o) => o.value).filter(Boolean));
  check(validities.includes('repealed') && validities.includes('effective'), `the 有效性 filter offers the results' values (${validities})`);
  await page.selectOption('#search-filters select[name=validity]', 'effective');
  await done();
  l = await links();
  check(l.length > 0 && !l.includes('/documents/yunzhengbanfa-2024-5/'), 'filtering by 有效 leaves the repealed one out');
  check(new URL(page.url()).searchParams.get('validity') === 'effective', 'the 有效性 filter is in the URL');

  const ms = Number(await page.getAttribute('#search-results', 'data-ms'));
  check(ms < 100, `ranking took ${ms} ms after the shards arrived`);

  const noscript = await page.$eval('main noscript', (n) => n.textContent);
  check(noscript.includes('/catalog/'), 'without JavaScript the page links the catalogue');

  check(problems.length === 0, `no page or CSP errors ${problems.join('; ')}`);
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.error(e);
} finally {
  await context.close();
  if (server) server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

console.log(`search: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
