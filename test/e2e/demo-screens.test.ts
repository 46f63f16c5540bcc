// Screenshots of every demo tab at a laptop size (1280x800) and a phone size (390x844), written to
// test-output/screens/ for people to look at (issue 14), plus the layout checks a phone needs.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUTPUT_DIR, serveBuiltDemo, type ServedDemo } from './served-page.js';

let demo: ServedDemo;
const DIR = `${OUTPUT_DIR}/screens`;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  demo = await serveBuiltDemo('test-output/demo-screens-dist');
});
afterAll(async () => {
  await demo?.close();
});

const LONG = { timeout: 180_000 };
const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/** Nothing sticks out sideways: the page never scrolls horizontally. */
async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('demo screenshots', () => {
  for (const [name, viewport] of SIZES) {
    it(`every tab at ${viewport.width}x${viewport.height}`, async () => {
      const page = await demo.open('/', viewport);
      try {
        await page.waitForFunction(() => document.querySelector('yolo-detector')!.lastDetections !== null, undefined, LONG);
        await page.waitForTimeout(300); // one perf panel repaint (250 ms throttle) so it shows the frame
        await expectNoSideScroll(page);
        if (name === 'phone') {
          // the whole picture is on the first screen: the settings start folded on a phone
          const bottom = await page.evaluate(() => document.querySelector('yolo-detector img')!.getBoundingClientRect().bottom);
          expect(bottom).toBeLessThanOrEqual(viewport.height);
        }
        await page.screenshot({ path: `${DIR}/${name}-image.png`, fullPage: true });

        await page.click('#tab-video');
        await page.waitForFunction(() => (document.querySelector('yolo-detector video') as HTMLVideoElement | null)?.currentTime ?? 0 > 0.3, undefined, LONG);
        await page.waitForFunction(() => document.querySelector('yolo-detector')!.lastDetections !== null, undefined, LONG);
        await expectNoSideScroll(page);
        await page.screenshot({ path: `${DIR}/${name}-video.png`, fullPage: true });

        await page.click('#tab-camera');
        await page.click('#camera-toggle');
        await page.waitForFunction(() => document.getElementById('camera-toggle')!.textContent === 'Start camera' && document.querySelector('yolo-detector')!.shadowRoot!.querySelector('[part="error"]'), undefined, LONG);
        await expectNoSideScroll(page);
        await page.screenshot({ path: `${DIR}/${name}-camera.png`, fullPage: true });

        await page.click('#tab-file');
        await page.click('#video-sample');
        await page.waitForFunction(() => /^Done/.test(document.getElementById('video-status')!.textContent ?? ''), undefined, LONG);
        await page.waitForTimeout(300);
        await expectNoSideScroll(page);
        await page.screenshot({ path: `${DIR}/${name}-file.png`, fullPage: true });

        // any other tab (e.g. Evaluate) as it first appears
        for (const id of await page.$$eval('[role="tab"]', (all) => all.map((t) => t.getAttribute('data-tab')!))) {
          if (['image', 'video', 'camera', 'file'].includes(id)) continue;
          await page.click(`[role="tab"][data-tab="${id}"]`);
          await expectNoSideScroll(page);
          await page.screenshot({ path: `${DIR}/${name}-${id}.png`, fullPage: true });
        }

        if (name === 'phone') {
          // controls stay usable: every button and input on the image tab is at least 24 px tall and on screen
          await page.click('#tab-image');
          await page.click('#settings > summary');
          await page.screenshot({ path: `${DIR}/${name}-settings.png`, fullPage: true });
          const small = await page.$$eval('.controls select, .tabs button, .tab-tools:not([hidden]) button', (all) =>
            all.map((e) => e.getBoundingClientRect()).filter((r) => r.height < 24 || r.right > window.innerWidth).length,
          );
          expect(small).toBe(0);
        }
      } finally {
        await page.close();
      }
    });
  }
});
