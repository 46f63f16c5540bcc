// The library as a stranger uses it: `npm run build`, copy dist/ next to a page on a plain static
// server (not Vite), add the script and the element. With COOP/COEP (threads), without them
// (single-threaded), and under a strict Content-Security-Policy. Plus the custom-elements manifest.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tools/chromium.js';
import { serveStatic } from '../../tools/serve.mjs';
import { fixturePath, fixturesAvailable } from '../helpers/fixtures.js';

const SITE = 'test-output/site';
let browser: Browser;

beforeAll(() => {
  const build = spawnSync('node', ['tools/build.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(build.stdout.slice(build.stdout.indexOf('Library JavaScript')));
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  cpSync('dist', `${SITE}/dist`, { recursive: true });
  cpSync('examples', `${SITE}/examples`, { recursive: true });
  cpSync('public', `${SITE}/public`, { recursive: true });
});

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
});

async function openExample(page: string, options: { isolation: boolean; csp: boolean }) {
  // every response the server sends, the browser's own requests (the favicon) included
  const responses: { path: string; status: number }[] = [];
  const server = await serveStatic({ root: SITE, ...options, onResponse: (path, status) => responses.push({ path, status }) });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(`${server.url}/examples/${page}`);
  return { tab, errors, responses, close: async () => (await tab.close(), await server.close()) };
}

describe('the built library on a plain static server', () => {
  for (const [name, options, threads] of [
    ['with COOP/COEP (WASM threads)', { isolation: true, csp: false }, 'many'],
    ['without COOP/COEP (single-threaded)', { isolation: false, csp: false }, 'one'],
    ['under a strict CSP (script-src self + wasm-unsafe-eval)', { isolation: true, csp: true }, 'many'],
  ] as const) {
    it(`01-image: detections arrive ${name}`, async () => {
      const { tab, errors, close } = await openExample('01-image.html', options);
      try {
        await tab.waitForFunction(() => document.body.dataset.detections || document.body.dataset.error, undefined, { timeout: 120_000 });
        const state: Record<string, string | boolean | undefined> = await tab.evaluate(() => ({ ...document.body.dataset, isolated: crossOriginIsolated }));
        expect(state.error, errors.join('\n')).toBeUndefined();
        expect(Number(state.detections)).toBeGreaterThan(10);
        expect(state.isolated).toBe(options.isolation);
        if (threads === 'one') expect(state.threads).toBe('1');
        else expect(Number(state.threads)).toBeGreaterThan(1);
        expect(state.cspViolation).toBeUndefined();
      } finally {
        await close();
      }
    });
  }

  it('05-programmatic-api: createDetector works from dist/index.js without the element', async () => {
    const { tab, errors, close } = await openExample('05-programmatic-api.html', { isolation: true, csp: false });
    try {
      await tab.waitForFunction(() => document.body.dataset.detections, undefined, { timeout: 120_000 });
      expect(Number(await tab.evaluate(() => document.body.dataset.detections)), errors.join('\n')).toBeGreaterThan(10);
      expect(await tab.evaluate(() => customElements.get('yolo-detector'))).toBeUndefined(); // index.js registers nothing
    } finally {
      await close();
    }
  });
});

describe('the other examples', () => {
  it('03-video-file: every frame of the sample clip, with downloads', async () => {
    const { tab, errors, close } = await openExample('03-video-file.html', { isolation: true, csp: true });
    try {
      await tab.click('#sample');
      await tab.waitForFunction(() => document.body.dataset.frames, undefined, { timeout: 240_000 });
      expect(Number(await tab.evaluate(() => document.body.dataset.frames)), errors.join('\n')).toBe(120); // 6 s at 20 fps
      expect(await tab.locator('#downloads a').count()).toBe(2);
    } finally {
      await close();
    }
  });

  it.runIf(fixturesAvailable('04-bring-your-own-model with a fixture export'))(
    '04-bring-your-own-model: an Ultralytics export dropped in gets its layout and labels from the file',
    async () => {
      const { tab, close } = await openExample('04-bring-your-own-model.html', { isolation: true, csp: false });
      try {
        await tab.setInputFiles('#model', fixturePath('models', 'yolo11n_coco_320_int8dyn.onnx'));
        await tab.waitForFunction(() => /layout yolov8/.test(document.getElementById('info')!.textContent ?? ''), undefined, { timeout: 120_000 });
        const info = await tab.textContent('#info');
        expect(info).toMatch(/yolo11n_coco_320_int8dyn\.onnx: layout yolov8, input 320x320/);
        expect(info).toMatch(/80 labels from metadata: person, bicycle, car/);
      } finally {
        await close();
      }
    },
  );
});

describe('every example in a 1280x800 window (bug 7)', () => {
  // what each page must have done before it is measured: its detections, or its model's description
  const ready: Record<string, string> = {
    '01-image.html': 'document.body.dataset.detections || document.body.dataset.error',
    '04-bring-your-own-model.html': "/layout/.test(document.getElementById('info').textContent)",
    '05-programmatic-api.html': 'document.body.dataset.detections',
  };
  for (const page of ['index.html', '01-image.html', '02-webcam.html', '03-video-file.html', '04-bring-your-own-model.html', '05-programmatic-api.html']) {
    it(`${page}: nothing is wider than the window or clipped, and no request 404s (the favicon included)`, async () => {
      const { tab, errors, responses, close } = await openExample(page, { isolation: true, csp: false });
      try {
        if (ready[page]) await tab.waitForFunction(ready[page], undefined, { timeout: 120_000 });
        // the browser asks for the page's icon (or /favicon.ico without one) on its own, after the load
        await expect.poll(() => responses.some((r) => /favicon\./.test(r.path)), { timeout: 60_000 }).toBe(true);
        expect(responses.filter((r) => r.status >= 400), errors.join('\n')).toEqual([]);
        const widths = await tab.evaluate(() => ({ page: document.documentElement.scrollWidth, window: innerWidth }));
        expect(widths.page, 'page width').toBeLessThanOrEqual(widths.window);
        // no element's content is cut (text scrolled away inside a box); the wide canvas fits the page
        const clipped = await tab.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
            .map((e) => `${e.tagName.toLowerCase()}#${e.id}: ${e.scrollWidth} > ${e.clientWidth}`),
        );
        expect(clipped).toEqual([]);
        await tab.screenshot({ path: `test-output/example-${page.replace('.html', '')}-1280.png` });
      } finally {
        await close();
      }
    });
  }
});

describe('the custom-elements manifest', () => {
  it('lists every attribute and event of contract 2', () => {
    const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
    const element = manifest.modules
      .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
      .find((d: { tagName?: string }) => d.tagName === 'yolo-detector');
    const attributes = element.attributes.map((a: { name: string }) => a.name);
    for (const name of ['model', 'backend', 'score-threshold', 'iou-threshold', 'max-detections', 'labels', 'camera', 'show-perf', 'paused']) {
      expect(attributes).toContain(name);
    }
    expect(attributes).not.toContain('status'); // internal state is not an attribute
    const events = element.events.map((e: { name: string }) => e.name);
    expect(events.sort()).toEqual(['yolo-detections', 'yolo-error', 'yolo-progress', 'yolo-ready']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.customElements).toBe('dist/custom-elements.json');
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
  });
});
