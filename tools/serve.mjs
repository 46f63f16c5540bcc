#!/usr/bin/env node
// A plain static file server (no bundler) for the examples and the library tests: correct MIME types
// (application/wasm), optional cross-origin isolation (COOP/COEP, for WASM threads) and an optional
// strict Content-Security-Policy. Usage: node tools/serve.mjs [--port 8080] [--root .] [--no-isolation] [--csp]
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** The strict policy the library is tested under (README, "Deployment"). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self' blob: data:; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self'; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Starts a server; resolves with its URL and a close function. `onResponse(path, status)`, when given,
 * hears about every response (tests use it to catch requests the page itself does not see, like
 * the browser's own /favicon.ico).
 */
export function serveStatic({ root = '.', port = 0, isolation = true, csp = false, onResponse = undefined } = {}) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (onResponse) response.on('finish', () => onResponse(url.pathname, response.statusCode));
    let path = normalize(join(base, decodeURIComponent(url.pathname)));
    if (path !== base && !path.startsWith(base + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const stat = statSync(path);
      const headers = {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'no-cache',
      };
      if (isolation) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (csp) headers['Content-Security-Policy'] = STRICT_CSP;
      response.writeHead(200, headers);
      if (request.method === 'HEAD') response.end();
      else createReadStream(path).pipe(response);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${address.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const { url } = await serveStatic({
    root: value('--root', '.'),
    port: Number(value('--port', 8080)),
    isolation: !args.includes('--no-isolation'),
    csp: args.includes('--csp'),
  });
  console.log(`serving ${resolve(value('--root', '.'))} at ${url}/ (examples: ${url}/examples/)`);
}
