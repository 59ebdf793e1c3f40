// axe-core (WCAG 2.1 A/AA) on every kind of page at 1280 px and 360 px, with and without the
// care mode (关怀模式); and on every other HTML page of the output at 1280 px.
//   node tests/browser/a11y.spec.mjs <public dir> [base url]
// A11Y_ALL=0 limits the run to the page kinds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launch, target, pageKinds, allPages, harness, assert } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const { publicDir, url, stop } = await target();
const t = harness('a11y');
const kinds = pageKinds(publicDir);
const counts = { runs: 0, violations: 0 };

// bypassCSP: the pages carry `script-src 'self'`; axe is injected from node_modules.
const { context, close } = await launch({ bypassCSP: true });
const page = context.pages()[0] || (await context.newPage());

async function axe(path) {
  const res = await page.goto(url(path), { waitUntil: 'load' });
  assert(res, `no response for ${path}`);
  await page.waitForTimeout(50);
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  counts.runs++;
  counts.violations += r.violations.length;
  if (r.violations.length) {
    const lines = r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `        ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`)
          .join('\n'),
    );
    throw new Error(`${path}: ${r.violations.length} axe violation(s)\n  ${lines.join('\n  ')}`);
  }
}

async function setCare(on) {
  await page.goto(url('/'));
  await page.evaluate((v) => localStorage.setItem('gongkai-care', v ? '1' : '0'), on);
}

for (const [width, care] of [
  [1280, false],
  [360, false],
  [1280, true],
  [360, true],
]) {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
  await setCare(care);
  for (const k of kinds) {
    await t.test(`axe ${width}px${care ? ' care mode' : ''}: ${k.kind} ${k.path}`, async () => {
      await axe(k.path);
      if (care) {
        const on = await page.evaluate(() => document.documentElement.classList.contains('care'));
        assert(on, 'care mode not applied');
      }
    });
  }
}

if (process.env.A11Y_ALL !== '0') {
  await page.setViewportSize({ width: 1280, height: 900 });
  await setCare(false);
  const seen = new Set(kinds.map((k) => k.path));
  const rest = allPages(publicDir).filter((p) => !seen.has(p) && p !== '/404.html');
  const bad = [];
  for (const p of rest) {
    try {
      await axe(p);
    } catch (e) {
      bad.push(e.message);
    }
  }
  await t.test(`axe 1280px on the other ${rest.length} pages`, async () => {
    assert(bad.length === 0, `${bad.length} page(s) with violations:\n${bad.join('\n')}`);
  });
}

console.log(`axe: ${counts.runs} page runs, ${counts.violations} violations (tags ${TAGS.join(', ')})`);
await close();
await stop();
t.done();
