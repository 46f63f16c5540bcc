// Memory stays flat in long sessions (issue 16): the shipped model runs on thousands of frames through
// <yolo-detector> (each a sample photo drawn into the slotted canvas, then detect(): capture, worker,
// overlay, events, perf log), and the JS heap of the page and of the worker, read through CDP after a
// forced GC, may not grow by 5 % or more after the warm-up. The curve is printed. 3,000 frames here;
// `npm run bench -- soak` runs 10,000.
import { commands } from 'vitest/browser';
import { describe, expect, inject, it } from 'vitest';
import '../../src/define.js';
import type { YoloDetectorElement } from '../../src/index.js';
import type { HeapSample } from './heap-commands.js';
import { collectErrors, kb, onceMoreIfStalled, probeWorker, readyOrError, within } from './soak-support.js';

const FRAMES = inject('soakFrames');
const WARM_UP = 300;
const EVERY = FRAMES >= 5000 ? 1000 : FRAMES >= 2000 ? 500 : 100;

async function photo(i: number): Promise<ImageBitmap> {
  const response = await fetch(`/samples/lights-${i}.jpg`);
  return createImageBitmap(await response.blob());
}

describe('soak', () => {
  it(`${FRAMES} frames of the shipped model through <yolo-detector>: page and worker heaps grow < 5 % after ${WARM_UP} warm-up frames`, { timeout: 2 * (120_000 + FRAMES * 200) }, () =>
    onceMoreIfStalled('soak', async () => {
      const photos = await Promise.all([1, 2, 3, 4].map(photo));
      const canvas = document.createElement('canvas');
      canvas.width = 416; // the model's input size: the page's capture is then a plain copy
      canvas.height = Math.round((416 * photos[0].height) / photos[0].width);
      const ctx = canvas.getContext('2d')!;
      const el = document.createElement('yolo-detector') as YoloDetectorElement;
      el.backend = 'wasm';
      el.append(canvas);
      const errors = collectErrors(el);
      const ready = readyOrError(el);
      document.body.append(el);
      let detections = 0;
      let done = 0;
      // where a stalled soak stood: frames done, the page, the element's errors, and the worker
      const state = async () =>
        `${done} frames done; page hidden ${document.hidden}; errors [${errors.join(' | ')}]; ${await probeWorker(el, canvas)}`;
      const frame = async (i: number) => {
        ctx.drawImage(photos[i % photos.length], 0, 0, canvas.width, canvas.height);
        detections += (await within(el.detect(), `frame ${i}`, state)).detections.count;
        done++;
      };
      try {
        await ready;
        for (let i = 0; i < WARM_UP; i++) await frame(i);
        const curve: (HeapSample & { frame: number; ms: number })[] = [];
        const t0 = performance.now();
        const sample = async (f: number) => {
          const s = await commands.heapUsage('detector.worker');
          if (s.silent.length > 0) console.log(`[soak] workers that did not answer: ${s.silent.join('; ')}`);
          expect(s.workers).toHaveLength(1);
          curve.push({ ...s, frame: f, ms: performance.now() - t0 });
          console.log(`[soak] frame ${f}: page ${kb(s.page)} KB, worker ${kb(s.workers[0])} KB`);
        };
        await commands.pageHeapCensus('warm'); // before the first sample: what a snapshot leaves behind is in the baseline
        await sample(WARM_UP);
        for (let i = WARM_UP; i < FRAMES; i++) {
          await frame(i);
          if ((i + 1) % EVERY === 0 || i + 1 === FRAMES) await sample(i + 1);
        }
        await commands.pageHeapCensus('end'); // after the last sample
        // what grew, by constructor (a leak shows up here as a count that scales with the frames)
        console.log(`[soak] page heap snapshot, frame ${WARM_UP} -> ${FRAMES}, most growth by kind:\n${(await commands.pageHeapCensusDiff('warm', 'end')).join('\n')}`);
        const base = curve[0];
        const last = curve[curve.length - 1];
        const pageGrowth = (last.page - base.page) / base.page;
        const workerGrowth = (last.workers[0] - base.workers[0]) / base.workers[0];
        const rows = curve.map((c) => `| ${c.frame} | ${(c.ms / 1000).toFixed(0)} | ${kb(c.page)} | ${kb(c.workers[0])} |`);
        const p = el.perf.summary();
        console.log(
          [
            `[soak] ${FRAMES} frames (${detections} detections), perf log ${p.frames} frames, ${p.session.kept} kept; ` +
              `inference mean ${p.session.inference.mean.toFixed(1)} ms, round trip mean ${p.session.roundTrip.mean.toFixed(1)} ms`,
            '| frame | s | page heap KB | worker heap KB |',
            '| --- | --- | --- | --- |',
            ...rows,
            `[soak] growth after warm-up: page ${(pageGrowth * 100).toFixed(2)} %, worker ${(workerGrowth * 100).toFixed(2)} %`,
          ].join('\n'),
        );
        expect(el.perf.summary().frames).toBeGreaterThanOrEqual(FRAMES); // + the detection the element runs on load
        expect(pageGrowth).toBeLessThan(0.05);
        expect(workerGrowth).toBeLessThan(0.05);
      } finally {
        el.remove();
        photos.forEach((p) => p.close());
      }
    }));
});
