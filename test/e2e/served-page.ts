// Builds the demo once per test file, serves it with `vite preview` (COOP/COEP on) and opens pages in
// the system Chromium through playwright-core.
import { mkdirSync } from 'node:fs';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tools/chromium.js';

export const OUTPUT_DIR = 'test-output';

export interface ServedDemo {
  url: string;
  browser: Browser;
  /** Every response the preview server sent, the browser's own requests (the favicon) included. */
  responses: { path: string; status: number }[];
  open(path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Production build into `outDir`, then a preview server and a browser. */
export async function serveBuiltDemo(outDir = 'test-output/demo-dist'): Promise<ServedDemo> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ configFile: 'vite.config.ts', build: { outDir }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 4173;
  const url = `http://127.0.0.1:${port}`;
  const responses: { path: string; status: number }[] = [];
  server.httpServer.on('request', (request, response) => {
    response.on('finish', () => responses.push({ path: new URL(request.url ?? '/', url).pathname, status: response.statusCode }));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return {
    url,
    browser,
    responses,
    async open(path = '/', viewport = { width: 1100, height: 1400 }) {
      const page = await browser.newPage({ viewport });
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await page.goto(url + path);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
