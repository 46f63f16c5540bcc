// The annotated video export: boxes drawn on each processed frame, encoded with WebCodecs and muxed
// by mediabunny; a file any player (here: mediabunny + VideoDecoder) reads back frame for frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector } from '../../src/index.js';
import { countDecodableFrames, decodeOnPage, makeClip, squareCentre } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

let detector: Detector;
let clip: Blob;
beforeAll(async () => {
  detector = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
  clip = await makeClip({ codec: 'vp9', frames: 24 });
});
afterAll(() => detector?.dispose());

/** RGBA of one pixel of a frame. */
function pixel(frame: VideoFrame, x: number, y: number): number[] {
  const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(frame, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data);
}

describe('annotated video', () => {
  it('is an H.264 MP4 by default, with one playable frame per processed frame and the boxes drawn', async () => {
    const result = await detector.processVideo(clip, { annotate: true });
    expect(result.annotatedUnavailableReason).toBeUndefined();
    const video = result.annotated!;
    expect(video.type).toBe('video/mp4');
    const { packets, decoded, codec } = await countDecodableFrames(video);
    expect([packets, decoded]).toEqual([24, 24]);
    expect(codec).toMatch(/^avc1\./);
    // frame 5's box edge is drawn in the class colour: neither the black background nor the white square
    const k = 5;
    const box = result.frames[k].detections.boxes;
    const frame = (await decodeOnPage(video, [k])).get(k)!;
    const [r, g, b] = pixel(frame, Math.round(box[0]), Math.round(squareCentre(k).y));
    frame.close();
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(60); // a saturated colour
  });

  it('can be WebM/VP9, and holds only the frames processed', async () => {
    const result = await detector.processVideo(clip, { annotate: { format: 'webm', bitrate: 300_000 }, frameStep: 3 });
    expect(result.frames.length).toBe(8);
    expect(result.annotated!.type).toBe('video/webm');
    const { packets, decoded, codec } = await countDecodableFrames(result.annotated!);
    expect([packets, decoded]).toEqual([8, 8]);
    expect(codec).toMatch(/^vp09\./);
  });

  it('is skipped with a reason where the browser cannot encode, and detection still succeeds', async () => {
    const createWorker = () => new Worker(new URL('./video/no-encoder.worker.ts', import.meta.url), { type: 'module' });
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm', createWorker });
    try {
      const result = await d.processVideo(clip, { annotate: true });
      expect(result.frames.length).toBe(24);
      expect(result.annotated).toBeUndefined();
      expect(result.annotatedUnavailableReason).toMatch(/no WebCodecs VideoEncoder/);
    } finally {
      d.dispose();
    }
  });
});
