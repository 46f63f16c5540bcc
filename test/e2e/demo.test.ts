// The built demo, as a newcomer sees it after `npm start`: it loads cross-origin isolated, the shipped
// model detects on the sample photo, and a screenshot is written to test-output/demo.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, serveBuiltDemo, type ServedDemo } from './served-page.js';

let demo: ServedDemo;
beforeAll(async () => {
  demo = await serveBuiltDemo();
});
afterAll(async () => {
  await demo?.close();
});

describe('the built demo', () => {
  it('detects lights on the sample photo with the shipped model and shows the perf panel', async () => {
    const page = await demo.open('/');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const result = await page.evaluate(
      () =>
        new Promise<{ count: number; labels: string[]; backend: string; threads: number; layout: string }>((resolve, reject) => {
          const el = document.querySelector('yolo-detector')!;
          let info: { backend: string; threads: number; layout: string } | undefined;
          el.addEventListener('yolo-ready', (e) => (info = (e as CustomEvent).detail));
          el.addEventListener('yolo-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail))));
          el.addEventListener('yolo-detections', (e) => {
            const r = (e as CustomEvent).detail;
            resolve({ count: r.detections.count, labels: [...r.labels], backend: info!.backend, threads: info!.threads, layout: info!.layout });
          });
        }),
    );
    expect(result.count).toBeGreaterThan(10);
    expect(result.labels).toEqual(['w', 'r', 'g', 'b']);
    expect(result.layout).toBe('yolov5-heads');
    expect(result.backend).toBe('wasm');
    expect(result.threads).toBeGreaterThan(1);
    // the panel repaints at most every 250 ms: wait for it to show the frame
    await page.waitForFunction(() => {
      const panel = document.querySelector('yolo-detector')!.shadowRoot!.querySelector('yolo-perf-panel');
      return /[1-9]/.test(panel?.shadowRoot?.querySelector('.stages tbody')?.textContent ?? '');
    });
    const summary = await page.textContent('#summary');
    expect(summary).toMatch(/detections/);
    await page.screenshot({ path: `${OUTPUT_DIR}/demo.png`, fullPage: true });
    await page.close();
  });

  it('asks for nothing that is not there: the favicon the browser fetches on its own included (bug 7)', async () => {
    const page = await demo.open('/', { width: 1280, height: 800 });
    await expect.poll(() => demo.responses.some((r) => /favicon\./.test(r.path)), { timeout: 60_000 }).toBe(true);
    expect(demo.responses.filter((r) => r.status >= 400)).toEqual([]);
    await page.close();
  });
});
