// The built demo's tiling controls (docs/tiling.md): 'auto' on the 1920x1080 sample runs the planner's
// number of model runs for the shipped model's input size (tiles + the full frame), draws the tile grid,
// and the summary says so. Screenshot: test-output/demo-tiling.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTiles } from '../../src/postprocess/tile-plan.js';
import { OUTPUT_DIR, serveBuiltDemo, type ServedDemo } from './served-page.js';

let demo: ServedDemo;
beforeAll(async () => {
  demo = await serveBuiltDemo('test-output/demo-tiling-dist');
});
afterAll(async () => {
  await demo?.close();
});

describe('the demo with tiling', () => {
  it("runs the 1920 px sample as tiles with tiling 'auto' and draws the grid", async () => {
    const page = await demo.open('/');
    await page.waitForFunction(() => document.querySelector('yolo-detector')?.info !== null);
    const input = await page.evaluate(() => {
      const info = document.querySelector('yolo-detector')!.info!;
      return { width: info.inputWidth, height: info.inputHeight };
    });
    const runs = planTiles(1920, 1080, input.width, input.height, 'auto').runs; // e.g. 8x4 tiles of 320 + the full frame
    expect(runs).toBeGreaterThan(1);
    // a result of the 1920 px sample with the given number of model runs
    const nextResult = (tiles: number) =>
      page.evaluate(
        (want) =>
          new Promise<{ tiles: number; count: number }>((resolve, reject) => {
            const el = document.querySelector('yolo-detector')!;
            el.addEventListener('yolo-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail))));
            el.addEventListener('yolo-detections', (e) => {
              const r = (e as CustomEvent).detail;
              const img = el.querySelector('img');
              if (r.tiles === want && img?.src.includes('small-lights-1920')) resolve({ tiles: r.tiles, count: r.detections.count });
            });
          }),
        tiles,
      );
    const plain = nextResult(1);
    await page.click('[data-sample="/samples/small-lights-1920.jpg"]');
    const off = await plain;
    const tiled = nextResult(runs);
    await page.selectOption('#tiling', 'auto');
    await page.check('#show-tiles');
    const auto = await tiled;
    expect(off.tiles).toBe(1);
    expect(auto.count).toBeGreaterThan(150); // 200 lights of 7 to 30 px (recall is checked in test/browser/tiling.test.ts)
    await expect.poll(() => page.textContent('#summary'), { timeout: 60_000 }).toMatch(new RegExp(`${runs} model runs`));
    // the grid is drawn: dashed lines across the overlay at the tile edges
    const lit = await page.evaluate(() => {
      const canvas = document.querySelector('yolo-detector')!.shadowRoot!.querySelector('canvas.overlay') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(lit).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUTPUT_DIR}/demo-tiling.png`, fullPage: false });
    await page.close();
  });
});
