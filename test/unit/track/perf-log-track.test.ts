// The perf log's tracker row: shown only when tracked frames are in the window, with their percentiles.
import { describe, expect, it } from 'vitest';
import { PerfLog } from '../../../src/client/perf-log.js';

const entry = (frame: number, trackMs?: number) => ({
  frame, time: frame * 40, roundTripMs: 30, detections: 5, preprocessMs: 1, inferenceMs: 20, postprocessMs: 0.5, totalMs: 22, ...(trackMs === undefined ? {} : { trackMs }),
});

describe('PerfLog tracker time', () => {
  it('summarises trackMs when frames were tracked, and leaves it out otherwise', () => {
    const plain = new PerfLog();
    for (let f = 0; f < 5; f++) plain.record(entry(f));
    expect(plain.summary().track).toBeUndefined();
    const tracked = new PerfLog();
    tracked.record(entry(0, 9)); // the warm-up frame is kept apart
    for (let f = 1; f <= 4; f++) tracked.record(entry(f, f / 10));
    const s = tracked.summary().track!;
    expect(s.last).toBeCloseTo(0.4, 12);
    expect(s.p50).toBeCloseTo(0.2, 12);
    expect(s.p95).toBeCloseTo(0.4, 12);
  });
});
