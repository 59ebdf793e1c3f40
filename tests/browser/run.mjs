// Runs every browser check of the portal against a built output folder:
//   node tests/browser/run.mjs <public dir> [--only NAME[,NAME]] [--no-vnu]
// 1. serves <public dir> on 127.0.0.1 (tests/browser/serve.mjs),
// 2. runs each tests/browser/*.spec.mjs as `node X.spec.mjs <public dir> <base url>`
//    (see tests/browser/README.md for the convention),
// 3. runs the W3C Nu HTML checker (npm vnu-jar) over every HTML file of the output in one call,
// and ends with `browser: N passed, N failed`; exits 1 when anything failed.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const publicDir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--only'));
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1].split(',') : null;
const noVnu = args.includes('--no-vnu');
if (!publicDir || !fs.existsSync(path.join(publicDir, 'index.html'))) {
  console.error('usage: node tests/browser/run.mjs <public dir> [--only NAME[,NAME]] [--no-vnu]');
  process.exit(2);
}
const dir = path.resolve(publicDir);

function run(cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, out }));
  });
}

const { url, close } = await serve(dir);
console.log(`serving ${dir} at ${url}`);
let passed = 0;
let failed = 0;
const summary = [];

const specs = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.spec.mjs'))
  .sort()
  .filter((f) => !only || only.includes(f.replace(/\.spec\.mjs$/, '')));
for (const spec of specs) {
  const name = spec.replace(/\.spec\.mjs$/, '');
  console.log(`\n=== ${spec}`);
  const start = Date.now();
  const r = await run(process.execPath, [path.join(here, spec), dir, url], { env: process.env });
  // A spec that prints `<name>: N passed, N failed` is counted by its tests; any other by its exit code.
  const m = [...r.out.matchAll(/^[\w-]+: (\d+) passed, (\d+) failed/gm)].pop();
  let p = m ? Number(m[1]) : r.code === 0 ? 1 : 0;
  let f = m ? Number(m[2]) : r.code === 0 ? 0 : 1;
  if (r.code !== 0 && f === 0) f = 1; // crashed after its summary, or killed
  passed += p;
  failed += f;
  summary.push(`${r.code === 0 && f === 0 ? 'ok    ' : 'FAILED'} ${spec}: ${p} passed, ${f} failed (${((Date.now() - start) / 1000).toFixed(1)} s)`);
}

if (!noVnu && (!only || only.includes('vnu'))) {
  console.log('\n=== W3C Nu HTML checker (vnu-jar)');
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  let html = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.html')) html++;
    }
  };
  walk(dir);
  const start = Date.now();
  const r = await run('java', ['-Xss8m', '-jar', jar, '--errors-only', '--skip-non-html', dir]);
  const errors = (r.out.match(/: error: /g) || []).length;
  const ok = r.code === 0 && errors === 0;
  if (ok) passed++;
  else failed++;
  console.log(`vnu: ${html} HTML files, ${errors} errors`);
  summary.push(`${ok ? 'ok    ' : 'FAILED'} vnu: ${html} HTML files, ${errors} errors (${((Date.now() - start) / 1000).toFixed(1)} s)`);
}

await close();
console.log(`\n${summary.join('\n')}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
