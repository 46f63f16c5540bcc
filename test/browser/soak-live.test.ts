// Memory stays flat in the element's live loop (issue 16, defect 8: the page heap grew +72 % over 7,200
// frames of a looping video). soak.test.ts drives detect(); this one lets <yolo-detector> follow a
// looping <video> on its own (the pipelined frame loop, frames in flight, dropped frames, overlay,
// events, text alternative, perf log) and reads the page and worker heaps through CDP after a forced
// GC, with the loop paused and drained for each sample. 3,000 frames here; `npm run bench -- soak`
// runs 10,000.
import { commands } from 'vitest/browser';
import { describe, expect, inject, it } from 'vitest';
import '../../src/define.js';
import type { YoloDetectorElement } from '../../src/index.js';
import type { HeapSample } from './heap-commands.js';
import { collectErrors, kb, onceMoreIfStalled, probeWorker, readyOrError, until, within } from './soak-support.js';

const FRAMES = inject('soakFrames');
const WARM_UP = 300;
const EVERY = FRAMES >= 5000 ? 1000 : FRAMES >= 2000 ? 500 : 100;

describe('soak, live loop', () => {
  it(`${FRAMES} frames of a looping <video> through the element's live loop: page and worker heaps grow < 5 % after ${WARM_UP} warm-up frames`, { timeout: 2 * (120_000 + FRAMES * 200) }, () =>
    onceMoreIfStalled('soak-live', async () => {
      const video = document.createElement('video');
      video.src = '/samples/lights-clip.webm';
      video.muted = true;
      video.loop = true;
      video.playsInline = true;
      video.style.width = '416px';
      const el = document.createElement('yolo-detector') as YoloDetectorElement;
      el.backend = 'wasm';
      el.append(video);
      let frames = 0;
      let detections = 0;
      let lastResultAt = performance.now();
      el.addEventListener('yolo-detections', (event) => {
        frames++;
        detections += (event as CustomEvent<{ detections: { count: number } }>).detail.detections.count;
        lastResultAt = performance.now();
      });
      const errors = collectErrors(el);
      const ready = readyOrError(el);
      document.body.append(el);
      // where a stalled soak stood: the loop's count, the element, the video, the page, and the worker
      const state = async () =>
        `${frames} frames; paused ${el.paused}, page hidden ${document.hidden}; video readyState ${video.readyState}, ` +
        `paused ${video.paused}, t ${video.currentTime.toFixed(2)} s; errors [${errors.join(' | ')}]; ${await probeWorker(el, video)}`;
      const settle = () => until(() => performance.now() - lastResultAt > 300, 'the frames in flight to settle', state);
      try {
        await ready;
        await within(video.play(), 'video.play()', state);
        await until(() => frames >= WARM_UP, `${WARM_UP} warm-up frames`, state, () => frames);
        const curve: (HeapSample & { frame: number; loops: number })[] = [];
        let loops = 0;
        let lastTime = video.currentTime;
        video.addEventListener('timeupdate', () => {
          if (video.currentTime < lastTime) loops++; // the clip wrapped around
          lastTime = video.currentTime;
        });
        // pause the loop and let the frames in flight settle, so a sample holds no frame's transient objects
        const sample = async () => {
          el.paused = true;
          await settle();
          const s = await commands.heapUsage('detector.worker');
          if (s.silent.length > 0) console.log(`[soak-live] workers that did not answer: ${s.silent.join('; ')}`);
          expect(s.workers).toHaveLength(1);
          curve.push({ ...s, frame: frames, loops });
          console.log(`[soak-live] frame ${frames}: page ${kb(s.page)} KB, worker ${kb(s.workers[0])} KB`);
          el.paused = false;
        };
        el.paused = true;
        await settle();
        await commands.pageHeapCensus('live-warm'); // before the first sample: what a snapshot leaves behind is in the baseline
        await sample();
        for (let next = Math.min(WARM_UP + EVERY, FRAMES); ; next = Math.min(next + EVERY, FRAMES)) {
          await until(() => frames >= next, `frame ${next}`, state, () => frames);
          await sample();
          if (next === FRAMES) break; // the last sample is at FRAMES, whatever EVERY divides
        }
        el.paused = true;
        await settle();
        await commands.pageHeapCensus('live-end'); // after the last sample
        // what grew, by constructor (a leak shows up here as a count that scales with the frames)
        console.log(`[soak-live] page heap snapshot, frame ${WARM_UP} -> ${frames}, most growth by kind:\n${(await commands.pageHeapCensusDiff('live-warm', 'live-end')).join('\n')}`);
        const base = curve[0];
        const last = curve[curve.length - 1];
        const pageGrowth = (last.page - base.page) / base.page;
        const workerGrowth = (last.workers[0] - base.workers[0]) / base.workers[0];
        const p = el.perf.summary();
        console.log(
          [
            `[soak-live] ${frames} frames (${detections} detections, the clip looped ${loops} times), perf log ${p.frames} frames, ` +
              `${p.session.kept} kept; inference mean ${p.session.inference.mean.toFixed(1)} ms`,
            '| frame | page heap KB | worker heap KB |',
            '| --- | --- | --- |',
            ...curve.map((c) => `| ${c.frame} | ${kb(c.page)} | ${kb(c.workers[0])} |`),
            `[soak-live] growth after warm-up: page ${(pageGrowth * 100).toFixed(2)} %, worker ${(workerGrowth * 100).toFixed(2)} %`,
          ].join('\n'),
        );
        expect(frames).toBeGreaterThanOrEqual(FRAMES);
        expect(detections).toBeGreaterThan(frames); // the clip's lights are found, not empty frames
        expect(pageGrowth).toBeLessThan(0.05);
        expect(workerGrowth).toBeLessThan(0.05);
      } finally {
        video.pause();
        el.remove();
      }
    }));
});
