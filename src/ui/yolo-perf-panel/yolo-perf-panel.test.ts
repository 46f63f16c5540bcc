// <yolo-perf-panel> in real Chromium: standalone (for="id"), throttled repaints, CSV export.
import { describe, expect, it, vi } from '../../../test/wtr/vitest-compat.js';
import '../../define.js';
import { PerfLog, type ModelInfo } from '../../index.js';
import { fixedModelUrl, nextEvent, solidCanvas } from '../test-support.js';
import type { YoloPerfPanelElement } from './yolo-perf-panel.js';
import { barAt, CHART_INSETS, niceCeil } from './frame-time-chart.js';

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
    const lines = log.toCSV().trim().split('\n').filter((l) => !l.startsWith('#')); // '#' lines say what the CSV covers
    expect(lines[0]).toBe('segment,model,backend,media,frame,time_ms,preprocess_ms,inference_ms,postprocess_ms,total_ms,round_trip_ms,detections,warmup,tiles');
    expect(lines).toHaveLength(3);
    expect(lines[1].endsWith(',1,1')).toBe(true); // warm-up, then model runs (tiles)
    expect(lines[2].endsWith(',0,1')).toBe(true);
    const summary = log.summary();
    expect(summary.firstFrame?.totalMs).toBe(50);
    expect(summary.total.p50).toBe(12); // the warm-up frame stays out of the percentiles
  });

  it('keeps two models apart: stats, frame log and header follow the model now loaded; the CSV names both (issue 14, bug 1)', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<yolo-detector backend="wasm" show-perf></yolo-detector>';
    document.body.append(host);
    try {
      const el = host.querySelector('yolo-detector')!;
      const canvas = solidCanvas(64, 64);
      canvas.id = 'photo';
      el.append(canvas);
      const firstReady = nextEvent<ModelInfo>(el, 'yolo-ready');
      el.model = `${fixedModelUrl([[32, 32, 32, 32, 0.9, 0.1, 0.8]])}#model-a.onnx`;
      await firstReady;
      for (let i = 0; i < 4; i++) await el.detect();
      // model B finds two boxes: its frames are told apart from A's by their detection count too
      const secondDetections = new Promise<void>((resolve) =>
        el.addEventListener('yolo-detections', (e) => e.detail.detections.count === 2 && resolve()),
      );
      el.model = `${fixedModelUrl([[16, 16, 8, 8, 0.9, 0.8, 0.1], [48, 48, 8, 8, 0.9, 0.1, 0.8]])}#model-b.onnx`;
      await secondDetections; // the still canvas is detected again with the new model
      const entries = el.perf.entries;
      const last = entries[entries.length - 1];
      expect(last.detections).toBe(2);
      const summary = el.perf.summary();
      expect(summary.segment.model).toBe('model-b.onnx');
      expect(summary.segment.media).toBe('canvas #photo');
      expect(summary.segment.frames).toBe(1);
      // "last" and the percentiles are model B's only frame, not model A's last one
      expect(summary.total.last).toBe(last.totalMs);
      expect(summary.total.p50).toBe(last.totalMs);
      expect(summary.firstFrame).toEqual(last); // entries are copies of the window (issue 16)
      const panel = el.shadowRoot!.querySelector('yolo-perf-panel')!;
      await vi.waitFor(() => {
        expect(panel.shadowRoot!.querySelector('header')!.textContent).toContain('model-b.onnx');
        const logRows = [...panel.shadowRoot!.querySelectorAll('.log tbody tr')];
        expect(logRows.map((r) => r.lastElementChild!.textContent)).toEqual(['2']); // boxes column: B's frame only
        expect(panel.shadowRoot!.querySelector('.live')!.textContent).toMatch(/\b1\s*frames/);
      });
      const csv = el.perf.toCSV().trim().split('\n').filter((l) => !l.startsWith('#'));
      const header = csv[0].split(',');
      const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
      expect(rows.filter((r) => r.model === 'model-a.onnx')).toHaveLength(5); // the load's own detection + 4 calls
      expect(rows.filter((r) => r.model === 'model-b.onnx').map((r) => r.detections)).toEqual(['2']);
      expect(new Set(rows.map((r) => r.backend))).toEqual(new Set(['wasm']));
      expect(new Set(rows.map((r) => r.media))).toEqual(new Set(['canvas #photo']));
    } finally {
      host.remove();
    }
  });

  it('frame-time chart: a ms axis, a legend, and the values of the bar under the pointer (issue 14)', async () => {
    const log = new PerfLog();
    for (let i = 0; i < 30; i++) log.record(entry(i, 10 + i)); // total 10..39 ms, inference total - 2
    const panel = document.createElement('yolo-perf-panel');
    panel.style.width = '480px';
    panel.log = log;
    document.body.append(panel);
    try {
      await panel.updateComplete;
      const root = panel.shadowRoot!;
      expect(root.querySelector('.legend')!.textContent).toMatch(/inference.*pre \+ post/s);
      const canvas = root.querySelector('canvas.chart') as HTMLCanvasElement;
      const rect = canvas.getBoundingClientRect();
      // the newest bar is the right-most slot of the plot area
      const x = rect.left + rect.width - CHART_INSETS.right - 1;
      canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: rect.top + rect.height / 2, bubbles: true }));
      await vi.waitFor(() => expect(root.querySelector('.hover')!.textContent).toMatch(/^frame 29: 39\.0 ms in the worker = 37\.0 inference \+ 2\.00 pre\/post/));
      // the axis goes to a round number above the slowest frame (39 ms -> 50 ms): its label is drawn left of the plot
      const ctx = canvas.getContext('2d')!;
      const dpr = devicePixelRatio;
      const labelArea = ctx.getImageData(0, 0, Math.floor(CHART_INSETS.left * dpr) - 2, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < labelArea.length; i += 4) if (labelArea[i] > 0) ink++;
      expect(ink).toBeGreaterThan(20);
      canvas.dispatchEvent(new PointerEvent('pointerleave'));
      await vi.waitFor(() => expect(root.querySelector('.hover')!.textContent).toMatch(/Point at a bar/));
    } finally {
      panel.remove();
    }
  });

  it('chart axis and hit-testing maths', () => {
    expect([niceCeil(39), niceCeil(0.7), niceCeil(100), niceCeil(101), niceCeil(0)]).toEqual([50, 1, 100, 200, 1]);
    const width = CHART_INSETS.left + 120 + CHART_INSETS.right; // 1 px per slot
    expect(barAt(CHART_INSETS.left + 119.5, width, 30, 120)).toBe(29);
    expect(barAt(CHART_INSETS.left + 90.5, width, 30, 120)).toBe(0);
    expect(barAt(CHART_INSETS.left + 10, width, 30, 120)).toBe(-1); // empty slots on the left
    expect(barAt(5, width, 30, 120)).toBe(-1); // over the axis
  });
});
