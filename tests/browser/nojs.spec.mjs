// The accessibility statement claims only what is true: every item of its section on what
// works with JavaScript off (and what needs it) is checked here, in a browser with JavaScript
// disabled. A claim without a check fails, so the statement and this test change together.
//   node tests/browser/nojs.spec.mjs <public dir> [base url]
import fs from 'node:fs';
import path from 'node:path';
import { launch, target, pageKinds, harness, assert } from './lib.mjs';

const { publicDir, url, stop } = await target();
const t = harness('nojs');
const kinds = pageKinds(publicDir);
const kind = (name) => {
  const k = kinds.find((x) => x.kind === name);
  assert(k, `no page of kind "${name}" in the output`);
  return k.path;
};
const { context, close } = await launch({ javaScriptEnabled: false });
const page = context.pages()[0] || (await context.newPage());
const html = (p) => fs.readFileSync(path.join(publicDir, p, 'index.html'), 'utf8');
const visible = (sel) => page.locator(sel).first().isVisible();

/** Each claim of the statement, found by a phrase, and the check that makes it true. */
const CHECKS = [
  {
    claim: /正文、表格和附件链接完整可读/,
    async check() {
      const bad = [];
      for (const name of ['document with attachments', 'bulletin with chart', 'approval item', 'journal issue', 'free page', 'statistics']) {
        if (!kinds.some((k) => k.kind === name)) continue;
        await page.goto(url(kind(name)));
        const r = await page.evaluate(() => {
          const main = document.querySelector('main');
          const tables = [...main.querySelectorAll('table')].every((tb) => tb.offsetParent && tb.rows.length > 0);
          const files = [...main.querySelectorAll('.attachments a')].every((a) => a.offsetParent && a.getAttribute('href'));
          return { h1: !!main.querySelector('h1'), text: main.innerText.trim().length, tables, files };
        });
        if (!(r.h1 && r.text > 100 && r.tables && r.files)) bad.push(`${name}: ${JSON.stringify(r)}`);
      }
      assert(bad.length === 0, bad.join('\n'));
    },
  },
  {
    claim: /栏目导航.*展开和收起/,
    async check() {
      await page.setViewportSize({ width: 360, height: 640 });
      await page.goto(url(kind('home')));
      const link = page.locator('.main-nav a[href$="catalog/"]');
      assert(!(await link.isVisible()), 'the menu is not folded on a phone');
      await page.locator('.nav-menu > summary').click();
      assert(await link.isVisible(), 'the menu does not open');
      await page.locator('.nav-menu > summary').click();
      assert(!(await link.isVisible()), 'the menu does not fold again');
      await page.setViewportSize({ width: 1280, height: 900 });
    },
  },
  {
    claim: /信息公开目录完整列出文件，可按有效性筛选，并可按发布机构、主题和年份/,
    async check() {
      await page.goto(url('/catalog/'));
      const rows = await page.locator('table.catalog tbody tr:visible').count();
      assert(rows > 0, 'no rows');
      // 有效性: each link leads to a page listing only documents of that validity.
      const links = await page.evaluate(() => [...document.querySelectorAll('.validity-filter a')].map((a) => [a.textContent, a.getAttribute('href')]));
      assert(links.length >= 4, `validity links: ${JSON.stringify(links)}`);
      for (const [label, href] of links.filter(([l]) => l !== '全部')) {
        await page.goto(new URL(href, url('/catalog/')).href);
        const vals = await page.evaluate(() => [...document.querySelectorAll('table.catalog td.c-validity')].map((td) => td.textContent.trim()));
        assert(vals.every((v) => v.includes(label.slice(0, 2))), `${label}: ${href} lists ${JSON.stringify(vals)}`);
      }
      // 发布机构、主题、年份: the facets are links to pages that exist and list documents.
      await page.goto(url('/catalog/'));
      const facets = await page.evaluate(() =>
        ['dept', 'topic', 'year'].map((k) => [k, [...document.querySelectorAll(`.facet-${k} a`)].map((a) => a.getAttribute('href'))]),
      );
      for (const [k, hrefs] of facets) {
        assert(hrefs.length > 0, `no ${k} links`);
        const p = new URL(hrefs[0], url('/catalog/')).pathname;
        assert(/<a href=[^>]*\/documents\//.test(html(p)), `${k}: ${p} lists no document`);
      }
    },
  },
  {
    claim: /审批时限索引按实施主体分组列出全部事项及其法定时限、承诺时限、收费、网办和跑动次数/,
    async check() {
      await page.goto(url(kind('approvals catalogue')));
      const r = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('table.items tbody tr')];
        const shown = (sel) => rows.every((tr) => {
          const td = tr.querySelector(sel);
          return td && td.offsetParent && td.textContent.trim();
        });
        const heads = [...document.querySelectorAll('.dept-group h2 a')].map((a) => [a.textContent, a.getAttribute('href')]);
        return {
          rows: rows.length,
          fields: ['.i-name', '.i-statutory', '.i-promised', '.i-fee', '.i-online', '.i-visits'].every(shown),
          groups: document.querySelectorAll('.dept-group').length,
          heads,
          items: rows.map((tr) => [tr.getAttribute('data-department'), tr.querySelector('a').getAttribute('href')]),
        };
      });
      const pages = fs.readdirSync(path.join(publicDir, 'approvals'), { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== 'changes' && fs.existsSync(path.join(publicDir, 'approvals', e.name, 'index.html')));
      assert(r.rows === pages.length && r.fields, `rows ${r.rows} of ${pages.length} items, fields shown: ${r.fields}`);
      assert(r.groups >= 2 && r.heads.length >= 1, `groups ${r.groups}, linked headings ${r.heads.length}`);
      // 点击实施主体名称: the department's page lists every item of that department.
      for (const [dept, href] of r.heads) {
        const p = new URL(href, url('/approvals/')).pathname;
        const page2 = html(p);
        const missing = r.items.filter(([d]) => d === dept).filter(([, h]) => !page2.includes(`href="${h}"`) && !page2.includes(`href=${h}`));
        assert(missing.length === 0, `${p} lacks ${missing.map((m) => m[1]).join(', ')}`);
      }
    },
  },
  {
    claim: /图表在生成网站时绘制，并附有数据表格/,
    async check() {
      for (const name of ['bulletin with chart', 'statistics']) {
        await page.goto(url(kind(name)));
        const r = await page.evaluate(() => ({
          charts: [...document.querySelectorAll('svg.chart')].filter((s) => s.getBoundingClientRect().width > 0 && s.querySelector('rect')).length,
          tables: document.querySelectorAll('main table').length,
        }));
        assert(r.charts >= 1 && r.tables >= 1, `${name}: ${JSON.stringify(r)}`);
      }
    },
  },
  {
    claim: /站内搜索（未启用时，搜索页提供信息公开目录、审批时限索引等浏览入口）/,
    async check() {
      await page.goto(url(kind('search with query')));
      const r = await page.evaluate(() => ({
        results: document.querySelectorAll('#search-list a').length,
        links: [...document.querySelectorAll('main a')].filter((a) => a.offsetParent).map((a) => a.getAttribute('href')),
        note: [...document.querySelectorAll('main p')].some((p) => p.offsetParent && /搜索需要启用 ?JavaScript/.test(p.textContent)),
      }));
      assert(r.results === 0, 'search shows results without JavaScript: the statement says it needs JavaScript');
      assert(r.note, 'no visible note that search needs JavaScript');
      assert(r.links.some((h) => /catalog\/$/.test(h)) && r.links.some((h) => /approvals\/$/.test(h)), `links: ${r.links}`);
    },
  },
  {
    claim: /关键词筛选和排序，以及信息公开目录在本页内的分类筛选（未启用时，分类是通往各栏目页面的链接）/,
    async check() {
      await page.goto(url(kind('approvals catalogue')));
      assert(!(await visible('#item-filter')), 'the filter form shows although it cannot work');
      assert((await page.locator('table.items th button').count()) === 0, 'sort buttons without JavaScript');
      await page.goto(url('/catalog/'));
      assert((await page.locator('.facet-button').count()) === 0, 'facet buttons without JavaScript');
      const hrefs = await page.evaluate(() => [...document.querySelectorAll('.facets a')].map((a) => a.getAttribute('href')));
      const broken = hrefs.filter((h) => h === '#' || !fs.existsSync(path.join(publicDir, new URL(h, 'http://x/').pathname, 'index.html')));
      assert(hrefs.length > 0 && broken.length === 0, `facet links to nowhere: ${broken.join(', ')}`);
    },
  },
  {
    claim: /办结期限的自动计算（未启用时，计算器页面说明逐日推算的方法，各事项页面以文字列出法定和承诺办结时限）/,
    async check() {
      await page.goto(url(kind('deadline calculator')));
      assert(!(await visible('form.deadline-calc')), 'the calculator form shows although it cannot compute');
      const note = await page.evaluate(() => [...document.querySelectorAll('.noscript-note')].some((n) => n.offsetParent && /逐日数满/.test(n.textContent)));
      assert(note, 'no visible explanation of the count by hand');
      await page.goto(url(kind('approval item')));
      assert(!(await visible('form.deadline-calc')), 'the item page shows a calculator that cannot compute');
      const limits = await page.evaluate(() => [...document.querySelectorAll('.limits dt')].filter((dt) => dt.offsetParent).map((dt) => `${dt.textContent}:${dt.nextElementSibling.textContent}`));
      assert(limits.some((l) => /法定办结时限:\d+ 个工作日/.test(l)) && limits.some((l) => /承诺办结时限:\d+ 个工作日/.test(l)), `limits: ${limits}`);
    },
  },
  {
    claim: /关怀模式按钮（未启用时不显示该按钮/,
    async check() {
      await page.goto(url('/'));
      assert(!(await visible('#care-toggle')), 'the care toggle shows although it cannot work');
    },
  },
];

// The statement's claims: the list items of its section on JavaScript.
await page.goto(url(kind('accessibility statement')));
const claims = await page.evaluate(() => {
  const h = [...document.querySelectorAll('main h2')].find((e) => /JavaScript/.test(e.textContent));
  const out = [];
  for (let e = h && h.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
    if (e.tagName === 'UL' || e.tagName === 'OL') out.push(...[...e.children].map((li) => li.textContent.trim()));
  }
  return out;
});

await t.test(`the statement has a section on JavaScript, and every claim in it has a check (${claims.length} claims)`, async () => {
  assert(claims.length > 0, 'no section on JavaScript (an h2 naming JavaScript, followed by lists) in the statement');
  const unchecked = claims.filter((c) => CHECKS.filter((k) => k.claim.test(c)).length !== 1);
  assert(unchecked.length === 0, `claims without exactly one check:\n${unchecked.join('\n')}`);
  const unused = CHECKS.filter((k) => !claims.some((c) => k.claim.test(c)));
  assert(unused.length === 0, `checks whose claim is gone from the statement: ${unused.map((k) => k.claim).join(', ')}`);
});

for (const c of claims) {
  const k = CHECKS.find((x) => x.claim.test(c));
  if (k) await t.test(`without JavaScript: ${c}`, () => k.check());
}

await close();
await stop();
t.done();
