// Layout checks of issue 15 (citizens on phones, reading): at 360 px no page kind scrolls
// sideways, the catalogue and the approvals index are cards whose key fields are visible, the
// charts fit with readable labels, the header menu folds (with and without JavaScript), the
// first search result is in the first screen; at 1280 px the body measure is 35–45
// characters; the 落款 is right-aligned and the 主送机关 flush left, on screen and in print; the
// printout names the site and the page's address; care mode is larger, one column, with
// bigger targets and a button that reads 退出关怀模式.
//   node tests/browser/layout.spec.mjs <public dir> [base url]
import { launch, target, pageKinds, harness, assert } from './lib.mjs';

const { publicDir, url, stop } = await target();
const t = harness('layout');
const kinds = pageKinds(publicDir);
const kind = (name) => {
  const k = kinds.find((x) => x.kind === name);
  assert(k, `no page of kind "${name}" in the output`);
  return k.path;
};
const PHONE = { width: 360, height: 640 };

const { context, close } = await launch({ viewport: PHONE });
const page = context.pages()[0] || (await context.newPage());

/** In the page: the problems that make it scroll sideways, or that hide a table's overflow. */
function sideways() {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest('.table-wrap'))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    problems.push(`scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth} (${wide.join(', ')})`);
  }
  // A table wider than its column scrolls in its own labelled, focusable region.
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth <= wrap.clientWidth + 1) continue;
    const named = wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby');
    if (wrap.getAttribute('role') !== 'region' || !named || wrap.getAttribute('tabindex') !== '0') {
      problems.push(`a scrolling table region without role=region, a name and tabindex=0: ${wrap.outerHTML.slice(0, 80)}`);
    }
    if (wrap.querySelector('table.catalog, table.items')) problems.push('the catalogue or approvals table scrolls sideways');
  }
  // Charts: never wider than their column, every label inside the drawing and at least 11 px.
  for (const svg of document.querySelectorAll('svg.chart, svg.timeline')) {
    const box = svg.getBoundingClientRect();
    if (box.right > root.clientWidth + 1) problems.push(`svg.${svg.getAttribute('class')} is ${box.width} px wide`);
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`chart label "${text.textContent}" clipped`);
      const px = r.height / 1.2;
      if (px < 11 && text.textContent.trim()) problems.push(`chart label "${text.textContent}" only ${px.toFixed(1)} px`);
    }
  }
  return problems;
}

const phoneKinds = [
  'catalogue', 'approvals catalogue', 'approval item', 'approval item, cancelled', 'bulletins index', 'bulletin series',
  'bulletin with chart', 'bulletin without table', 'document, repealed (validity banner)', 'document with attachments',
  'policy interpretation', 'document list', 'home', 'search with query', 'journal issue', 'deadline calculator', 'statistics',
].filter((n) => kinds.some((k) => k.kind === n));

for (const care of [false, true]) {
  await t.test(`360 px${care ? ', care mode' : ''}: nothing scrolls sideways (${phoneKinds.length} page kinds)`, async () => {
    await page.goto(url('/'));
    await page.evaluate((v) => localStorage.setItem('gongkai-care', v ? '1' : '0'), care);
    const bad = [];
    for (const name of phoneKinds) {
      await page.goto(url(kind(name)));
      const r = await page.evaluate(sideways);
      if (r.length) bad.push(`${name}: ${r.join('; ')}`);
    }
    await page.evaluate(() => localStorage.setItem('gongkai-care', '0'));
    assert(bad.length === 0, bad.join('\n'));
  });
}

/** In the page: is each of `sels` in the first card visible, inside the viewport and unclipped? */
function firstCard([cardSel, fields]) {
  const card = document.querySelector(cardSel);
  if (!card) return [`no ${cardSel}`];
  card.scrollIntoView({ block: 'start' });
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const problems = [];
  for (const [name, sel] of Object.entries(fields)) {
    const el = card.querySelector(sel);
    if (!el) {
      problems.push(`${name}: no ${sel}`);
      continue;
    }
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!(r.width > 0 && r.height > 0) || s.display === 'none' || s.visibility === 'hidden') problems.push(`${name}: not shown`);
    else if (r.left < 0 || r.right > vw || r.top < 0 || r.bottom > vh) problems.push(`${name}: outside the viewport ${JSON.stringify(r)}`);
    else if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name}: clipped (${el.scrollWidth} > ${el.clientWidth})`);
    else if (!el.textContent.trim()) problems.push(`${name}: empty`);
  }
  return problems;
}

await t.test('360 px: the first card of the 信息公开目录 shows title, 文号, date and 有效性', async () => {
  await page.goto(url(kind('catalogue')));
  const r = await page.evaluate(firstCard, [
    'table.catalog tbody tr',
    { 标题: '.c-title', 发文字号: '.c-number', 成文日期: '.c-written', 发布日期: '.c-published', 有效性: '.c-validity' },
  ]);
  assert(r.length === 0, r.join('\n'));
});

await t.test('360 px: the first card of the approvals index shows name, time limits, 收费, 网办 and 跑动', async () => {
  await page.goto(url(kind('approvals catalogue')));
  const r = await page.evaluate(firstCard, [
    'table.items tbody tr',
    { 事项名称: '.i-name', 承诺时限: '.i-promised', 法定时限: '.i-statutory', 收费: '.i-fee', 网办: '.i-online', 跑动次数: '.i-visits' },
  ]);
  assert(r.length === 0, r.join('\n'));
});

await t.test('360 px: the document metadata table uses the full width of the column', async () => {
  await page.goto(url(kind('document, repealed (validity banner)')));
  const r = await page.evaluate(() => {
    const col = document.querySelector('article.document').getBoundingClientRect().width;
    // Each row, and each value cell, reaches the right edge of the column.
    const right = document.querySelector('article.document').getBoundingClientRect().right;
    const rows = [...document.querySelectorAll('.doc-meta tr')].map((tr) => tr.getBoundingClientRect().width);
    const gaps = [...document.querySelectorAll('.doc-meta td')].map((td) => right - td.getBoundingClientRect().right);
    return { col, narrowest: Math.min(...rows), gap: Math.max(...gaps) };
  });
  assert(r.narrowest >= r.col - 2 && r.gap <= 2, `metadata rows ${r.narrowest} px in a ${r.col} px column, a value cell ends ${r.gap} px short`);
});

/** The header menu: folded at 360 px, opened by keyboard; a bar at 1280 px. */
async function menuChecks(p) {
  await p.setViewportSize(PHONE);
  await p.goto(url(kind('catalogue')));
  const link = p.locator('.main-nav a[href$="approvals/"]');
  assert(!(await link.isVisible()), 'the menu is not folded at 360 px');
  const summary = p.locator('.nav-menu > summary');
  const sbox = await summary.boundingBox();
  assert(sbox && sbox.height >= 44, `menu button ${JSON.stringify(sbox)} smaller than 44 px`);
  await summary.focus();
  await p.keyboard.press('Enter');
  assert(await link.isVisible(), 'Enter on the menu button does not show the menu');
  const sw = await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert(sw, 'the open menu scrolls sideways');
  await p.keyboard.press('Enter');
  assert(!(await link.isVisible()), 'Enter again does not fold the menu');
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.goto(url(kind('catalogue')));
  assert(await link.isVisible(), 'the menu is not shown as a bar at 1280 px');
  assert(!(await summary.isVisible()), 'the menu button is shown at 1280 px');
}

await t.test('header: a compact menu at 360 px that opens with the keyboard; a bar at 1280 px', async () => {
  await menuChecks(page);
});

await t.test('header: the compact menu works without JavaScript too', async () => {
  const nojs = await launch({ javaScriptEnabled: false, viewport: PHONE });
  try {
    await menuChecks(nojs.context.pages()[0] || (await nojs.context.newPage()));
  } finally {
    await nojs.close();
  }
});

await t.test('360 × 640 px: the first search result is in the first screen', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(url(kind('search with query')));
  await page.waitForSelector('#search-list a', { timeout: 10000 });
  const r = await page.evaluate(() => {
    const a = document.querySelector('#search-list a').getBoundingClientRect();
    return { top: a.top, bottom: a.bottom, scrollY: window.scrollY };
  });
  assert(r.scrollY === 0 && r.bottom <= PHONE.height, `first result at ${JSON.stringify(r)}`);
});

/** In the page: characters on each full line of the longest body paragraph (CJK = 1, other = ½). */
function measure(sel) {
  const ps = [...document.querySelectorAll(sel)].filter((p) => !p.classList.contains('signature') && !p.classList.contains('addressee'));
  const p = ps.sort((a, b) => b.textContent.length - a.textContent.length)[0];
  if (!p) return null;
  const lines = new Map();
  const range = document.createRange();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.length; i++) {
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !rect.width) continue;
      const key = Math.round(rect.top / 4);
      lines.set(key, (lines.get(key) || 0) + (n.data.charCodeAt(i) < 0x2e80 ? 0.5 : 1));
    }
  }
  const counts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  const fontPx = parseFloat(getComputedStyle(p).fontSize);
  return { counts, full: counts.slice(1, -1).concat(counts.length > 1 ? [counts[0] + 2] : []), ems: p.clientWidth / fontPx };
}

await t.test('1280 px: body text runs 35–45 characters a line (document, free page, bulletin)', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const out = [];
  for (const name of ['document, repealed (validity banner)', 'document with attachments', 'free page', 'bulletin without table']) {
    await page.goto(url(kind(name)));
    const m = await page.evaluate(measure, 'main .prose p');
    assert(m && m.counts.length >= 2, `${name}: no paragraph of two lines or more (${JSON.stringify(m)})`);
    const most = Math.max(...m.full);
    out.push(`${name}: ${most} characters a line, ${m.ems.toFixed(1)} em`);
    assert(most >= 35 && most <= 45, `${name}: ${most} characters a line (${JSON.stringify(m.counts)})`);
  }
  console.log(`    ${out.join('\n    ')}`);
});

await t.test('落款 right-aligned and 主送机关 flush left, on screen and in print; the printout names its source', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url(kind('document, repealed (validity banner)')));
  for (const media of ['screen', 'print']) {
    await page.emulateMedia({ media });
    const r = await page.evaluate(() => {
      const sig = document.querySelector('.prose p.signature');
      const to = document.querySelector('.prose p.addressee');
      const prose = document.querySelector('.prose').getBoundingClientRect();
      const range = document.createRange();
      if (sig) range.selectNodeContents(sig);
      const src = document.querySelector('.print-source');
      return {
        sig: sig && getComputedStyle(sig).textAlign,
        sigRight: sig ? prose.right - range.getBoundingClientRect().right : null,
        sigLeftGap: sig ? range.getBoundingClientRect().left - prose.left : null,
        to: to && getComputedStyle(to).textAlign,
        toIndent: to && getComputedStyle(to).textIndent,
        src: src && getComputedStyle(src).display !== 'none' ? src.textContent : '',
      };
    });
    assert(r.sig === 'right' && r.sigLeftGap > r.sigRight, `${media}: 落款 not right-aligned ${JSON.stringify(r)}`);
    assert(r.to && ['left', 'start'].includes(r.to) && r.toIndent === '0px', `${media}: 主送机关 not flush left ${JSON.stringify(r)}`);
    if (media === 'print') {
      const title = await page.evaluate(() => document.querySelector('meta[name=SiteName]').content);
      const canonical = await page.evaluate(() => document.querySelector('link[rel=canonical]').href);
      assert(r.src.includes(title) && r.src.includes(canonical), `print source line: "${r.src}"`);
    } else {
      assert(!r.src, 'the print source line shows on screen');
    }
  }
  await page.emulateMedia({ media: 'screen' });
});

await t.test('care mode: larger text, one column, bigger targets, a button that reads 退出关怀模式', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url('/'));
  await page.evaluate(() => localStorage.setItem('gongkai-care', '0'));
  await page.reload();
  const state = () =>
    page.evaluate(() => {
      const b = document.getElementById('care-toggle');
      const cols = (sel) => {
        const e = document.querySelector(sel);
        return e ? getComputedStyle(e).gridTemplateColumns.split(' ').length : 0;
      };
      const heights = [...document.querySelectorAll('main button:not([hidden]), main input, main select, header button')]
        .filter((e) => e.offsetParent)
        .map((e) => e.getBoundingClientRect().height);
      return {
        label: b.textContent.trim(),
        pressed: b.getAttribute('aria-pressed'),
        font: parseFloat(getComputedStyle(document.documentElement).fontSize),
        homeCols: cols('.home-grid'),
        smallest: Math.min(...heights),
      };
    });
  const off = await state();
  assert(off.label === '关怀模式' && off.pressed === 'false', `off: ${JSON.stringify(off)}`);
  assert(off.homeCols === 2, `the home page is not two columns at 1280 px normally: ${JSON.stringify(off)}`);
  await page.locator('#care-toggle').click();
  const on = await state();
  assert(on.label === '退出关怀模式' && on.pressed === 'true', `on: ${JSON.stringify(on)}`);
  assert(on.font >= off.font * 1.2, `text not larger: ${off.font} → ${on.font}`);
  assert(on.homeCols === 1, `care mode is not one column: ${JSON.stringify(on)}`);
  assert(on.smallest >= 48, `a control of ${on.smallest} px in care mode (want ≥ 48)`);
  await page.goto(url(kind('catalogue')));
  const facets = await page.evaluate(() => {
    const g = document.querySelector('.facet-groups');
    const b = [...document.querySelectorAll('.facet-button')].map((e) => e.getBoundingClientRect().height);
    return { cols: g ? getComputedStyle(g).gridTemplateColumns.split(' ').length : 0, smallest: Math.min(...b) };
  });
  assert(facets.cols === 1 && facets.smallest >= 44, `catalogue facets in care mode: ${JSON.stringify(facets)}`);
  await page.locator('#care-toggle').click();
  const back = await state();
  assert(back.label === '关怀模式' && back.pressed === 'false' && back.font === off.font, `off again: ${JSON.stringify(back)}`);
});

await close();
await stop();
t.done();
