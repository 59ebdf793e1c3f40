// Edit → visible in the browser: end-to-end latency of `gongkai serve` in headless Chromium.
//
//   node bench/serve_browser.mjs --site /dev/shm/corpus-10k/gongkai [--bin target/release/gongkai]
//        [--reps 12] [--pause 1000] [--keep]
//
// Copies the site to a scratch folder (the corpus is never modified), adds a stylesheet override
// (static/assets/css/style.css, the built-in one), starts `gongkai serve` on a free port and
// opens two tabs: the newest document's page and the document list (/documents/), which shows
// its title. Then, --reps times each, with --pause ms between edits so the server is idle:
//
//   body   a paragraph appended to the document's body   → measured in the document tab
//   title  its front-matter title changed                 → in the list tab and the document tab
//   css    a custom property appended to the stylesheet   → in the document tab (computed style)
//
// Each measurement runs from just before the file is written to the moment the page's DOM holds
// the new text (a MutationObserver in the page; for the stylesheet, the computed value, checked
// every animation frame). A tab that reloads instead of updating in place is counted and timed
// after its load. Prints median, p90, min and max per edit and tab, when the first change event
// reached the page (from the write: the watcher's debounce, the server's update, the event's
// delivery; the rest of the figure is the page's fetch and patch), the server's own lines, and
// whether any tab reloaded. Needs playwright-core (npm) and /usr/bin/chromium (or CHROMIUM=).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SITE = opt('site', '/dev/shm/corpus-10k/gongkai');
const BIN = path.resolve(opt('bin', path.join(REPO, 'target/release/gongkai')));
const REPS = Number(opt('reps', 12));
const PAUSE = Number(opt('pause', 1000));
const KEEP = args.includes('--keep');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
const now = () => performance.timeOrigin + performance.now();

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, median: q(0.5), p90: q(0.9), min: s[0], max: s[s.length - 1] };
}

// --- the scratch site -------------------------------------------------------------------------
const scratch = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'gk-serve-bench-'));
const root = path.join(scratch, 'site');
fs.cpSync(SITE, root, { recursive: true });
const css = path.join(root, 'static/assets/css/style.css');
fs.mkdirSync(path.dirname(css), { recursive: true });
fs.copyFileSync(path.join(REPO, 'themes/default/static/css/style.css'), css);

// --- the server -------------------------------------------------------------------------------
const port = await freePort();
const server = spawn(BIN, ['serve', '--root', root, '--port', String(port)], {
  env: { ...process.env, GONGKAI_TIMINGS: '1', GONGKAI_LANG: 'en' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
process.on('exit', () => server.kill('SIGINT'));
const log = [];
let ready;
const up = new Promise((r) => { ready = r; });
for (const stream of [server.stdout, server.stderr]) {
  let buf = '';
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (/^(serving|rebuilt|updated|rebuild failed)/.test(line)) log.push(`${now().toFixed(0)} ${line}`);
      if (line.startsWith('serving ')) ready();
    }
  });
}
const started = now();
await Promise.race([up, sleep(180000).then(() => { throw new Error('the server did not start'); })]);
const firstBuild = now() - started;
const base = `http://127.0.0.1:${port}/`;

// --- the browser ------------------------------------------------------------------------------
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const list = await context.newPage();
await list.goto(`${base}documents/`);
const href = await list.$$eval('main a[href*="/documents/"]', (as) => as.map((a) => a.getAttribute('href')).find((h) => /\/documents\/[^/]+\/$/.test(h) && !/\/page\//.test(h)));
const docUrl = new URL(href, base).href;
const slug = new URL(docUrl).pathname.replace(/^\/documents\//, '').replace(/\/$/, '');
const file = path.join(root, 'content/documents', `${slug}.md`);
if (!fs.existsSync(file)) throw new Error(`no file for ${docUrl} (${file})`);
const doc = await context.newPage();
await doc.goto(docUrl);
// Both tabs stay "visible" to the page's timers in headless mode.

/** In the page: resolve with the time the DOM first contains `marker`. */
function waitForText(page, marker) {
  return page.evaluate((m) => new Promise((resolve) => {
    const has = () => document.body && document.body.textContent.includes(m);
    const at = () => performance.timeOrigin + performance.now();
    if (has()) return resolve(at());
    const mo = new MutationObserver(() => { if (has()) { mo.disconnect(); resolve(at()); } });
    mo.observe(document, { subtree: true, childList: true, characterData: true });
  }), marker);
}

/** In the page: resolve with the time the root element's `--gk-bench` is `value`. */
function waitForStyle(page, value) {
  return page.evaluate((v) => new Promise((resolve) => {
    const tick = () => {
      if (getComputedStyle(document.documentElement).getPropertyValue('--gk-bench').trim() === v) {
        resolve(performance.timeOrigin + performance.now());
      } else requestAnimationFrame(tick);
    };
    tick();
  }), value);
}

/** Time from `t0` until `wait(page)` resolves; a reload of the tab is caught and timed too. */
async function measure(page, wait, t0) {
  let reloaded = false;
  const onNav = () => { reloaded = true; };
  page.on('framenavigated', onNav);
  let t;
  try {
    t = await wait(page);
  } catch (e) {
    if (!reloaded) throw e;
    await page.waitForLoadState('load');
    t = await wait(page);
  }
  page.off('framenavigated', onNav);
  return { ms: t - t0, reloaded };
}

const original = fs.readFileSync(file, 'utf8');
const titleLine = original.split('\n').find((l) => l.startsWith('title: '));
const results = {};
const add = (name, r) => { (results[name] ||= []).push(r); };

/** In the page: resolve with the time the next change event arrives (a connection of its own). */
function waitForEvent(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const es = new EventSource('/__gongkai/events');
    es.onmessage = () => { es.close(); resolve(performance.timeOrigin + performance.now()); };
  }));
}

const events = {};
async function edit(name, change, waits) {
  // Arm the observers before the write, then write and wait.
  const pending = waits.map(([tab, page, wait]) => ({ tab, p: measure(page, wait, 0) }));
  const event = waitForEvent(waits[0][1]);
  await sleep(50); // the observers are in place
  const t0 = now();
  change();
  for (const { tab, p } of pending) {
    const r = await p;
    add(`${name} → ${tab}`, { ms: r.ms - t0, reloaded: r.reloaded });
  }
  (events[name] ||= []).push((await event) - t0);
}

for (let i = 0; i < REPS; i++) {
  const body = `BENCHBODY${i}X`;
  await edit('body edit', () => fs.appendFileSync(file, `\n${body}\n`), [['document page', doc, (p) => waitForText(p, body)]]);
  await sleep(PAUSE);
  const title = `BENCHTITLE${i}X`;
  await edit('title edit', () => {
    const t = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, t.replace(/^title: .*$/m, `${titleLine} ${title}`));
  }, [['list page', list, (p) => waitForText(p, title)], ['document page', doc, (p) => waitForText(p, title)]]);
  await sleep(PAUSE);
  const v = `${i + 1}`;
  await edit('css edit', () => fs.appendFileSync(css, `\n:root{--gk-bench:${v}}\n`), [['document page', doc, (p) => waitForStyle(p, v)]]);
  await sleep(PAUSE);
}

await context.close();
server.kill('SIGINT');
await sleep(300);
if (!KEEP) fs.rmSync(scratch, { recursive: true, force: true });
fs.rmSync(profile, { recursive: true, force: true });

console.log(`gongkai serve, ${SITE} (${REPS} edits each, ${PAUSE} ms apart); first build ${(firstBuild / 1000).toFixed(1)} s`);
console.log(`document ${docUrl}`);
console.log('');
console.log('| edit → tab | median | p90 | min | max | reloads |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, rs] of Object.entries(results)) {
  const s = stats(rs.map((r) => r.ms));
  const reloads = rs.filter((r) => r.reloaded).length;
  console.log(`| ${name} | ${s.median.toFixed(0)} ms | ${s.p90.toFixed(0)} ms | ${s.min.toFixed(0)} | ${s.max.toFixed(0)} | ${reloads} of ${s.n} |`);
}
console.log('');
console.log('| edit | first change event in the page: median | p90 |');
console.log('|---|---:|---:|');
for (const [name, xs] of Object.entries(events)) {
  const s = stats(xs);
  console.log(`| ${name} | ${s.median.toFixed(0)} ms | ${s.p90.toFixed(0)} ms |`);
}
console.log('');
console.log('server:');
for (const l of log.slice(-12)) console.log(`  ${l}`);
