// The perf log stays bounded in long sessions (issue 16): a fixed window of frames, whole-session
// statistics kept as running sums, and a CSV that says which frames it holds.
import { describe, expect, it } from 'vitest';
import { PerfLog, type PerfEntry } from '../../src/client/perf-log.js';

/** A frame whose times are a fixed function of its index (so the truth can be recomputed). */
function entry(i: number): PerfEntry {
  return {
    frame: i,
    time: 1000 + i * 33.25,
    preprocessMs: 1 + (i % 5),
    inferenceMs: 20 + ((i * 7) % 13),
    postprocessMs: 0.5,
    totalMs: 21.5 + (i % 5) + ((i * 7) % 13),
    roundTripMs: 25 + (i % 3),
    detections: i % 4,
  };
}

/** Brute-force count, mean, population stdev, min, max. */
function truth(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const stdev = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { count: values.length, mean, stdev, min: Math.min(...values), max: Math.max(...values) };
}

describe('PerfLog in a long session', () => {
  const N = 25_000;
  const log = new PerfLog(1000, 120);
  for (let i = 0; i < N; i++) log.record(entry(i));

  it('keeps only the newest `capacity` frames, in order', () => {
    const kept = log.entries;
    expect(kept).toHaveLength(1000);
    expect(kept[0]).toEqual({ ...entry(N - 1000), segment: 0 });
    expect(kept[999]).toEqual({ ...entry(N - 1), segment: 0 });
    expect(log.recent(3).map((e) => e.frame)).toEqual([N - 3, N - 2, N - 1]);
  });

  it('keeps statistics of every frame of the session, equal to a recomputation over all of them', () => {
    const all = Array.from({ length: N }, (_, i) => entry(i));
    const session = log.summary().session;
    expect(log.summary().frames).toBe(N);
    expect(session.frames).toBe(N);
    expect(session.kept).toBe(1000);
    expect(session.detections).toBe(all.reduce((a, e) => a + e.detections, 0));
    expect(session.firstTime).toBe(1000);
    expect(session.lastTime).toBe(entry(N - 1).time);
    for (const [name, key] of [['inference', 'inferenceMs'], ['total', 'totalMs'], ['roundTrip', 'roundTripMs']] as const) {
      const t = truth(all.map((e) => e[key]));
      const s = session[name];
      expect(s.count).toBe(t.count);
      expect(s.mean).toBeCloseTo(t.mean, 9);
      expect(s.stdev).toBeCloseTo(t.stdev, 9);
      expect(s.min).toBe(t.min);
      expect(s.max).toBe(t.max);
    }
  });

  it('percentiles cover the rolling window only', () => {
    const window = Array.from({ length: 120 }, (_, i) => entry(N - 120 + i).inferenceMs).sort((a, b) => a - b);
    expect(log.summary().inference.p50).toBe(window[59]);
  });

  it('exports the kept frames as CSV, saying what they cover', () => {
    const lines = log.toCSV().trim().split('\n');
    const comments = lines.filter((l) => l.startsWith('#'));
    expect(comments[0]).toBe(`# the last 1000 of ${N} frames of this session (the log keeps the last 1000); statistics below cover all ${N}`);
    expect(comments.some((l) => l.startsWith(`# session: ${N} frames over `))).toBe(true);
    const rows = lines.filter((l) => !l.startsWith('#'));
    expect(rows[0]).toBe('segment,model,backend,media,frame,time_ms,preprocess_ms,inference_ms,postprocess_ms,total_ms,round_trip_ms,detections,warmup,tiles');
    expect(rows).toHaveLength(1001);
    expect(rows[1].startsWith(`0,,,,${N - 1000},`)).toBe(true);
  });

  it('flags the warm-up frame while it is in the window, and clear() starts a new session', () => {
    const small = new PerfLog(10);
    for (let i = 0; i < 5; i++) small.record({ ...entry(i), tiles: i === 4 ? 19 : undefined });
    const rows = small.toCSV().trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(rows.slice(1).map((r) => r.split(',').at(-2))).toEqual(['1', '0', '0', '0', '0']);
    expect(rows.slice(1).map((r) => r.split(',').at(-1))).toEqual(['1', '1', '1', '1', '19']); // model runs: a tiled frame says why it took longer
    expect(small.toCSV().split('\n')[0]).toBe('# all 5 frames of this session (the log keeps the last 10)');
    small.clear();
    expect(small.summary().session.frames).toBe(0);
    expect(small.entries).toEqual([]);
  });

  it('neutralises media and model names a spreadsheet would run as formulas', () => {
    const named = new PerfLog(10);
    named.markModelLoad({ model: '@SUM(1+1).onnx', backend: 'wasm' });
    named.markMedia('=HYPERLINK("http://x","y").mp4');
    named.record(entry(0));
    const row = named.toCSV().trim().split('\n').at(-1)!;
    expect(row.startsWith(`0,'@SUM(1+1).onnx,wasm,"'=HYPERLINK(""http://x"",""y"").mp4",0,`)).toBe(true);
  });
});
