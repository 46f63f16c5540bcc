// Tracking through the real worker: detect() with `track`, resetTracks(), processVideo({track: true}),
// and the element's `track` attribute.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../../src/define.js';
import { createDetector, videoResultToMot, type Detector, type FrameResult } from '../../src/index.js';
import type { YoloDetectorElement } from '../../src/ui/yolo-detector/yolo-detector.js';
import { fixedModelUrl, nextEvent, solidCanvas } from '../../src/ui/test-support.js';
import sidecar from '../../models/wrgb-416.json';
import { DEFAULT_TRACKER_OPTIONS } from '../../src/track/tracker-options.js';
import { makeClip } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

// YOLOv5 rows (cx cy w h obj c0 c1, 64-px input): A scores 0.9·0.8 = 0.72 (class 1), B 0.5·0.6 = 0.3
// (class 0), C 0.5·0.3 = 0.15 (class 0: below scoreThreshold, above the tracker's lowThreshold)
const ROWS = [
  [16, 16, 16, 16, 0.9, 0.1, 0.8],
  [48, 48, 16, 16, 0.5, 0.6, 0.1],
  [48, 16, 16, 16, 0.5, 0.3, 0.1],
];

describe('detect() with track', () => {
  let detector: Detector;
  beforeAll(async () => {
    detector = await createDetector({ model: fixedModelUrl(ROWS), backend: 'wasm' });
  });
  afterAll(() => detector?.dispose());

  it('returns trackIds aligned with the boxes; a weak detection that starts no track has ID 0', async () => {
    const canvas = solidCanvas(64, 64);
    for (let k = 0; k < 3; k++) {
      const r = await detector.detect(canvas, { track: true });
      expect(r.detections.count).toBe(2); // C is decoded for the tracker but continues no track: dropped
      expect(Array.from(r.detections.scores).map((s) => s.toFixed(2))).toEqual(['0.72', '0.30']);
      expect(Array.from(r.detections.trackIds!)).toEqual([1, 0]);
      expect(r.timings.trackMs).toBeGreaterThanOrEqual(0);
    }
    detector.resetTracks();
    // only detections above highThreshold start tracks: at 0.8, A (0.72) starts none
    const strict = await detector.detect(canvas, { track: { highThreshold: 0.8 } });
    expect(Array.from(strict.detections.trackIds!)).toEqual([0, 0]);
    const again = await detector.detect(canvas, { track: { highThreshold: 0.7, newTrackThreshold: 0.7 } });
    expect(Array.from(again.detections.trackIds!)).toEqual([1, 0]); // new options, new tracker: its first frame
    const plain = await detector.detect(canvas);
    expect(plain.detections.count).toBe(2);
    expect(plain.detections.trackIds).toBeUndefined();
  });

  it('rejects bad tracker options with an InputError', async () => {
    await expect(detector.detect(solidCanvas(64, 64), { track: { lowThreshold: 0.9 } })).rejects.toMatchObject({ name: 'InputError' });
  });
});

describe("a model's tracker defaults", () => {
  it('start every tracked frame: track: true uses them, a frame\'s own fields win', async () => {
    // at highThreshold 0.15 (new tracks from 0.25), B (0.30) starts a track too
    const d = await createDetector({ model: fixedModelUrl(ROWS), backend: 'wasm', trackerDefaults: { highThreshold: 0.15 } });
    try {
      expect(d.info.trackerDefaults).toEqual({ highThreshold: 0.15 });
      const canvas = solidCanvas(64, 64);
      await d.detect(canvas, { track: true });
      expect(Array.from((await d.detect(canvas, { track: true })).detections.trackIds!)).toEqual([1, 2]);
      d.resetTracks();
      for (let k = 0; k < 2; k++) await d.detect(canvas, { track: { maxLostFrames: 5 } }); // merged: B still tracked
      expect(Array.from((await d.detect(canvas, { track: { maxLostFrames: 5 } })).detections.trackIds!)).toEqual([1, 2]);
      for (let k = 0; k < 2; k++) await d.detect(canvas, { track: { highThreshold: 0.5 } }); // the frame's value wins
      expect(Array.from((await d.detect(canvas, { track: { highThreshold: 0.5 } })).detections.trackIds!)).toEqual([1, 0]);
    } finally {
      d.dispose();
    }
  });

  it("are the sidecar's for the shipped model and its variants unless the page gives its own; bad ones fail the load", async () => {
    const shipped = await createDetector({ backend: 'wasm' });
    const variant = await createDetector({ backend: 'wasm', model: '/models/wrgb-416-fp16.onnx' });
    const own = await createDetector({ backend: 'wasm', trackerDefaults: {} });
    try {
      expect(shipped.info.trackerDefaults).toEqual({ highThreshold: sidecar.tracking.highThreshold, newTrackThreshold: sidecar.tracking.newTrackThreshold });
      expect(variant.info.trackerDefaults).toEqual({ highThreshold: sidecar.tracking.highThreshold, newTrackThreshold: sidecar.tracking.newTrackThreshold });
      expect(variant.info.resizeFilter).toBe(sidecar.preprocessing.resizeFilter);
      expect(own.info.trackerDefaults).toEqual({});
    } finally {
      shipped.dispose();
      variant.dispose();
      own.dispose();
    }
    await expect(createDetector({ model: fixedModelUrl(ROWS), backend: 'wasm', trackerDefaults: { lowThreshold: 0.9 } })).rejects.toMatchObject({
      name: 'InputError',
    });
  }, 120_000);
});

describe('processVideo with track', () => {
  let detector: Detector;
  beforeAll(async () => {
    detector = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
  });
  afterAll(() => detector?.dispose());

  it('follows the moving square as track 1 in every frame, and summarises it', async () => {
    const clip = await makeClip({ codec: 'avc', frames: 30 });
    const streamed: FrameResult[] = [];
    const result = await detector.processVideo(clip, { track: true, onFrame: (f) => streamed.push(f) });
    expect(result.frames).toHaveLength(30);
    for (const f of result.frames) expect(Array.from(f.detections.trackIds!), `frame ${f.frame}`).toEqual([1]);
    expect(streamed[29].detections.trackIds?.[0]).toBe(1);
    expect(result.tracks).toEqual([{ id: 1, classId: 0, label: result.labels[0], firstFrame: 0, lastFrame: 29, frames: 30 }]);
    expect(result.settings.track).toEqual({ ...DEFAULT_TRACKER_OPTIONS }); // recorded in full: this model has no defaults of its own
    expect(videoResultToMot(result).split('\n')[0]).toMatch(/^1,1,[\d.]+,[\d.]+,[\d.]+,[\d.]+,[\d.]+,-1,-1,-1$/);
    // a second job tracks from scratch; an untracked one has no IDs
    const second = await detector.processVideo(clip, { track: true, end: 0.2 });
    expect(second.frames[0].detections.trackIds?.[0]).toBe(1);
    const plain = await detector.processVideo(clip, { end: 0.2 });
    expect(plain.frames[0].detections.trackIds).toBeUndefined();
    expect(plain.tracks).toBeUndefined();
  });
});

describe('<yolo-detector track>', () => {
  const created: HTMLElement[] = [];
  afterEach(() => {
    for (const el of created.splice(0)) el.remove();
  });

  it('emits detections with track IDs when the attribute is set, and none once it is removed', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<yolo-detector backend="wasm" track trails></yolo-detector>';
    document.body.append(host);
    created.push(host);
    const el = host.querySelector('yolo-detector') as YoloDetectorElement;
    expect(el.track).toBe(true);
    expect(el.trails).toBe(true);
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    el.append(solidCanvas(64, 64));
    el.model = fixedModelUrl(ROWS);
    const first = (await detected).detail;
    expect(Array.from(first.detections.trackIds!)).toEqual([1, 0]);
    const untracked = nextEvent<FrameResult>(el, 'yolo-detections');
    el.track = false;
    el.scoreThreshold = 0.26; // a still image is detected again when a threshold changes
    expect((await untracked).detail.detections.trackIds).toBeUndefined();
    expect(el.hasAttribute('track')).toBe(false);
  });
});
