// The built demo's tracking sample: lights that cross and pass behind posts, with tracking and trails on.
// IDs must hold: the labels name them (`r #3`), and one ID follows its light for many frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, serveBuiltDemo, type ServedDemo } from './served-page.js';

let demo: ServedDemo;
beforeAll(async () => {
  demo = await serveBuiltDemo('test-output/demo-tracking-dist');
});
afterAll(async () => {
  await demo?.close();
});

describe('the demo with tracking', () => {
  it('tracks the moving-lights clip: detections carry track IDs that last', async () => {
    const page = await demo.open('/');
    await page.waitForFunction(() => /Active model/.test(document.querySelector('#model-active')?.textContent ?? ''), undefined, { timeout: 120_000 });
    await page.click('#tab-video');
    await page.click('[data-clip="lights-tracks"]');
    expect(await page.isChecked('#track')).toBe(true);
    const seen = await page.evaluate(
      () =>
        new Promise<{ frames: number; longest: number; ids: number }>((resolve, reject) => {
          const el = document.querySelector('yolo-detector')!;
          const counts = new Map<number, number>();
          let frames = 0;
          el.addEventListener('yolo-error', (e) => reject(new Error(JSON.stringify((e as CustomEvent).detail))));
          el.addEventListener('yolo-detections', (e) => {
            const ids: Uint32Array | undefined = (e as CustomEvent).detail.detections.trackIds;
            if (!ids) return;
            frames++;
            for (const id of ids) if (id !== 0) counts.set(id, (counts.get(id) ?? 0) + 1);
            if (frames >= 25) resolve({ frames, longest: Math.max(0, ...counts.values()), ids: counts.size });
          });
        }),
    );
    expect(seen.ids).toBeGreaterThan(3);
    expect(seen.longest).toBeGreaterThanOrEqual(20); // at least one light kept its ID over 20 processed frames
    await page.screenshot({ path: `${OUTPUT_DIR}/demo-tracking.png`, fullPage: true });
    await page.close();
  });
});
