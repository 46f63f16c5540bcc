// The perf log cut by model, backend and media (issue 14, bug 1): summaries never mix segments, a
// frame captured before a change stays in its own segment, and the CSV names each row's segment.
import { describe, expect, it } from 'vitest';
import { PerfLog, type PerfEntry } from '../../src/index.js';

const frame = (n: number, totalMs: number, extra: Partial<PerfEntry> = {}): PerfEntry => ({
  frame: n,
  time: n * 40,
  preprocessMs: 1,
  inferenceMs: totalMs - 2,
  postprocessMs: 1,
  totalMs,
  roundTripMs: totalMs + 1,
  detections: 1,
  ...extra,
});

describe('PerfLog segments', () => {
  it('starts a segment per model and per media; the summary covers the current one only', () => {
    const log = new PerfLog();
    log.markModelLoad({ model: 'a.onnx', backend: 'wasm' });
    log.markMedia('photo.jpg');
    for (let i = 0; i < 5; i++) log.record(frame(i, 100)); // slow model A
    log.markModelLoad({ model: 'b.onnx', backend: 'wasm' });
    log.record(frame(0, 10));
    log.record(frame(1, 12));
    const s = log.summary();
    expect(s.segment).toMatchObject({ model: 'b.onnx', backend: 'wasm', media: 'photo.jpg', frames: 2 });
    expect(s.firstFrame?.totalMs).toBe(10); // B's warm-up frame
    expect([s.total.last, s.total.p50, s.total.p95]).toEqual([12, 12, 12]); // A's 100 ms never counted
    log.markMedia('clip.mp4');
    expect(log.summary().segment.frames).toBe(0);
    expect(log.summary().total.last).toBe(0);
  });

  it('keeps a frame captured before a change in the segment it was captured in', () => {
    const log = new PerfLog();
    log.markModelLoad({ model: 'a.onnx', backend: 'wasm' });
    log.markMedia('clip.mp4');
    log.record(frame(0, 30));
    const capturedIn = log.segments.current.id;
    log.markMedia('camera'); // the user switched while frame 1 was in the worker
    log.record(frame(1, 31, { segment: capturedIn }));
    log.record(frame(2, 50));
    const s = log.summary();
    expect(s.segment).toMatchObject({ media: 'camera', frames: 1 });
    expect(s.total.last).toBe(50);
    const rows = log.toCSV().trim().split('\n').filter((l) => !l.startsWith('#')).slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[3], r[4]])).toEqual([
      ['clip.mp4', '0'],
      ['clip.mp4', '1'],
      ['camera', '2'],
    ]);
  });

  it('starts a segment for other media under the same name (two photos opened from files), not for the same again', () => {
    const log = new PerfLog();
    log.markModelLoad({ model: 'a.onnx', backend: 'wasm' });
    log.markMedia('image', 'blob:http://x/1');
    log.record(frame(0, 20));
    log.markMedia('image', 'blob:http://x/1'); // the same photo loading again
    log.record(frame(1, 21));
    log.markMedia('image', 'blob:http://x/2');
    log.record(frame(2, 22));
    expect(log.segments.list.map((s) => [s.media, s.frames])).toEqual([
      ['image', 2],
      ['image', 1],
    ]);
    log.markModelLoad({ model: 'b.onnx', backend: 'wasm' }); // no source: the media's stays as it was
    log.record(frame(3, 23));
    log.markMedia('image', 'blob:http://x/2');
    log.record(frame(4, 24));
    expect(log.segments.list.map((s) => [s.model, s.frames])).toEqual([
      ['a.onnx', 2],
      ['a.onnx', 1],
      ['b.onnx', 2],
    ]);
  });

  it('names model, backend and media in every CSV row, quoting names that need it', () => {
    const log = new PerfLog();
    log.markModelLoad({ model: 'my, "best" model.onnx', backend: 'webgpu' });
    log.markMedia('a.jpg');
    log.record(frame(0, 20));
    const [header, row] = log.toCSV().trim().split('\n').filter((l) => !l.startsWith('#')); // '#' lines: what the CSV covers
    expect(header.split(',').slice(0, 4)).toEqual(['segment', 'model', 'backend', 'media']);
    expect(row.startsWith('0,"my, ""best"" model.onnx",webgpu,a.jpg,0,')).toBe(true);
  });
});
