// The /approvals/ filter in Chromium: the keyword box matches as site search does (the shared
// tokeniser: bigrams, synonyms, 繁简), filters and sort live in the URL and Back restores them,
// one sort runs across every item, and the status filter's counts match the headline block.
//   node tests/browser/approvals.spec.mjs <public dir> [base url]
import { createRequire } from 'node:module';
import { launch, target, harness, assert, watchErrors } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const { url, stop } = await target();
const t = harness('approvals');
const { context, close } = await launch();
const page = context.pages()[0] || (await context.newPage());
const errors = watchErrors(page);

async function ready() {
  await page.waitForSelector('#item-filter[data-state="done"]', { state: 'attached' });
}

// Names of the visible items, in page order.
async function shown() {
  return page.$$eval('section.dept-group:not([hidden]) tbody tr:not([hidden])', (rs) =>
    rs.map((r) => r.cells[1].querySelector('a').textContent.trim()));
}

async function search(q) {
  await page.evaluate(() => { document.getElementById('item-filter').removeAttribute('data-state'); });
  await page.fill('#item-filter input[name=q]', q);
  await ready();
}

const param = (k) => new URL(page.url()).searchParams.get(k);

try {
  await page.goto(url('/approvals/'));
  await ready();
  const total = (await shown()).length;

  await t.test('食品经营许可证 (a longer name) finds 食品经营许可', async () => {
    await search('食品经营许可证');
    const names = await shown();
    assert(names[0] === '食品经营许可', `first is ${names[0]} (${names.slice(0, 4)})`);
    assert(!names.includes('食品生产许可（除特殊食品外）'), `an item with only some of the words is shown too: ${names}`);
    assert(param('q') === '食品经营许可证', `the query is not in the URL: ${page.url()}`);
  });

  await t.test('餐饮 finds 食品经营许可 (site.yaml synonym 餐饮 → 食品经营)', async () => {
    await search('餐饮');
    const names = await shown();
    assert(names.includes('食品经营许可'), `餐饮 shows ${names}`);
  });

  await t.test('traditional characters and part of a name, as in search', async () => {
    await search('預售許可');
    let names = await shown();
    assert(names.includes('商品房预售许可'), `預售許可 shows ${names}`);
    await search('失业保险');
    names = await shown();
    assert(names.length && names.every((n) => n.includes('失业保险')), `失业保险 shows ${names}`);
    await search('YZ-XK-0203');
    names = await shown();
    assert(names.length === 1, `a 事项编码 shows ${names}`);
    await search('zzzz-no-such-item');
    assert((await shown()).length === 0, 'nonsense matched');
    await search('');
    assert((await shown()).length === total, 'clearing the box did not show every item');
  });

  await t.test('status filter counts match the headline block', async () => {
    const headline = await page.$$eval('[data-status-count]', (ss) =>
      Object.fromEntries(ss.map((s) => [s.getAttribute('data-status-count'), parseInt(s.textContent, 10)])));
    const options = await page.$$eval('#item-filter select[name=status] option', (os) =>
      Object.fromEntries(os.filter((o) => o.value).map((o) => [o.value, Number(o.getAttribute('data-count'))])));
    for (const k of ['active', 'delegated', 'cancelled']) {
      assert(headline[k] === options[k], `${k}: headline ${headline[k]}, filter ${options[k]}`);
    }
    assert(options.active + options.delegated + options.cancelled === total, `${JSON.stringify(options)} ≠ ${total}`);
    await page.selectOption('#item-filter select[name=status]', 'cancelled');
    await ready();
    const rows = await page.$$eval('tbody tr:not([hidden])', (rs) => rs.map((r) => r.getAttribute('data-status')));
    assert(rows.length === options.cancelled && rows.every((s) => s === 'cancelled'), `cancelled shows ${rows}`);
    assert(param('status') === 'cancelled', 'status not in the URL');
    await page.selectOption('#item-filter select[name=status]', '');
    await ready();
  });

  await t.test('one sort across all items: by promised time limit, by name', async () => {
    await page.selectOption('#item-filter select[name=sort]', 'promised');
    await ready();
    const groups = await page.$$eval('section.dept-group:not([hidden])', (ss) => ss.length);
    assert(groups === 1, `${groups} sections shown for a sort across all items`);
    const days = await page.$$eval('section.all-items tbody tr:not([hidden])', (rs) =>
      rs.map((r) => Number(r.cells[5].getAttribute('data-value'))));
    assert(days.length === total && days.every((d, i) => i === 0 || days[i - 1] <= d), `not ascending over all items: ${days}`);
    assert(param('sort') === 'promised', 'sort not in the URL');
    const sorted = await page.$eval('section.all-items th[aria-sort=ascending]', (th) => th.textContent.trim());
    assert(sorted === '承诺时限', `aria-sort on ${sorted}`);
    await page.selectOption('#item-filter select[name=sort]', 'name');
    await ready();
    const names = await page.$$eval('section.all-items tbody tr', (rs) => rs.map((r) => r.cells[1].textContent.trim()));
    const want = [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    assert(JSON.stringify(names) === JSON.stringify(want), 'names not in order');
    await page.selectOption('#item-filter select[name=sort]', '');
    await ready();
    const back = await page.$$eval('section.dept-group:not([hidden])', (ss) => ss.length);
    assert(back > 1 && !(await page.$('section.all-items')), 'grouping by department not restored');
  });

  await t.test('a shared URL restores filters and sort; Back restores the previous state', async () => {
    await page.goto(url('/approvals/?q=' + encodeURIComponent('许可') + '&status=active&sort=promised&order=desc'));
    await ready();
    assert(await page.inputValue('#item-filter input[name=q]') === '许可', 'query not restored');
    assert(await page.inputValue('#item-filter select[name=sort]') === 'promised', 'sort not restored');
    const rows = await page.$$eval('section.all-items tbody tr:not([hidden])', (rs) =>
      rs.map((r) => [r.getAttribute('data-status'), Number(r.cells[5].getAttribute('data-value')), r.cells[1].textContent]));
    assert(rows.length > 0 && rows.every((r) => r[0] === 'active' && r[2].includes('许可')), `rows ${rows}`);
    assert(rows.every((r, i) => i === 0 || rows[i - 1][1] >= r[1]), 'not descending');
    await page.selectOption('#item-filter select[name=department]', { index: 1 });
    await ready();
    const dept = param('department');
    assert(dept, 'department not in the URL');
    await page.goBack();
    await ready();
    assert(!param('department') && await page.inputValue('#item-filter select[name=department]') === '', 'Back did not undo the department filter');
    assert(param('sort') === 'promised' && param('q') === '许可', `Back lost the rest: ${page.url()}`);
    // To an item page and back: the filter is still there.
    await page.click('section.all-items tbody tr:not([hidden]) a');
    await page.waitForURL((u) => !u.pathname.endsWith('/approvals/'));
    await page.goBack();
    await ready();
    assert(await page.inputValue('#item-filter input[name=q]') === '许可', 'the query is lost after visiting an item');
    const visible = await page.$$eval('section.all-items tbody tr:not([hidden])', (rs) => rs.length);
    assert(visible === rows.length, `${visible} rows after Back, ${rows.length} before`);
  });

  await t.test('no page or CSP errors', async () => {
    assert(errors.length === 0, errors.join('\n'));
  });

  // The view the script builds (one table of all items, a partial match) passes axe too.
  const axe = await launch({ bypassCSP: true });
  try {
    const p = axe.context.pages()[0] || (await axe.context.newPage());
    for (const width of [1280, 360]) {
      await t.test(`axe ${width}px: all items sorted, a partial match`, async () => {
        await p.setViewportSize({ width, height: 900 });
        await p.goto(url('/approvals/?q=' + encodeURIComponent('食品经营许可证') + '&sort=promised'));
        await p.waitForSelector('#item-filter[data-state="done"]', { state: 'attached' });
        await p.addScriptTag({ path: AXE });
        const r = await p.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] }));
        const lines = r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
        assert(r.violations.length === 0, lines.join('\n  '));
      });
    }
  } finally {
    await axe.close();
  }
} finally {
  await close();
  await stop();
}
t.done();
