// Browser checks of the portal beyond axe: keyboard (skip link, visible focus), care mode,
// 360 px without horizontal overflow, the approval catalogue's filters and sorting with and
// without JavaScript, the catalogue facets, the bulletin chart's <title>/<desc>, the print
// stylesheet, the due-date calculator, and no script errors under the pages' CSP.
//   node tests/browser/ui.spec.mjs <public dir> [base url]
import fs from 'node:fs';
import path from 'node:path';
import { launch, target, pageKinds, harness, assert, watchErrors } from './lib.mjs';

const { publicDir, url, stop } = await target();
const t = harness('ui');
const kinds = pageKinds(publicDir);
const kind = (name) => {
  const k = kinds.find((x) => x.kind === name);
  assert(k, `no page of kind "${name}" in the output`);
  return k.path;
};

const { context, close } = await launch();
const page = context.pages()[0] || (await context.newPage());
const errors = watchErrors(page);

// ---------------------------------------------------------------- keyboard
for (const name of ['home', 'document, repealed (validity banner)', 'approvals catalogue', 'catalogue', '404']) {
  await t.test(`skip link is the first Tab stop and moves focus to <main>: ${name}`, async () => {
    await page.goto(url(kind(name)));
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { cls: a.className, href: a.getAttribute('href'), text: a.textContent, top: r.top, bottom: r.bottom, w: r.width };
    });
    assert(first.cls.includes('skip-link') && first.href === '#main', `first Tab stop is ${JSON.stringify(first)}`);
    assert(first.top >= 0 && first.bottom <= 740 && first.w > 0, `skip link not visible when focused: ${JSON.stringify(first)}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main', null, { timeout: 2000 });
    // The next Tab continues inside main, not back at the top.
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
    const hasFocusable = await page.evaluate(() => !!document.querySelector('main a, main button, main input, main [tabindex="0"], main summary'));
    assert(inMain || !hasFocusable, 'Tab after the skip link left <main>');
  });
}

await t.test('every Tab stop on the home page and the approval catalogue shows a focus indicator', async () => {
  for (const p of [kind('home'), kind('approvals catalogue')]) {
    await page.goto(url(p));
    const seen = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const s = getComputedStyle(a);
        return {
          id: a.outerHTML.slice(0, 80),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none',
        };
      });
      if (!f) break;
      if (seen.has(f.id)) break;
      seen.add(f.id);
      assert(f.outline || f.shadow, `no visible focus on ${f.id} (${p})`);
    }
    assert(seen.size >= 10, `only ${seen.size} Tab stops on ${p}`);
  }
});

// ---------------------------------------------------------------- care mode
await t.test('care mode (关怀模式) switches on, persists across reloads and pages, and off again', async () => {
  await page.goto(url('/'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const b = page.locator('#care-toggle');
  assert(await b.isVisible(), 'care toggle not visible with JavaScript on');
  assert((await b.getAttribute('aria-pressed')) === 'false', 'care toggle pressed at start');
  const size0 = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await b.focus();
  await page.keyboard.press('Enter');
  assert((await b.getAttribute('aria-pressed')) === 'true', 'aria-pressed not true after the toggle');
  const size1 = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert(size1 >= size0 * 1.2, `text not larger in care mode (${size0} → ${size1})`);
  await page.reload();
  assert(await page.evaluate(() => document.documentElement.classList.contains('care')), 'care mode lost on reload');
  assert((await page.locator('#care-toggle').getAttribute('aria-pressed')) === 'true', 'toggle state lost on reload');
  await page.goto(url(kind('approvals catalogue')));
  assert(await page.evaluate(() => document.documentElement.classList.contains('care')), 'care mode lost on another page');
  await page.locator('#care-toggle').click();
  await page.reload();
  assert(!(await page.evaluate(() => document.documentElement.classList.contains('care'))), 'care mode still on after switching it off');
});

// ---------------------------------------------------------------- 360 px
for (const care of [false, true]) {
  await t.test(`no horizontal overflow at 360 px${care ? ' in care mode' : ''}; wide tables scroll inside .table-wrap`, async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url('/'));
    await page.evaluate((v) => localStorage.setItem('gongkai-care', v ? '1' : '0'), care);
    const bad = [];
    for (const k of kinds) {
      await page.goto(url(k.path));
      const r = await page.evaluate(() => {
        const problems = [];
        const sw = document.documentElement.scrollWidth;
        if (sw > 360) {
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap'))
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
          problems.push(`scrollWidth ${sw} (${wide.join(', ')})`);
        }
        for (const tb of document.querySelectorAll('table')) {
          const wrap = tb.closest('.table-wrap');
          const box = (wrap || tb.parentElement).getBoundingClientRect();
          if (tb.getBoundingClientRect().width > box.width + 1 && !(wrap && getComputedStyle(wrap).overflowX === 'auto')) {
            problems.push(`table.${tb.className} wider than its container and not in a scrolling .table-wrap`);
          }
        }
        return problems;
      });
      if (r.length) bad.push(`${k.path}: ${r.join('; ')}`);
    }
    await page.evaluate(() => localStorage.setItem('gongkai-care', '0'));
    await page.setViewportSize({ width: 1280, height: 900 });
    assert(bad.length === 0, bad.join('\n'));
  });
}

// ---------------------------------------------------------------- approvals catalogue, with JS
await t.test('approval catalogue: filter by department shows only its rows', async () => {
  await page.goto(url(kind('approvals catalogue')));
  const form = page.locator('#item-filter');
  assert(await form.isVisible(), 'filter form not shown with JavaScript on');
  const total = await page.locator('table.sortable tbody tr').count();
  const options = await page.locator('#item-filter select[name=department] option').allTextContents();
  assert(options.length >= 3, 'fewer than two departments to filter by');
  for (const dept of options.slice(1, 4)) {
    await page.selectOption('#item-filter select[name=department]', { label: dept });
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('table.sortable tbody tr')].map((r) => ({
        dept: r.getAttribute('data-department'),
        visible: !!r.offsetParent,
      })),
    );
    const shown = rows.filter((r) => r.visible);
    assert(shown.length > 0, `no rows shown for ${dept}`);
    assert(shown.every((r) => r.dept === dept), `rows of another department shown for ${dept}`);
    assert(shown.length === rows.filter((r) => r.dept === dept).length, `some rows of ${dept} hidden`);
    const count = await page.locator('.filter-count').textContent();
    assert(count.includes(`${shown.length} / ${total}`), `count says "${count}", expected ${shown.length} / ${total}`);
  }
  await page.selectOption('#item-filter select[name=department]', { index: 0 });
  await page.fill('#item-filter input[name=q]', 'zzzz-no-such-item');
  assert((await page.locator('table.sortable tbody tr:visible').count()) === 0, 'keyword filter matched nonsense');
  await page.fill('#item-filter input[name=q]', '');
  assert((await page.locator('table.sortable tbody tr:visible').count()) === total, 'clearing the filters did not show every row');
});

await t.test('approval catalogue: clicking a column header sorts the rows (aria-sort)', async () => {
  await page.goto(url(kind('approvals catalogue')));
  const table = page.locator('table.sortable').first();
  const header = table.locator('thead th', { hasText: '法定时限' });
  const button = header.locator('button');
  assert((await button.count()) === 1, 'no sort button in the 法定时限 header');
  const col = await header.evaluate((th) => th.cellIndex);
  const values = () =>
    table.evaluate((tb, c) => [...tb.tBodies[0].rows].map((r) => parseFloat(r.cells[c].getAttribute('data-value'))), col);
  await button.click();
  assert((await header.getAttribute('aria-sort')) === 'ascending', 'aria-sort not ascending after one click');
  let v = await values();
  assert(v.every((x, i) => i === 0 || v[i - 1] <= x), `not ascending: ${v}`);
  await button.press('Enter');
  assert((await header.getAttribute('aria-sort')) === 'descending', 'aria-sort not descending after a second activation');
  v = await values();
  assert(v.every((x, i) => i === 0 || v[i - 1] >= x), `not descending: ${v}`);
  const nameHeader = table.locator('thead th', { hasText: '事项名称' });
  await nameHeader.locator('button').click();
  const names = await table.evaluate((tb) => [...tb.tBodies[0].rows].map((r) => r.cells[1].textContent.trim()));
  const sorted = [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  assert(JSON.stringify(names) === JSON.stringify(sorted), 'names not sorted');
});

// ---------------------------------------------------------------- catalogue facets, with JS
await t.test('信息公开目录: facet buttons filter the table in place and can be cleared', async () => {
  await page.goto(url(kind('catalogue')));
  const total = await page.locator('table.catalog tbody tr').count();
  const b = page.locator('.facet-button[data-facet=year]').first();
  assert((await b.count()) === 1, 'no year facet button');
  const year = await b.getAttribute('data-value');
  await b.click();
  assert((await b.getAttribute('aria-pressed')) === 'true', 'facet button not pressed');
  const years = await page.evaluate(() =>
    [...document.querySelectorAll('table.catalog tbody tr')].filter((r) => !r.hidden).map((r) => r.cells[6].textContent.slice(0, 4)),
  );
  assert(years.length > 0 && years.every((y) => y === year), `rows of other years shown: ${years}`);
  const status = await page.locator('#facet-status').textContent();
  assert(status.includes(`${years.length} / ${total}`), `status says "${status}"`);
  const genre = page.locator('.facet-button[data-facet=validity]').first();
  await genre.click();
  await page.locator('.facet-clear').click();
  assert((await page.locator('table.catalog tbody tr:visible').count()) === total, 'clear did not show every row');
  assert((await page.locator('.facet-button[aria-pressed=true]').count()) === 0, 'a facet stayed pressed');
});

// ---------------------------------------------------------------- chart
await t.test('bulletin chart: inline SVG with <title> and <desc> naming every ranked value', async () => {
  await page.goto(url(kind('bulletin with chart')));
  const r = await page.evaluate(() => {
    const svg = document.querySelector('svg.chart');
    if (!svg) return null;
    const title = svg.querySelector('title');
    const desc = svg.querySelector('desc');
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const col = [...document.querySelectorAll('.data-table thead th')].findIndex((th) => th.classList.contains('ranked-col'));
    const values = [...document.querySelectorAll('.data-table tbody tr')].map((tr) => tr.cells[col].textContent.trim());
    return {
      role: svg.getAttribute('role'),
      title: title && title.textContent,
      desc: desc && desc.textContent,
      labelled: ids.length > 0 && ids.every((id) => document.getElementById(id)),
      values,
      bars: svg.querySelectorAll('rect').length,
    };
  });
  assert(r, 'no svg.chart on the bulletin page');
  assert(r.role === 'img', `role is ${r.role}`);
  assert(r.title && r.title.trim().length > 0, 'empty <title>');
  assert(r.desc && r.desc.trim().length > 0, 'empty <desc>');
  assert(r.labelled, 'aria-labelledby does not point at elements of the page');
  assert(r.values.length > 0 && r.values.every((v) => r.desc.includes(v)), `<desc> misses values: ${r.values}`);
  assert(r.bars === r.values.length, `${r.bars} bars for ${r.values.length} rows`);
});

// ---------------------------------------------------------------- print
await t.test('print stylesheet: no navigation or site chrome; metadata above the title', async () => {
  await page.goto(url(kind('document, repealed (validity banner)')));
  await page.emulateMedia({ media: 'print' });
  const r = await page.evaluate(() => {
    const hidden = (sel) => [...document.querySelectorAll(sel)].every((e) => getComputedStyle(e).display === 'none');
    const meta = document.querySelector('.doc-meta').getBoundingClientRect();
    const h1 = document.querySelector('h1').getBoundingClientRect();
    return {
      nav: hidden('nav'),
      masthead: hidden('.masthead'),
      footer: hidden('.site-footer'),
      skip: hidden('.skip-link'),
      metaVisible: meta.height > 0,
      metaFirst: meta.top < h1.top,
      banner: !!document.querySelector('.validity-banner') && getComputedStyle(document.querySelector('.validity-banner')).display !== 'none',
    };
  });
  await page.emulateMedia({ media: 'screen' });
  for (const [k, v] of Object.entries(r)) assert(v, `print: ${k} check failed (${JSON.stringify(r)})`);
});

// ---------------------------------------------------------------- due-date calculator
await t.test('due-date calculator: a start date gives a date for both limits', async () => {
  await page.goto(url(kind('approval item')));
  await page.fill('#calc-start', '2025-01-27');
  await page.waitForFunction(
    () => [...document.querySelectorAll('.deadline-calc output')].every((o) => /\d{4}-\d{2}-\d{2}/.test(o.textContent)),
    null,
    { timeout: 5000 },
  );
  const outs = await page.locator('.deadline-calc output').allTextContents();
  assert(outs.length === 2, `${outs.length} outputs`);
});

// ---------------------------------------------------------------- script errors / 404
await t.test('no script errors or CSP violations on any kind of page', async () => {
  errors.length = 0;
  const bad = [];
  for (const k of kinds) {
    await page.goto(url(k.path));
    await page.waitForTimeout(100);
    if (errors.length) bad.push(`${k.path}: ${errors.splice(0).join(' | ')}`);
  }
  assert(bad.length === 0, bad.join('\n'));
});

await t.test('a missing page answers 404 with the portal 404 page', async () => {
  const res = await page.goto(url(kind('404')));
  assert(res.status() === 404, `status ${res.status()}`);
  assert((await page.locator('h1').textContent()).includes('页面未找到'), 'not the 404 page');
});

await close();

// ---------------------------------------------------------------- without JavaScript
const nojs = await launch({ javaScriptEnabled: false });
const np = nojs.context.pages()[0] || (await nojs.context.newPage());

await t.test('without JavaScript: the approval catalogue lists every item, grouped by department', async () => {
  await np.goto(url(kind('approvals catalogue')));
  assert(!(await np.locator('#item-filter').isVisible()), 'the JS-only filter form is visible without JavaScript');
  const items = JSON.parse(fs.readFileSync(path.join(publicDir, 'data/approvals.json'), 'utf8'));
  const list = Array.isArray(items) ? items : items.items || [];
  const pages = fs.readdirSync(path.join(publicDir, 'approvals'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'changes' && fs.existsSync(path.join(publicDir, 'approvals', e.name, 'index.html')))
    .map((e) => `/approvals/${e.name}/`);
  const r = await np.evaluate(() =>
    [...document.querySelectorAll('section.dept-group')].map((s) => ({
      dept: s.querySelector('h2').textContent.trim(),
      visible: !!s.offsetParent,
      rows: [...s.querySelectorAll('tbody tr')].map((tr) => ({
        dept: tr.getAttribute('data-department'),
        href: new URL(tr.querySelector('a').href).pathname,
        visible: !!tr.offsetParent,
      })),
    })),
  );
  const rows = r.flatMap((g) => g.rows);
  assert(r.length >= 2, `${r.length} department groups`);
  assert(r.every((g) => g.visible && g.rows.every((x) => x.visible)), 'a group or row is hidden without JavaScript');
  assert(r.every((g) => g.rows.every((x) => x.dept === g.dept)), 'a row sits under another department');
  const hrefs = new Set(rows.map((x) => x.href));
  const missing = pages.filter((p) => !hrefs.has(p));
  assert(missing.length === 0, `items missing from the catalogue: ${missing.join(', ')}`);
  assert(rows.length === pages.length, `${rows.length} rows for ${pages.length} item pages`);
  if (list.length) assert(rows.length === list.length, `${rows.length} rows, approvals.json has ${list.length}`);
});

await t.test('without JavaScript: catalogue facets are links to pages that exist; no care toggle shown', async () => {
  await np.goto(url(kind('catalogue')));
  const hrefs = await np.evaluate(() => [...document.querySelectorAll('.facets a')].map((a) => a.getAttribute('href')));
  assert(hrefs.length > 0, 'no facet links');
  const broken = hrefs.filter((h) => h === '#' || !fs.existsSync(path.join(publicDir, h, 'index.html')));
  assert(broken.length === 0, `facet links to nowhere: ${broken.join(', ')}`);
  assert(!(await np.locator('#care-toggle').isVisible()), 'care toggle shown although it cannot work');
  const rows = await np.locator('table.catalog tbody tr:visible').count();
  assert(rows > 0, 'catalogue table empty without JavaScript');
});

await t.test('without JavaScript: every kind of page shows its main content', async () => {
  const bad = [];
  for (const k of kinds) {
    await np.goto(url(k.path));
    const ok = await np.evaluate(() => {
      const main = document.querySelector('main');
      const h1 = main && main.querySelector('h1');
      return !!(main && main.offsetParent !== null && h1 && h1.textContent.trim() && main.innerText.trim().length > 20);
    });
    if (!ok) bad.push(k.path);
  }
  assert(bad.length === 0, `no readable main content: ${bad.join(', ')}`);
});

await nojs.close();
await stop();
t.done();
