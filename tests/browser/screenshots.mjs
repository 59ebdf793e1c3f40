// Full-page screenshots of every kind of page at 1280 px and 360 px (and in care mode), for a
// person to look at. Not a test: nothing is asserted.
//   node tests/browser/screenshots.mjs <public dir> <out dir> [base url] [--care] [--print]
import fs from 'node:fs';
import path from 'node:path';
import { launch, pageKinds, chromium } from './lib.mjs';
import { serve } from './serve.mjs';

const [publicDir, outDir, baseArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const care = process.argv.includes('--care');
const print = process.argv.includes('--print');
if (!publicDir || !outDir) {
  console.error('usage: node tests/browser/screenshots.mjs <public dir> <out dir> [base url] [--care] [--print]');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
let base = baseArg;
let stop = async () => {};
if (!base) ({ url: base, close: stop } = await serve(publicDir));
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const kinds = pageKinds(publicDir).filter((k) => !only || only.test(k.kind) || only.test(k.path));
const { context, close } = await launch();
const page = context.pages()[0] || (await context.newPage());
await page.goto(new URL('/', base).href);
await page.evaluate((v) => localStorage.setItem('gongkai-care', v ? '1' : '0'), care);
const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'home';
for (const width of [1280, 360]) {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
  if (print) await page.emulateMedia({ media: 'print' });
  for (const k of kinds) {
    await page.goto(new URL(k.path.replace(/^\//, ''), base).href, { waitUntil: 'load' });
    await page.waitForTimeout(150);
    const file = path.join(outDir, `${width}-${care ? 'care-' : ''}${print ? 'print-' : ''}${slug(k.kind)}.png`);
    // Tall pages are cut in tiles that an image viewer shows without shrinking them much.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const tile = width === 360 ? 1100 : 1400;
    for (let y = 0, n = 0; y < height; y += tile, n++) {
      const f = n === 0 ? file : file.replace(/\.png$/, `-${n + 1}.png`);
      await page.screenshot({ path: f, fullPage: true, clip: { x: 0, y, width, height: Math.min(tile, height - y) } });
      console.log(f);
    }
  }
}
await close();
await stop();
void chromium;
