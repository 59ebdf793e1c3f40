// A tiny static file server for the browser tests: serves one folder on 127.0.0.1.
//   node tests/browser/serve.mjs <dir> [port]     (port 0 or absent: any free port)
// Prints "serving <dir> at http://127.0.0.1:<port>/" once listening. `/x/` maps to
// `/x/index.html`, `/x` to `/x/` (redirect) when that folder exists, and anything missing
// gets `/404.html` with status 404, as a static host would.
// Also usable as a module: `const { url, close } = await serve(dir)`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  const ext = path.extname(file).toLowerCase();
  if (file.endsWith('feed.xml')) return 'application/atom+xml; charset=utf-8';
  return TYPES[ext] || 'application/octet-stream';
}

function isFile(p) {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}
function isDir(p) {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

export function serve(dir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    const file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let target = null;
    let status = 200;
    if (pathname.endsWith('/')) {
      if (isFile(path.join(file, 'index.html'))) target = path.join(file, 'index.html');
    } else if (isFile(file)) {
      target = file;
    } else if (isDir(file) && isFile(path.join(file, 'index.html'))) {
      res.writeHead(301, { Location: pathname + '/' }).end();
      return;
    }
    if (!target) {
      status = 404;
      target = path.join(root, '404.html');
      if (!isFile(target)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
    }
    const body = fs.readFileSync(target);
    res.writeHead(status, {
      'Content-Type': contentType(target),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ url, server, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir || !isDir(dir)) {
    console.error('usage: node tests/browser/serve.mjs <dir> [port]');
    process.exit(2);
  }
  const { url } = await serve(dir, Number(process.argv[3] || 0));
  console.log(`serving ${dir} at ${url}`);
}
