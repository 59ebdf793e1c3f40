// The live preview in Chromium: `gongkai serve` on a copy of the bundled portal, edits saved
// while pages are open. A changed page is patched in place (no reload: focus, typed text,
// scroll position and what the page's own scripts changed survive); a page the edit does not
// touch does nothing; a stylesheet edit is swapped without a reload; a withdrawn document
// disappears from the list; a broken save shows the errors and the next good save recovers.
//   node tests/browser/live.spec.mjs [<public dir> [base url]]   (both ignored: it runs its own server)
// The binary: $GONGKAI_BIN, else target/release/gongkai, else target/debug/gongkai.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch, harness, assert, watchErrors } from './lib.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin =
  process.env.GONGKAI_BIN ||
  ['target/release/gongkai', 'target/debug/gongkai'].map((p) => path.join(repo, p)).find((p) => fs.existsSync(p));
const t = harness('live');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-live-'));
const root = path.join(tmp, 'site');
fs.cpSync(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
for (const f of ['site.yaml', 'index-numbers.lock']) fs.copyFileSync(path.join(repo, f), path.join(root, f));
const css = path.join(root, 'static/assets/css/style.css');
fs.mkdirSync(path.dirname(css), { recursive: true });
fs.copyFileSync(path.join(repo, 'themes/default/static/css/style.css'), css);

const port = await new Promise((res) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
const server = spawn(bin, ['serve', '--root', root, '--port', String(port)], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, GONGKAI_LANG: 'en' },
});
process.on('exit', () => server.kill('SIGINT')); // also when a step throws
let out = '';
server.stdout.on('data', (d) => { out += d; });
server.stderr.on('data', (d) => { out += d; });
for (let i = 0; i < 600 && !out.includes('serving '); i++) await sleep(100);
const base = `http://127.0.0.1:${port}/`;
const { context, close } = await launch();

const doc = 'documents/yunhuan-2026-40'; // the newest document: first on /documents/
const file = path.join(root, `content/${doc}.md`);
const edit = (f) => fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
const retitle = (title) => edit((s) => s.replace(/^title: .*$/m, `title: ${title}`));

/** Open a page and mark it: the mark is lost if the page reloads. */
async function open(p) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(base + p);
  await page.evaluate(() => { window.__mark = 'kept'; window.__mutations = 0;
    new MutationObserver((m) => { window.__mutations += m.length; }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true }); });
  return { page, errors };
}
const waitText = (page, text, ms = 15000) =>
  page.waitForFunction((x) => document.body && document.body.textContent.includes(x), text, { timeout: ms });

await t.test('the server is up', async () => {
  assert(bin && fs.existsSync(bin), 'no gongkai binary (set GONGKAI_BIN or build it)');
  assert(out.includes('serving '), `the server did not start:\n${out}`);
});

const { page: docPage, errors } = await open(`${doc}/`);
const { page: listPage } = await open('documents/');
const { page: other } = await open('approvals/');

await t.test('a title edit patches the document page in place', async () => {
  await docPage.focus('#header-q');
  await docPage.keyboard.type('就业');
  await docPage.evaluate(() => { document.documentElement.classList.add('care'); window.scrollTo(0, 300); });
  await sleep(300); // the script has fetched its base version
  retitle('秋冬季大气污染防治通知（修订稿）');
  await waitText(docPage, '秋冬季大气污染防治通知（修订稿）');
  const s = await docPage.evaluate(() => ({
    mark: window.__mark, focus: document.activeElement && document.activeElement.id,
    value: document.getElementById('header-q').value, y: window.scrollY, title: document.title,
    h1: document.querySelector('main h1') && document.querySelector('main h1').textContent,
    care: document.documentElement.classList.contains('care'),
  }));
  assert(s.mark === 'kept', 'the page reloaded');
  assert(s.focus === 'header-q' && s.value === '就业', `focus or typed text lost: ${JSON.stringify(s)}`);
  assert(s.y === 300, `scroll position moved to ${s.y}`);
  assert(s.care, 'a class set by the page script was removed');
  assert(s.title.includes('修订稿') && s.h1.includes('修订稿'), `title or heading not updated: ${JSON.stringify(s)}`);
});

await t.test('the list showing the title is patched in place', async () => {
  await waitText(listPage, '秋冬季大气污染防治通知（修订稿）');
  assert(await listPage.evaluate(() => window.__mark) === 'kept', 'the list reloaded');
});

await t.test('a page the edit does not touch does nothing', async () => {
  await sleep(500);
  const s = await other.evaluate(() => ({ mark: window.__mark, n: window.__mutations }));
  assert(s.mark === 'kept' && s.n === 0, `the approvals index changed: ${JSON.stringify(s)}`);
});

await t.test('a body edit shows the new paragraph in place', async () => {
  edit((s) => `${s}\n实时预览追加的段落。\n`);
  await waitText(docPage, '实时预览追加的段落。');
  assert(await docPage.evaluate(() => window.__mark) === 'kept', 'the page reloaded');
});

await t.test('a stylesheet edit is swapped without a reload', async () => {
  fs.appendFileSync(css, '\n:root{--live-check:42}\n');
  await docPage.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--live-check').trim() === '42', null, { timeout: 15000 });
  const s = await docPage.evaluate(() => ({ mark: window.__mark, links: document.querySelectorAll('link[rel="stylesheet"]').length }));
  assert(s.mark === 'kept', 'the page reloaded');
  assert(s.links === 2, `stylesheets left behind: ${s.links}`);
});

await t.test('a withdrawn document disappears from the list', async () => {
  edit((s) => s.replace('status: approved', 'status: withdrawn'));
  await listPage.waitForFunction(() => !document.body.textContent.includes('秋冬季大气污染防治通知（修订稿）'), null, { timeout: 15000 });
  await docPage.waitForFunction(() => document.title.includes('404') || document.body.textContent.includes('页面未找到'), null, { timeout: 15000 });
});

await t.test('a broken save shows the errors, the next good one recovers', async () => {
  edit((s) => s.replace('status: withdrawn', 'status: approved').replace(/^date: .*$/m, 'date: 2025-02-30'));
  await listPage.waitForFunction(() => !!document.querySelector('.build-errors'), null, { timeout: 15000 });
  edit((s) => s.replace('date: 2025-02-30', 'date: 2026-11-06'));
  await waitText(listPage, '秋冬季大气污染防治通知（修订稿）');
});

await t.test('no script errors', async () => {
  const real = errors.filter((e) => !/status of (404|500)/.test(e)); // the 404 and error pages
  assert(real.length === 0, real.join('\n'));
});

await close();
server.kill('SIGINT');
fs.rmSync(tmp, { recursive: true, force: true });
t.done();
