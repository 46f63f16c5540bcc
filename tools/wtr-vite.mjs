// @web/test-runner with the app's Vite pipeline (issue 16): a Vite dev server in middleware mode, built
// from vite.config.ts, answers every module, asset and worker request of wtr's test pages, so the suites
// see exactly the app's transforms (TS, Lit decorators, `new URL(..., import.meta.url)` workers and
// assets, `?url`/`?worker`, pre-bundled dependencies, `import.meta.env`). wtr keeps its own routes: the
// test page (`/`), its runtime (`/__web-test-runner__/…`, `/__web-dev-server__…`). One server, one port:
// nothing to proxy, no second port to collide with other Vite servers on a shared machine.
import { resolve } from 'node:path';
import { createServer } from 'vite';

/** COOP + COEP on every response: crossOriginIsolated pages, hence SharedArrayBuffer and WASM threads. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Paths wtr serves itself; everything else is Vite's. */
function ownedByWtr(path) {
  return path === '/' || path.startsWith('/__web-test-runner__') || path.startsWith('/__web-dev-server__') || path.startsWith('/__wds-');
}

/**
 * The Vite side of the test runner.
 * @param {{ root: string, testFiles: string[], include?: string[] }} options `testFiles`: globs Vite
 *   crawls for dependencies before the first page loads (a dependency found mid-run would make Vite
 *   re-bundle and invalidate modules the page already holds); `include`: extra dependencies to pre-bundle.
 * @returns {{ middleware: Function, plugin: object }} a Koa middleware for wtr's `middleware` (it runs
 *   before wtr's own) and a wtr plugin that closes Vite when wtr stops.
 */
export function viteForWtr({ root, testFiles, include = [] }) {
  /** Resolves once wtr's server is up and Vite is built on it. */
  let ready;
  const started = new Promise((resolve) => (ready = resolve));

  /** Koa middleware: isolation headers on everything; Vite answers what it knows, wtr the rest. */
  async function middleware(ctx, next) {
    ctx.set(ISOLATION_HEADERS);
    if (ownedByWtr(ctx.path)) return next();
    const vite = await started;
    const handled = await new Promise((done, fail) => {
      const finished = () => done(true);
      ctx.res.once('finish', finished);
      ctx.res.once('close', finished);
      vite.middlewares(ctx.req, ctx.res, (error) => {
        ctx.res.off('finish', finished);
        ctx.res.off('close', finished);
        if (error) fail(error);
        else done(false);
      });
    });
    if (handled) ctx.respond = false; // Vite wrote the response on the raw Node objects
    else await next();
  }

  /** @type {import('vite').ViteDevServer | undefined} */
  let vite;
  const plugin = {
    name: 'yolo-vite-bridge',
    async serverStart({ server }) {
      vite = await createServer({
        root,
        configFile: resolve(root, 'vite.config.ts'),
        appType: 'custom',
        clearScreen: false,
        logLevel: 'warn',
        // its own optimizer cache: a vitest browser run (another process) may rewrite node_modules/.vite
        cacheDir: resolve(root, 'node_modules/.vite-wtr'),
        server: {
          middlewareMode: true,
          // Vite's client must connect: it is imported by any module with a computed dynamic import
          // (onnxruntime-web's bundle, for one), in pages and workers alike, and an unconnected client
          // throws there. Its socket shares wtr's port; wtr only takes upgrades on its own path.
          ws: { server },
          hmr: { overlay: false }, // an error overlay would sit over the elements under test
          watch: null, // wtr runs once and exits: no watcher eating the 2 cores
        },
        optimizeDeps: { entries: testFiles, include },
      });
      ready(vite);
    },
    async serverStop() {
      await vite?.close();
    },
  };
  return { middleware, plugin };
}
