// The due-date calculator on the approval pages agrees with `gongkai deadline`: for ~50 start
// dates (around Spring Festival, National Day, make-up working days, year ends, and dates
// whose count runs past the calendar) and every limit used on the portal, the date the page
// shows is the one the CLI prints, and where the CLI refuses (outside the calendar) the page
// shows no date either.
//   node tests/browser/deadline.spec.mjs <public dir> [base url]
// The binary: $GONGKAI_BIN, else target/release/gongkai, else target/debug/gongkai; the site
// root for the calendar overlay: $GONGKAI_ROOT, else the repository root.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch, target, harness, assert } from './lib.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin =
  process.env.GONGKAI_BIN ||
  ['target/release/gongkai', 'target/debug/gongkai'].map((p) => path.join(repo, p)).find((p) => fs.existsSync(p));
const siteRoot = process.env.GONGKAI_ROOT || repo;

const { publicDir, url, stop } = await target();
const t = harness('deadline');

function cli(start, n) {
  try {
    const out = execFileSync(bin, ['deadline', start, String(n), '--root', siteRoot], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(out.trim());
    return m ? m[1] : `unparsed: ${out.trim().split('\n')[0]}`;
  } catch (e) {
    return null; // outside the calendar (or another refusal)
  }
}

// Start dates (also for the standalone calculator at /tools/deadline/): the named hard cases, then every holiday season of the covered years.
const named = ['2025-01-27', '2024-09-30', '2025-09-30', '2020-01-23', '2024-02-09', '2024-04-30', '2025-04-30',
  '2023-12-29', '2025-12-31', '2026-12-31', '2026-12-20', '2026-02-13', '2026-09-30', '2021-09-30', '2022-01-28',
  '2020-04-30', '2019-12-31', '2024-12-31', '2025-02-07', '2025-10-08', '2024-06-07', '2023-06-21', '2022-09-09',
  '2026-01-01', '2025-05-30'];
const extra = [];
for (let y = 2020; y <= 2026; y++) {
  for (const md of ['-01-20', '-04-03', '-06-20', '-09-28']) extra.push(`${y}${md}`);
}
const dates = [...new Set([...named, ...extra])];

const pages = fs
  .readdirSync(path.join(publicDir, 'approvals'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(publicDir, 'approvals', e.name, 'index.html')))
  .map((e) => ({ p: `/approvals/${e.name}/`, html: fs.readFileSync(path.join(publicDir, 'approvals', e.name, 'index.html'), 'utf8') }))
  .filter((x) => /class="?deadline-calc/.test(x.html));

// One page per distinct set of limits.
const byLimits = new Map();
for (const x of pages) {
  const days = [...x.html.matchAll(/data-days="?(\d+)/g)].map((m) => Number(m[1]));
  const key = days.join(',');
  if (!byLimits.has(key)) byLimits.set(key, { p: x.p, days });
}

await t.test('the gongkai binary is there', async () => {
  assert(bin && fs.existsSync(bin), 'no gongkai binary (set GONGKAI_BIN or build it)');
  assert(cli('2025-01-27', 1) === '2025-02-05', `gongkai deadline 2025-01-27 1 = ${cli('2025-01-27', 1)}`);
});

const { context, close } = await launch();
const page = context.pages()[0] || (await context.newPage());
let compared = 0;
for (const [key, { p, days }] of byLimits) {
  await t.test(`calculator on ${p} (limits ${key} working days) agrees with gongkai deadline on ${dates.length} dates`, async () => {
    await page.goto(url(p));
    const bad = [];
    for (const d of dates) {
      await page.fill('#calc-start', d);
      await page.waitForFunction(
        () => [...document.querySelectorAll('.deadline-calc output')].every((o) => o.textContent.trim() && !/载入/.test(o.textContent)),
        null,
        { timeout: 5000 },
      );
      const outs = await page.locator('.deadline-calc output').allTextContents();
      outs.forEach((text, i) => {
        const m = /^(\d{4}-\d{2}-\d{2})（/.exec(text.trim());
        const shown = m ? m[1] : null;
        const want = cli(d, days[i]);
        compared++;
        if (shown !== want) bad.push(`${d} + ${days[i]}: page "${text}", gongkai ${want}`);
      });
    }
    assert(bad.length === 0, bad.join('\n'));
  });
}
// The standalone calculator (/tools/deadline/): the same code on the same calendar, N typed
// in or chosen with a preset (20 + the 20-day extension = 40).
await t.test(`the standalone calculator agrees with gongkai deadline for N in 5, 10, 20, 40 on ${dates.length} dates`, async () => {
  await page.goto(url('/tools/deadline/'));
  assert(await page.locator('form.deadline-calc').isVisible(), 'the form stays hidden with JavaScript on');
  const result = page.locator('#calc-result');
  const read = async () => {
    await page.waitForFunction(() => {
      const o = document.querySelector('#calc-result');
      return o && o.textContent.trim() && !/载入/.test(o.textContent);
    }, null, { timeout: 5000 });
    const text = (await result.textContent()).trim();
    const m = /^(\d{4}-\d{2}-\d{2})（/.exec(text);
    return { text, shown: m ? m[1] : null };
  };
  const bad = [];
  for (const d of dates) {
    await page.fill('#calc-start', d);
    for (const n of [5, 10, 20, 40]) {
      await page.fill('#calc-days', String(n));
      const { text, shown } = await read();
      const want = cli(d, n);
      compared++;
      if (shown !== want) bad.push(`${d} + ${n}: page "${text}", gongkai ${want}`);
    }
    // The 依申请公开 preset sets 20 and ticks the 20-day extension: 40 working days.
    await page.getByRole('button', { name: /依申请公开/ }).click();
    assert(await page.locator('#calc-extend').isChecked(), 'the 20+20 preset does not tick the extension');
    const { text, shown } = await read();
    compared++;
    if (shown !== cli(d, 40)) bad.push(`${d} + 20+20: page "${text}", gongkai ${cli(d, 40)}`);
    await page.getByRole('button', { name: '10 个工作日' }).click();
    assert(!(await page.locator('#calc-extend').isChecked()), 'a plain preset leaves the extension ticked');
  }
  assert(bad.length === 0, bad.join('\n'));
});

await t.test('past the calendar the standalone calculator shows the marked estimate', async () => {
  await page.goto(url('/tools/deadline/'));
  await page.fill('#calc-start', '2026-12-20');
  await page.fill('#calc-days', '20');
  await page.waitForFunction(() => /估算/.test(document.querySelector('#calc-result').textContent), null, { timeout: 5000 });
  assert(await page.locator('#calc-result.estimate').count() === 1, 'the estimate is not marked');
  const note = await page.locator('.estimate-note').textContent();
  assert(/未计入 2027 年节假日安排/.test(note), `estimate note: ${note}`);
});

await t.test('without JavaScript the calculator page explains how to count and hides the form', async () => {
  const nojs = await launch({ javaScriptEnabled: false });
  const p2 = nojs.context.pages()[0] || (await nojs.context.newPage());
  await p2.goto(url('/tools/deadline/'));
  assert(!(await p2.locator('form.deadline-calc').isVisible()), 'the form is shown without JavaScript');
  assert(await p2.getByText('受理（收到申请）当日不计入期限').first().isVisible(), 'no counting rule');
  const visible = await p2.locator('.noscript-note').isVisible();
  await nojs.close();
  assert(visible, 'no no-script instructions');
});
console.log(`deadline: ${compared} page/CLI comparisons over ${byLimits.size} limit sets and the standalone calculator`);
await close();
await stop();
t.done();
