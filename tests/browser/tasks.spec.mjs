// Key tasks (/tasks/, a task page, the overdue filter) and /statistics/ in Chromium: axe-core
// (WCAG 2.1 A/AA) at 1280 and 360 px, no page-level horizontal overflow at 360 px, states written
// in text (not colour alone), the progress timeline as an ordered list a screen reader reads with
// its percentages, filters that work with JavaScript off, tables before charts, and a CSV for
// every statistics table.
//   node tests/browser/tasks.spec.mjs <public dir> [base url]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launch, target, harness, assert } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const { publicDir, url, stop } = await target();
const t = harness('tasks');

// A task page with a progress timeline, preferring an overdue one.
function taskPage() {
  const dir = path.join(publicDir, 'tasks');
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => !['status', 'lead'].includes(n)).sort() : [];
  const pages = names
    .map((n) => ({ n, f: path.join(dir, n, 'index.html') }))
    .filter((p) => fs.existsSync(p.f))
    .map((p) => ({ path: `/tasks/${p.n}/`, html: fs.readFileSync(p.f, 'utf8') }))
    .filter((p) => /progress-timeline/.test(p.html));
  return (pages.find((p) => /task-overdue/.test(p.html)) || pages[0] || {}).path;
}

const task = taskPage();
const pages = ['/tasks/', '/tasks/status/overdue/', task, '/statistics/'].filter(Boolean);

const { context, close } = await launch({ bypassCSP: true });
const page = context.pages()[0] || (await context.newPage());

await t.test('the pages exist', async () => {
  assert(task, 'no task page with a progress timeline in the output');
  for (const p of pages) {
    const res = await page.goto(url(p));
    assert(res && res.status() === 200, `${p}: status ${res && res.status()}`);
  }
});

for (const width of [1280, 360]) {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
  for (const p of pages) {
    await t.test(`axe ${width}px: ${p}`, async () => {
      await page.goto(url(p), { waitUntil: 'load' });
      await page.addScriptTag({ path: AXE });
      const r = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        TAGS,
      );
      const lines = r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      assert(r.violations.length === 0, `${p}: ${lines.join('\n  ')}`);
    });
    if (width === 360) {
      await t.test(`no horizontal page overflow at 360 px: ${p}`, async () => {
        await page.goto(url(p));
        const r = await page.evaluate(() => ({
          sw: document.documentElement.scrollWidth,
          wide: [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap, .figure-scroll'))
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
        }));
        assert(r.sw <= 360 && r.wide.length === 0, `${p}: scrollWidth ${r.sw}, ${r.wide.join(', ')}`);
      });
    }
  }
}

await page.setViewportSize({ width: 1280, height: 900 });

await t.test('/tasks/: counts by status in text, overdue written out, groups by source and lead', async () => {
  await page.goto(url('/tasks/'));
  const r = await page.evaluate(() => ({
    stats: [...document.querySelectorAll('.task-stats dt')].map((e) => e.textContent.trim()),
    overdueBadges: [...document.querySelectorAll('.task-list .badge.task-overdue')].map((e) => e.textContent.trim()),
    sources: document.querySelectorAll('.task-source').length,
    leads: [...document.querySelectorAll('.task-leads tbody th a')].map((a) => a.getAttribute('href')),
  }));
  for (const label of ['任务总数', '推进中', '其中逾期', '已完成', '已暂缓']) assert(r.stats.includes(label), `no count “${label}”: ${r.stats}`);
  assert(r.overdueBadges.length > 0 && r.overdueBadges.every((s) => s === '逾期'), `overdue badges: ${r.overdueBadges}`);
  assert(r.sources >= 1, 'no group by source');
  assert(r.leads.length >= 1 && r.leads.every((h) => /\/tasks\/lead\/[^/]+\/$/.test(h)), `lead links: ${r.leads}`);
});

await t.test('filters work without JavaScript: status and lead pages are plain links', async () => {
  const { context: noJs, close: closeNoJs } = await launch({ javaScriptEnabled: false });
  try {
    const p = noJs.pages()[0] || (await noJs.newPage());
    await p.goto(url('/tasks/'));
    await p.click('.task-filters a[href$="/tasks/status/overdue/"]');
    await p.waitForURL(/\/tasks\/status\/overdue\/$/);
    const items = await p.$$eval('.task-list .task-item', (li) => li.map((e) => e.textContent));
    assert(items.length > 0 && items.every((s) => s.includes('逾期')), `overdue list: ${items.length} items`);
    const current = await p.$eval('.task-filters a[aria-current=page]', (a) => a.textContent);
    assert(current.includes('逾期'), `current filter: ${current}`);
    await p.goto(url('/tasks/'));
    const lead = await p.$eval('.task-leads tbody th a', (a) => a.getAttribute('href'));
    await p.goto(url(lead));
    assert((await p.$$('.task-list .task-item')).length > 0, `${lead}: no tasks`);
  } finally {
    await closeNoJs();
  }
});

await t.test('a task page: progress as an ordered list with percentages, lead, partners, source linked', async () => {
  await page.goto(url(task));
  const r = await page.evaluate(() => {
    const ol = document.querySelector('ol.progress-timeline');
    const facts = Object.fromEntries(
      [...document.querySelectorAll('.task-facts div')].map((d) => [d.querySelector('dt').textContent.trim(), d.querySelector('dd')]),
    );
    return {
      items: ol ? [...ol.querySelectorAll(':scope > li')].map((li) => ({ id: li.id, text: li.textContent.replace(/\s+/g, ' ').trim() })) : [],
      barsHidden: [...document.querySelectorAll('ol.progress-timeline progress')].every((p) => p.getAttribute('aria-hidden') === 'true'),
      lead: facts['牵头单位'] && facts['牵头单位'].textContent.trim(),
      partners: facts['配合单位'] && facts['配合单位'].textContent.trim(),
      source: facts['任务来源'] && (facts['任务来源'].querySelector('a') || {}).href,
      state: document.querySelector('.task-state').textContent,
    };
  });
  assert(r.items.length >= 2, `timeline items: ${r.items.length}`);
  assert(r.items.every((i) => /^\d{4}-\d{2}-\d{2} 完成 \d{1,3}%/.test(i.text)), `items: ${JSON.stringify(r.items.slice(0, 2))}`);
  assert(r.items.every((i) => /^progress-\d{4}-\d{2}-\d{2}-\d+$/.test(i.id)), 'permanent anchors');
  assert(r.barsHidden, 'the bars repeat the text and are hidden from screen readers');
  assert(r.lead && r.partners && r.partners !== '—', `lead ${r.lead}, partners ${r.partners}`);
  assert(r.source && /\/documents\//.test(r.source), `source link: ${r.source}`);
  assert(/逾期/.test(r.state), `state: ${r.state}`);
});

await t.test('/statistics/: tables first with charts beside them, verdicts in text, a CSV for every table', async () => {
  await page.goto(url('/statistics/'));
  const r = await page.evaluate(() => ({
    order: [...document.querySelectorAll('main table, main svg.chart')].map((e) => e.tagName.toLowerCase()),
    charts: [...document.querySelectorAll('main svg.chart')].map((s) => ({
      title: (s.querySelector('title') || {}).textContent,
      desc: (s.querySelector('desc') || {}).textContent,
      labelled: (s.getAttribute('aria-labelledby') || '').split(' ').every((id) => document.getElementById(id)),
    })),
    verdicts: [...document.querySelectorAll('.verdict')].map((v) => v.textContent.trim()),
    csv: [...document.querySelectorAll('a[href$=".csv"]')].map((a) => a.getAttribute('href')),
    missing: [...document.querySelectorAll('.periods .period-missing')].map((td) => td.textContent.trim()),
  }));
  assert(r.order[0] === 'table', `first: ${r.order[0]}`);
  assert(r.charts.length >= 2 && r.charts.every((c) => c.title && c.desc && c.labelled), JSON.stringify(r.charts));
  assert(r.verdicts.some((v) => /达标/.test(v)), `verdicts: ${r.verdicts}`);
  assert(r.missing.length >= 1 && r.missing.every((s) => s.endsWith('缺发')), `missing periods: ${r.missing}`);
  const unique = [...new Set(r.csv)];
  assert(unique.length >= 6, `CSV links: ${unique}`);
  for (const href of unique) {
    const res = await page.request.get(new URL(href, page.url()).href);
    assert(res.status() === 200, `${href}: ${res.status()}`);
    const body = await res.text();
    assert(body.split('\n').length >= 2, `${href}: empty`);
  }
});

await close();
await stop();
t.done();
