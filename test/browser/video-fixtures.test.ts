// The shared fixture clip (car-detection.mp4: H.264 Baseline 768x432, 12.5 fps, 377 frames, AAC audio)
// through the whole pipeline: every frame with the square finder, and a real YOLO model near t = 8 s.
import { afterAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector } from '../../src/index.js';
import { fetchBlob, fixtureUrl, haveFixtures } from './helpers.js';
import { containerTimestamps, decodeOnPage } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

const detectors: Detector[] = [];
afterAll(() => detectors.forEach((d) => d.dispose()));

describe.runIf(haveFixtures('video fixtures'))('car-detection.mp4', () => {
  it('yields all 377 frames at the container timestamps (k · 0.08 s), skipping the audio track', async () => {
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
    detectors.push(d);
    const clip = await fetchBlob(fixtureUrl('video/car-detection.mp4')!);
    const result = await d.processVideo(clip);
    expect(result.metadata).toMatchObject({ container: 'mp4', width: 768, height: 432, frameCount: 377, durationSeconds: 30.16 });
    expect(result.metadata.codec).toMatch(/^avc1\.42/); // Baseline
    expect(result.metadata.frameRate).toBeCloseTo(12.5, 6);
    expect(result.frames.length).toBe(377);
    expect(result.frames.map((f) => f.timestamp)).toEqual(await containerTimestamps(clip));
    result.frames.forEach((f, k) => {
      expect(f.frame).toBe(k);
      expect(f.timestamp).toBeCloseTo(k * 0.08, 9);
    });
  });

  it('yolov8n finds the MANIFEST\'s car at t = 8 s, each frame equal to detect() on the same decoded frame', async () => {
    const d = await createDetector({ model: fixtureUrl('models/yolov8n_coco_640_int8dyn.onnx')!, backend: 'wasm' });
    detectors.push(d);
    const clip = await fetchBlob(fixtureUrl('video/car-detection.mp4')!);
    const result = await d.processVideo(clip, { start: 7.9, end: 8.2, scoreThreshold: 0.3 });
    expect(result.frames.map((f) => f.frame)).toEqual([99, 100, 101, 102]);
    const at8 = result.frames[1];
    expect(at8.timestamp).toBeCloseTo(8, 9);
    const cars = Array.from(at8.detections.classes).map((c, i) => [at8.labels[c], at8.detections.scores[i]] as const).filter(([l]) => l === 'car');
    expect(cars.length).toBeGreaterThan(0);
    // MANIFEST: "car 0.719" (bilinear resize there, the canvas's here: same car, a slightly different score)
    expect(Math.abs(cars[0][1] - 0.719)).toBeLessThan(0.15);
    const frames = await decodeOnPage(clip, [99, 101]);
    for (const [k, frame] of frames) {
      const single = await d.detect(frame, { scoreThreshold: 0.3 });
      frame.close();
      const mine = result.frames.find((f) => f.frame === k)!;
      expect(Array.from(mine.detections.boxes)).toEqual(Array.from(single.detections.boxes));
      expect(Array.from(mine.detections.scores)).toEqual(Array.from(single.detections.scores));
    }
  });
});
