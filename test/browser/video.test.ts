// Offline video processing in real Chromium: every frame, in presentation order, with the container's
// timestamps, for browser-made and ffmpeg-made clips (B-frames, variable frame rate), frame selection,
// streaming, progress, and parity with detect() on the same decoded frame.
import { proxy, wrap } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector, viewDetections, type Detector, type FrameResult, type VideoProgress } from '../../src/index.js';
import type { EngineApi, PackedVideoFrame } from '../../src/worker/api.js';
import { containerTimestamps, decodeOnPage, ffmpegClip, makeClip, squareCentre } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
});
afterAll(() => detector?.dispose());

/** Box centre of a frame's single detection, in source px. */
function centre(f: FrameResult): { x: number; y: number } {
  const b = f.detections.boxes;
  return { x: (b[0] + b[2]) / 2, y: (b[1] + b[3]) / 2 };
}

/** Frame k shows the square where frame k was drawn: no frame lost, duplicated or out of order. */
function expectSquarePath(frames: readonly FrameResult[]): void {
  for (const f of frames) {
    expect(f.detections.count, `frame ${f.frame}`).toBe(1);
    const want = squareCentre(f.frame);
    const got = centre(f);
    expect(Math.abs(got.x - want.x), `frame ${f.frame}: x ${got.x} vs ${want.x}`).toBeLessThan(1.5);
    expect(Math.abs(got.y - want.y), `frame ${f.frame}: y ${got.y} vs ${want.y}`).toBeLessThan(1.5);
  }
}

describe('every frame of browser-made clips', () => {
  for (const codec of ['avc', 'vp9', 'vp8', 'av1'] as const) {
    it(`${codec}: processes all 30 frames in order, with the container's timestamps`, async () => {
      const clip = await makeClip({ codec, frames: 30 });
      const result = await detector.processVideo(clip);
      expect(result.metadata.frameCount).toBe(30);
      expect(result.metadata.container).toBe(codec === 'avc' ? 'mp4' : 'webm');
      expect([result.metadata.width, result.metadata.height]).toEqual([160, 120]);
      expect(result.frames.map((f) => f.frame)).toEqual([...Array(30).keys()]);
      const times = result.frames.map((f) => f.timestamp);
      expect(times).toEqual(await containerTimestamps(clip));
      times.forEach((t, k) => expect(t).toBeCloseTo(k / 30, 3)); // WebM stores whole milliseconds
      expectSquarePath(result.frames);
    });
  }

  it("gives frame k the same detections as detect() on frame k decoded on the page", async () => {
    const clip = await makeClip({ codec: 'avc', frames: 30 });
    const result = await detector.processVideo(clip);
    const frames = await decodeOnPage(clip, [0, 13, 29]);
    for (const [k, frame] of frames) {
      const single = await detector.detect(frame);
      frame.close();
      expect(single.timestamp).toBeCloseTo(result.frames[k].timestamp!, 5); // a VideoFrame keeps whole µs
      expect(Array.from(result.frames[k].detections.boxes)).toEqual(Array.from(single.detections.boxes));
      expect(Array.from(result.frames[k].detections.scores)).toEqual(Array.from(single.detections.scores));
    }
  });
});

describe('clips made with ffmpeg', () => {
  it('H.264 High with B-frames: presentation order, not decode order, and ffprobe\'s timestamps', async ({ skip }) => {
    const clip = await ffmpegClip('h264-bframes', skip);
    expect(clip.profile).toBe('High');
    expect(clip.frames.some((f) => f.type === 'B')).toBe(true);
    const result = await detector.processVideo(clip.blob);
    expect(result.frames.length).toBe(clip.frames.length);
    result.frames.forEach((f, k) => {
      expect(f.frame).toBe(k);
      expect(f.timestamp).toBeCloseTo(clip.frames[k].pts, 6);
    });
    expectSquarePath(result.frames);
    // a range that starts between key frames: decoded from the key frame before, B-frames included
    const part = await detector.processVideo(clip.blob, { start: 0.55, end: 1 });
    expect(part.frames.map((f) => f.frame)).toEqual([...Array(13).keys()].map((k) => k + 17));
    expectSquarePath(part.frames);
  });

  it('variable frame rate: every frame at its own timestamp, as ffprobe lists them', async ({ skip }) => {
    const clip = await ffmpegClip('h264-vfr', skip);
    const result = await detector.processVideo(clip.blob);
    expect(result.frames.length).toBe(45);
    const times = result.frames.map((f) => f.timestamp!);
    times.forEach((t, k) => expect(t).toBeCloseTo(clip.frames[k].pts, 6));
    expect(times.slice(13, 17)).toEqual([0.52, 0.56, 0.6, 0.7]); // 40 ms steps, then 100 ms
    expect(times.every((t, k) => k === 0 || t > times[k - 1])).toBe(true);
    expectSquarePath(result.frames);
    expect(result.metadata.frameRate).toBeCloseTo(45 / 2.4, 6);
  });
});

describe('choosing frames', () => {
  let clip: Blob;
  beforeAll(async () => {
    clip = await makeClip({ codec: 'avc', frames: 45 });
  });
  const indices = (frames: readonly FrameResult[]) => frames.map((f) => f.frame);

  it('frameStep takes every n-th frame, keeping container indices and timestamps', async () => {
    const result = await detector.processVideo(clip, { frameStep: 4 });
    expect(indices(result.frames)).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44]);
    expectSquarePath(result.frames);
    expect(result.settings.frameStep).toBe(4);
  });

  it('targetFps samples media time', async () => {
    const result = await detector.processVideo(clip, { targetFps: 5 });
    expect(indices(result.frames)).toEqual([0, 6, 12, 18, 24, 30, 36, 42]);
  });

  it('start/end process [start, end) only, decoding from the key frame before start', async () => {
    const result = await detector.processVideo(clip, { start: 0.7, end: 1.2 });
    expect(indices(result.frames)).toEqual([...Array(15).keys()].map((k) => k + 21));
    expectSquarePath(result.frames);
  });

  it('rejects a range outside the video with an InputError that gives the video span', async () => {
    const error = await detector.processVideo(clip, { start: 10 }).catch((e) => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/No frame lies in the range \[10, ∞\).*0\.000-1\.467 s/);
    expect(error.partial.frames).toEqual([]);
  });
});

describe('streaming', () => {
  it('hands each frame to onFrame as it is made, reports progress, and logs every frame in perf', async () => {
    const clip = await makeClip({ codec: 'vp9', frames: 20 });
    const seen: number[] = [];
    const progress: VideoProgress[] = [];
    const logged = detector.perf.entries.length;
    let settled = false;
    const job = detector.processVideo(clip, {
      onFrame: (f) => {
        expect(settled).toBe(false);
        expect(f.labels).toEqual(['square']);
        seen.push(f.frame);
      },
      onProgress: (p) => progress.push(p),
    });
    const result = await job.finally(() => (settled = true));
    expect(seen).toEqual([...Array(20).keys()]);
    expect(progress.map((p) => p.done)).toEqual([...Array(20).keys()].map((k) => k + 1));
    expect(progress.every((p) => p.total === 20 && p.framesPerSecond > 0)).toBe(true);
    expect(progress.at(-1)!.etaSeconds).toBe(0);
    expect(detector.perf.entries.length - logged).toBe(20);
    expect(result.timing.framesPerSecond).toBeGreaterThan(0);
    expect(result.model).toMatchObject({ layout: 'end2end', inputWidth: 64, backend: 'wasm' });
    expect(result.settings).toMatchObject({ scoreThreshold: 0.25, iouThreshold: 0.45 });
  });
});

describe('the video thread between jobs', () => {
  // The thread keeps its preprocessor for the next job (a new one costs 25-30 ms on the first frame);
  // one engine that loads another model must not get inputs of the old model's size.
  it("makes each job's inputs at its own model's size when the engine's model changes", async () => {
    const worker = new Worker(new URL('../../src/worker/detector.worker.ts', import.meta.url), { type: 'module' });
    const engine = wrap<EngineApi>(worker);
    try {
      const clip = await makeClip({ codec: 'avc', frames: 12 });
      for (const size of [64, 96, 64]) {
        await engine.load(squareFinderModel(size), { backend: 'wasm' });
        const frames: PackedVideoFrame[] = [];
        const listener = { start: () => undefined, frame: (f: PackedVideoFrame) => void frames.push(f) };
        const summary = await engine.processVideo(clip, {}, proxy(listener));
        expect(summary.processed, `model ${size}`).toBe(12);
        for (const f of frames) {
          const d = viewDetections(f.buffer, f.count);
          expect(d.count, `model ${size}, frame ${f.frame}`).toBe(1);
          const want = squareCentre(f.frame);
          expect(Math.abs((d.boxes[0] + d.boxes[2]) / 2 - want.x), `model ${size}, frame ${f.frame}`).toBeLessThan(1.5);
          expect(Math.abs((d.boxes[1] + d.boxes[3]) / 2 - want.y), `model ${size}, frame ${f.frame}`).toBeLessThan(1.5);
        }
      }
    } finally {
      worker.terminate();
    }
  });
});
