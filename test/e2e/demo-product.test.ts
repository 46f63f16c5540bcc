// The demo as a product (issue 14): the state bugs a newcomer hit (each checked here against the built
// demo), the video file tab's preview and inline result, image exports, the class chart, the ARIA tabs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { constantOutputModel } from '../helpers/onnx-builder.js';
import { OUTPUT_DIR, serveBuiltDemo, type ServedDemo } from './served-page.js';

let demo: ServedDemo;
beforeAll(async () => {
  demo = await serveBuiltDemo('test-output/demo-product-dist');
});
afterAll(async () => {
  await demo?.close();
});

const LONG = { timeout: 180_000 };

/** Opens the demo and waits for the shipped model's first detections on the sample photo. */
async function openDemo(): Promise<Page> {
  const page = await demo.open('/');
  await page.waitForFunction(() => document.querySelector('yolo-detector')!.lastDetections !== null, undefined, LONG);
  return page;
}

/** The summary line, the element's displayed result and the active-model line. */
const state = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('yolo-detector')!;
    const r = el.lastDetections;
    return {
      summary: document.getElementById('summary')!.textContent ?? '',
      shown: r ? { frame: r.frame, count: r.detections.count } : null,
      active: document.getElementById('model-active')!.textContent ?? '',
      picker: (document.getElementById('model-choice') as HTMLSelectElement).selectedOptions[0]?.textContent ?? '',
      info: el.info?.name ?? null,
    };
  });

describe('the demo, as a newcomer uses it', () => {
  it('names the model in use after a file load (bug 5) and after a failed load, with the error off the picture (bug 2)', async () => {
    const page = await openDemo();
    try {
      expect((await state(page)).active).toMatch(/Active model: wrgb-416\.onnx/);
      await page.setInputFiles('#model-file', { name: 'my-detector.onnx', mimeType: 'application/octet-stream', buffer: readFileSync('models/wrgb-416.onnx') });
      await page.waitForFunction(() => document.querySelector('yolo-detector')!.info?.name === 'my-detector.onnx', undefined, LONG);
      let s = await state(page);
      expect(s.picker).toBe('file: my-detector.onnx');
      expect(s.active).toMatch(/Active model: my-detector\.onnx/);

      await page.selectOption('#model-choice', 'url');
      await page.fill('#model-url', '/nowhere/missing.onnx');
      await page.press('#model-url', 'Enter');
      await page.waitForFunction(() => /did not load/.test(document.getElementById('model-active')!.textContent ?? ''), undefined, LONG);
      s = await state(page);
      expect(s.info).toBe('my-detector.onnx');
      expect(s.active).toMatch(/\/nowhere\/missing\.onnx did not load \(ModelLoadError\)\. Still using my-detector\.onnx/);
      expect(s.picker).toBe('file: my-detector.onnx');
      const overlap = await page.evaluate(() => {
        const el = document.querySelector('yolo-detector')!;
        const error = el.shadowRoot!.querySelector('[part="error"]')!.getBoundingClientRect();
        const img = el.querySelector('img')!.getBoundingClientRect();
        return error.left < img.right && error.right > img.left && error.top < img.bottom && error.bottom > img.top;
      });
      expect(overlap).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('offers the shipped fp16 / int8 / NMS variants in the picker, which stays on the one in use (issue 10)', async () => {
    const page = await openDemo();
    try {
      await page.selectOption('#model-choice', 'wrgb-int8');
      await page.waitForFunction(() => document.querySelector('yolo-detector')!.info?.name === 'wrgb-416-int8.onnx', undefined, LONG);
      const s = await state(page);
      expect(s.picker).toBe('wrgb-416 int8 (shipped variant)');
      expect(s.active).toMatch(/Active model: wrgb-416-int8\.onnx · yolov5-heads 320×320/);
      await page.selectOption('#model-choice', 'wrgb-nms');
      await page.waitForFunction(() => document.querySelector('yolo-detector')!.info?.layout === 'end2end', undefined, LONG);
      expect((await state(page)).picker).toBe('wrgb-416, NMS in the model (shipped variant)');
    } finally {
      await page.close();
    }
  });

  it('camera tab: after "No camera was found" the button offers to start the camera again (bug 3)', async () => {
    const page = await openDemo();
    try {
      await page.click('#tab-camera');
      await page.click('#camera-toggle');
      await page.waitForFunction(() => document.querySelector('yolo-detector')!.shadowRoot!.querySelector('[part="error"]'), undefined, LONG);
      await page.waitForFunction(() => document.getElementById('camera-toggle')!.textContent === 'Start camera', undefined, LONG);
      expect(await page.getAttribute('#camera-toggle', 'aria-pressed')).toBe('false');
      expect(await page.evaluate(() => document.querySelector('yolo-detector')!.camera)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('video file tab: preview while processing; the summary on the image tab stays the photo\'s (bug 4); result plays inline', async () => {
    const page = await openDemo();
    try {
      await page.click('#tab-file');
      await page.check('#annotate');
      await page.setInputFiles('#video-file', 'public/samples/lights-clip.mp4');
      // the preview seeks to the frame being processed and draws its boxes
      await page.waitForFunction(
        () => {
          const video = document.getElementById('preview-video') as HTMLVideoElement;
          const canvas = document.getElementById('preview-overlay') as HTMLCanvasElement;
          if (video.currentTime <= 0 || canvas.width < 2) return false;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
          return false;
        },
        undefined,
        LONG,
      );
      expect(await page.textContent('#preview-caption')).toMatch(/Processing: frame \d+ at [\d.]+ s, \d+ detections/);
      // switch to a photo while the job still runs
      await page.click('#tab-image');
      await page.click('[data-sample="/samples/lights-2.jpg"]');
      await page.waitForFunction(() => /lights-2/.test(document.querySelector('yolo-detector img')?.getAttribute('src') ?? '') && document.querySelector('yolo-detector')!.lastDetections, undefined, LONG);
      await page.waitForFunction(() => /^Done/.test(document.getElementById('video-status')!.textContent ?? ''), undefined, LONG);
      const s = await state(page);
      expect(s.shown).not.toBeNull();
      expect(s.summary).toContain(`Frame ${s.shown!.frame}: ${s.shown!.count} detections`);

      await page.click('#tab-file');
      const player = await page.evaluate(() => {
        const video = document.getElementById('preview-video') as HTMLVideoElement;
        return { controls: video.controls, src: video.src, caption: document.getElementById('preview-caption')!.textContent };
      });
      expect(player.controls).toBe(true);
      expect(player.src).toMatch(/^blob:/);
      expect(player.caption).toMatch(/annotated video|boxes found in each frame/);
      await page.evaluate(() => (document.getElementById('preview-video') as HTMLVideoElement).play());
      await page.waitForFunction(() => (document.getElementById('preview-video') as HTMLVideoElement).currentTime > 0.2, undefined, LONG);
    } finally {
      await page.close();
    }
  });

  it('video file tab: a file that is not a video says so and leaves no busy preview behind', async () => {
    const page = await openDemo();
    try {
      await page.click('#tab-file');
      await page.setInputFiles('#video-file', { name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('these are notes, not a video') });
      await page.waitForFunction(() => /VideoDecodeError/.test(document.getElementById('video-status')!.textContent ?? ''), undefined, LONG);
      expect(await page.textContent('#video-status')).toMatch(/"notes\.mp4" is not a video file/);
      const preview = await page.evaluate(() => ({
        hidden: (document.getElementById('video-preview') as HTMLElement).hidden,
        caption: document.getElementById('preview-caption')!.textContent,
        progress: (document.getElementById('video-progress') as HTMLElement | null)?.hidden ?? true,
      }));
      expect(preview).toEqual({ hidden: true, caption: '', progress: true });
    } finally {
      await page.close();
    }
  });

  it('class chart: full class names in the legend, axes, and values under the cursor (bug 6)', async () => {
    const page = await openDemo();
    try {
      await page.fill('#labels', 'white light,red light,green light,blue light');
      await page.press('#labels', 'Enter');
      await page.click('#tab-file');
      await page.fill('#frame-step', '2');
      await page.setInputFiles('#video-file', 'public/samples/lights-clip.mp4');
      await page.waitForFunction(() => /^Done/.test(document.getElementById('video-status')!.textContent ?? ''), undefined, LONG);
      const legend = await page.$$eval('#class-chart .u-legend .u-series .u-label', (cells) => cells.map((c) => c.textContent));
      expect(legend.slice(1).sort()).toEqual(['blue light', 'green light', 'red light', 'white light']);
      const over = (await page.$('#class-chart .u-over'))!;
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const values = await page.$$eval('#class-chart .u-legend .u-series .u-value', (cells) => cells.map((c) => c.textContent ?? ''));
      expect(values[0]).toMatch(/^\d+\.\d\d s$/);
      for (const v of values.slice(1)) expect(v).toMatch(/^\d+$/);
    } finally {
      await page.close();
    }
  });

  it('gives an 80-class model 80 distinct colours instead of the shipped model\'s four (bug 6)', async () => {
    const page = await openDemo();
    try {
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('yolo-detector')!).getPropertyValue('--yolo-colors').trim())).not.toBe('');
      const rows = Array.from({ length: 3 }, (_, k) => [16 + 16 * k, 32, 12, 12, 0.9, ...Array.from({ length: 80 }, (_, c) => (c === 10 + k ? 0.9 : 0.01))]);
      const model = constantOutputModel(64, [{ name: 'output0', dims: [1, rows.length, 85], data: new Float32Array(rows.flat()) }]);
      await page.setInputFiles('#model-file', { name: 'coco80.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(model) });
      await page.waitForFunction(() => document.querySelector('yolo-detector')!.info?.labels.length === 80, undefined, LONG);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('yolo-detector')!).getPropertyValue('--yolo-colors').trim())).toBe('');
      expect(await page.$$eval('#class-list input', (boxes) => boxes.length)).toBe(80);
    } finally {
      await page.close();
    }
  });

  it('image exports: JSON, COCO, YOLO .txt and an annotated PNG of the photo on screen', async () => {
    const page = await openDemo();
    try {
      const shown = (await state(page)).shown!;
      const save = async (kind: string) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
        return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
      };
      const json = await save('json');
      expect(json.name).toBe('lights-1.detections.json');
      expect(JSON.parse(json.bytes.toString()).detections).toHaveLength(shown.count);
      const coco = JSON.parse((await save('coco')).bytes.toString());
      expect(coco.annotations).toHaveLength(shown.count);
      expect(coco.images[0]).toMatchObject({ file_name: 'lights-1.jpg', width: 1280, height: 960 });
      const yolo = await save('yolo');
      expect(yolo.name).toBe('lights-1.txt');
      expect(yolo.bytes.toString().trim().split('\n')).toHaveLength(shown.count);
      const png = await save('png');
      expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
      expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1280, 960]);
      mkdirSync(`${OUTPUT_DIR}/screens`, { recursive: true });
      writeFileSync(`${OUTPUT_DIR}/screens/export-annotated.png`, png.bytes); // for people to look at
    } finally {
      await page.close();
    }
  });

  it('tabs follow the WAI-ARIA tabs pattern: roles, one tab stop, arrow keys, Home/End, panels', async () => {
    const page = await openDemo();
    try {
      const tabs = () =>
        page.$$eval('[role="tab"]', (all) =>
          all.map((t) => ({ id: t.id, selected: t.getAttribute('aria-selected'), tabIndex: (t as HTMLElement).tabIndex, focused: document.activeElement === t })),
        );
      const visiblePanel = () => page.$$eval('[role="tabpanel"]', (all) => all.filter((p) => !(p as HTMLElement).hidden).map((p) => p.getAttribute('aria-labelledby')));
      const ids = (await tabs()).map((t) => t.id);
      const last = ids[ids.length - 1];
      expect((await tabs()).filter((t) => t.tabIndex === 0).map((t) => t.id)).toEqual(['tab-image']);
      await page.focus('#tab-image');
      await page.keyboard.press('ArrowRight');
      let now = await tabs();
      expect(now.find((t) => t.focused)?.id).toBe('tab-video');
      expect(now.find((t) => t.selected === 'true')?.id).toBe('tab-video');
      expect(await visiblePanel()).toEqual(['tab-video']);
      await page.keyboard.press('End');
      expect((await tabs()).find((t) => t.focused)?.id).toBe(last);
      await page.keyboard.press('ArrowRight'); // wraps around
      now = await tabs();
      expect(now.find((t) => t.focused)?.id).toBe('tab-image');
      expect(now.filter((t) => t.tabIndex === 0).map((t) => t.id)).toEqual(['tab-image']);
      await page.keyboard.press('ArrowLeft'); // and back around
      expect((await tabs()).find((t) => t.selected === 'true')?.id).toBe(last);
      await page.keyboard.press('Home');
      expect(await visiblePanel()).toEqual(['tab-image']);
      for (const t of await page.$$eval('[role="tab"]', (all) => all.map((x) => [x.getAttribute('aria-controls'), x.id]))) {
        expect(await page.getAttribute(`#${t[0]}`, 'aria-labelledby')).toBe(t[1]);
      }
    } finally {
      await page.close();
    }
  });
});
