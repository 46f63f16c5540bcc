// <yolo-perf-panel> in real Chromium: standalone (for="id"), throttled repaints, CSV export.
import { describe, expect, it, vi } from 'vitest';
import '../../define.js';
import { PerfLog, type ModelInfo } from '../../index.js';
import { fixedModelUrl, nextEvent, solidCanvas } from '../test-support.js';
import type { YoloPerfPanelElement } from './yolo-perf-panel.js';

const entry = (frame: number, totalMs: number) => ({
  frame,
  time: performance.now(),
  preprocessMs: 1,
  inferenceMs: totalMs - 2,
  postprocessMs: 1,
  totalMs,
  roundTripMs: totalMs + 1,
  detections: 3,
});

describe('<yolo-perf-panel>', () => {
  it('follows a <yolo-detector> named by its for attribute', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<yolo-detector id="followed" backend="wasm"></yolo-detector><yolo-perf-panel for="followed"></yolo-perf-panel>';
    document.body.append(host);
    try {
      const el = host.querySelector('yolo-detector')!;
      const panel = host.querySelector('yolo-perf-panel') as YoloPerfPanelElement;
      el.append(solidCanvas(64, 64));
      const ready = nextEvent<ModelInfo>(el, 'yolo-ready');
      el.model = fixedModelUrl([[32, 32, 32, 32, 0.9, 0.1, 0.8]]);
      await ready;
      await el.detect();
      await vi.waitFor(() => {
        expect(panel.shadowRoot!.querySelector('header')!.textContent).toMatch(/wasm.*yolov5.*64×64/s);
        expect(panel.shadowRoot!.querySelector('.live')!.textContent).toMatch(/[1-9]\d*\s*frames/);
      });
    } finally {
      host.remove();
    }
  });

  it('repaints at most every 250 ms however often frames arrive', async () => {
    const log = new PerfLog();
    const panel = document.createElement('yolo-perf-panel');
    panel.log = log;
    document.body.append(panel);
    try {
      await panel.updateComplete;
      let renders = 0;
      const original = panel.render.bind(panel);
      panel.render = () => {
        renders++;
        return original();
      };
      const start = performance.now();
      for (let i = 0; i < 200; i++) {
        log.record(entry(i, 10 + (i % 7)));
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 10));
      }
      await vi.waitFor(() => expect(panel.shadowRoot!.textContent).toContain('200'));
      const elapsed = performance.now() - start;
      expect(renders).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    } finally {
      panel.remove();
    }
  });

  it('exports the whole log as CSV, the warm-up frame flagged', () => {
    const log = new PerfLog();
    log.record(entry(0, 50));
    log.record(entry(1, 12));
    const lines = log.toCSV().trim().split('\n');
    expect(lines[0]).toBe('frame,time_ms,preprocess_ms,inference_ms,postprocess_ms,total_ms,round_trip_ms,detections,warmup');
    expect(lines).toHaveLength(3);
    expect(lines[1].endsWith(',1')).toBe(true);
    expect(lines[2].endsWith(',0')).toBe(true);
    const summary = log.summary();
    expect(summary.firstFrame?.totalMs).toBe(50);
    expect(summary.total.p50).toBe(12); // the warm-up frame stays out of the percentiles
  });
});
