// Shared helpers of the browser checks: a Chromium launcher (Debian's /usr/bin/chromium through
// playwright-core), the list of page kinds of the bundled portal, and a tiny test harness that
// ends with the line `<name>: N passed, N failed`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve } from './serve.mjs';

const require = createRequire(import.meta.url);
export const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A fresh browser profile (persistent context, as Playwright refuses --user-data-dir). */
export async function launch(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...options,
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { context, close };
}

/** `node x.spec.mjs <public> [baseURL]`: the public folder, and the served URL (served here when absent). */
export async function target() {
  const publicDir = process.argv[2];
  if (!publicDir || !fs.existsSync(path.join(publicDir, 'index.html'))) {
    console.error(`usage: node ${path.basename(process.argv[1])} <public dir> [base url]`);
    process.exit(2);
  }
  let base = process.argv[3];
  let stop = async () => {};
  if (!base) {
    const s = await serve(publicDir);
    base = s.url;
    stop = s.close;
  }
  if (!base.endsWith('/')) base += '/';
  return { publicDir: path.resolve(publicDir), base, stop, url: (p) => new URL(p.replace(/^\//, ''), base).href };
}

function exists(dir, p) {
  return fs.existsSync(path.join(dir, p, 'index.html'));
}

function firstDir(dir, under, pred = () => true) {
  const d = path.join(dir, under);
  if (!fs.existsSync(d)) return null;
  const names = fs
    .readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'page' && fs.existsSync(path.join(d, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
  const hit = names.find((n) => pred(fs.readFileSync(path.join(d, n, 'index.html'), 'utf8'), n));
  return hit ? `/${under}/${hit}/` : null;
}

/**
 * Every kind of page of the portal, found in the output (so the list follows the content):
 * [{ kind, path }]. Kinds that the output lacks are left out and reported by `missing`.
 */
export function pageKinds(dir) {
  const kinds = [];
  const add = (kind, p) => {
    if (p && (p.includes('?') || p.startsWith('/no-such') || exists(dir, p))) kinds.push({ kind, path: p });
  };
  add('home', '/');
  add('document list', '/documents/');
  add('document list page 2', '/documents/page/2/');
  add('document, repealed (validity banner)', '/documents/yunzhengbanfa-2024-5/');
  add('document with attachments', firstDir(dir, 'documents', (h) => /id=att-title/.test(h)));
  add('policy interpretation', firstDir(dir, 'documents', (h) => /class=related-note/.test(h)));
  add('catalogue', '/catalog/');
  add('bulletins index', '/bulletins/');
  add('bulletin series', '/bulletins/statistics/');
  add('bulletin with chart', firstDir(dir, 'bulletins', (h, n) => /<svg[^>]*class="?chart/.test(h) && /jingji|statistics/.test(n)) || firstDir(dir, 'bulletins', (h) => /<svg/.test(h)));
  add('bulletin without table', firstDir(dir, 'bulletins', (h) => !/<svg/.test(h)));
  add('approvals catalogue', '/approvals/');
  add('approval item', firstDir(dir, 'approvals', (h) => /class="?timeline/.test(h) && !/status-banner/.test(h)));
  add('approval item, cancelled', firstDir(dir, 'approvals', (h) => /status-banner status-cancelled/.test(h)));
  add('approval changes log', '/approvals/changes/');
  add('deadline calculator', '/tools/deadline/');
  add('journals', '/journals/');
  const journal = firstDir(dir, 'journals');
  add('journal', journal);
  if (journal) add('journal issue', firstDir(dir, journal.slice(1, -1)));
  add('tasks', '/tasks/');
  add('tasks, overdue filter', '/tasks/status/overdue/');
  add('task', firstDir(dir, 'tasks', (h, n) => n !== 'status' && n !== 'lead' && /class="?progress-timeline/.test(h)));
  add('statistics', '/statistics/');
  add('free page', '/guide/');
  add('accessibility statement', '/accessibility/');
  add('departments', '/departments/');
  add('department', firstDir(dir, 'departments'));
  add('topics', '/topics/');
  add('topic', firstDir(dir, 'topics'));
  add('years', '/years/');
  add('year', firstDir(dir, 'years'));
  add('site map', '/sitemap/');
  add('search', '/search/');
  add('search with query', '/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83');
  add('404', '/no-such-page/');
  return kinds;
}

/** Every HTML page of the output as a URL path (`/x/` for `x/index.html`). */
export function allPages(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith('.html')) out.push(e.name === 'index.html' ? `/${rel}` : `/${rel}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** A minimal harness: `t.test(name, fn)`, then `t.done()` prints `name: N passed, N failed` and exits. */
export function harness(name) {
  let passed = 0;
  let failed = 0;
  const t = {
    async test(title, fn) {
      const start = Date.now();
      try {
        await fn();
        passed++;
        console.log(`ok - ${title} (${Date.now() - start} ms)`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${title}`);
        console.log(String(e && e.stack ? e.stack : e).split('\n').map((l) => `    ${l}`).join('\n'));
      }
    },
    done() {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    },
    get failed() {
      return failed;
    },
  };
  return t;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Collect CSP violations, page errors and console errors of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 404/.test(m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return errors;
}
