// The worker's tracking step: decoding down to the low threshold, keeping what ByteTrack keeps.
import { describe, expect, it } from 'vitest';
import { allocateDetections, type Detections } from '../../../src/postprocess/index.js';
import { ByteTracker } from '../../../src/track/index.js';
import { decodeThreshold, LiveTracking, trackDetections } from '../../../src/worker/frame-tracking.js';
import { trackerOptionsFor } from '../../../src/track/options-for.js';

function dets(rows: [number, number, number][]): Detections {
  const d = allocateDetections(rows.length);
  rows.forEach(([x, score, cls], i) => {
    d.boxes.set([x, 0, x + 20, 20], i * 4);
    d.scores[i] = score;
    d.classes[i] = cls;
  });
  return d;
}

describe('frame tracking in the worker', () => {
  it('decodes down to lowThreshold only when tracking', () => {
    expect(decodeThreshold({ scoreThreshold: 0.4 }, null)).toBe(0.4);
    expect(decodeThreshold({ scoreThreshold: 0.4 }, new ByteTracker())).toBe(0.1);
    expect(decodeThreshold({ scoreThreshold: 0.05 }, new ByteTracker())).toBe(0.05);
    expect(decodeThreshold({}, new ByteTracker({ lowThreshold: 0.3 }))).toBe(0.25);
  });

  it('packs detections above scoreThreshold and low ones that continue a track, with their IDs', () => {
    const tracker = new ByteTracker();
    const first = trackDetections(tracker, dets([[0, 0.9, 1], [100, 0.3, 2]]), 0.25);
    expect(first.detections.count).toBe(2);
    expect(Array.from(first.trackIds)).toEqual([1, 0]);
    // frame 2: the tracked light drops to 0.15 (kept: continues track 1); an untracked 0.15 is dropped
    const second = trackDetections(tracker, dets([[100, 0.3, 2], [2, 0.15, 1], [300, 0.15, 0]]), 0.25);
    expect(second.detections.count).toBe(2);
    expect(Array.from(second.detections.scores)).toEqual([Math.fround(0.3), Math.fround(0.15)]);
    expect(Array.from(second.detections.boxes.subarray(4, 8))).toEqual([2, 0, 22, 20]);
    expect(Array.from(second.detections.classes)).toEqual([2, 1]);
    expect(Array.from(second.trackIds)).toEqual([0, 1]);
  });

  it('keeps the live tracker while options stay, and starts afresh when they change or tracking stops', async () => {
    const live = new LiveTracking();
    const a = (await live.forFrame({}))!;
    expect(await live.forFrame({ highThreshold: 0.5 })).toBe(a); // same options once defaults are filled in
    const b = (await live.forFrame({ maxLostFrames: 10 }))!;
    expect(b).not.toBe(a);
    expect(await live.forFrame(null)).toBeNull();
    expect(await live.forFrame({ maxLostFrames: 10 })).not.toBe(b);
  });

  it("starts a frame's tracker options from the model's defaults, the frame's own fields winning", () => {
    const model = Object.freeze({ highThreshold: 0.4 });
    expect(trackerOptionsFor(undefined, model)).toBeNull();
    expect(trackerOptionsFor(false, model)).toBeNull();
    expect(trackerOptionsFor(true, model)).toEqual({ highThreshold: 0.4 });
    expect(trackerOptionsFor(true, {})).toEqual({});
    expect(trackerOptionsFor({ maxLostFrames: 10 }, model)).toEqual({ highThreshold: 0.4, maxLostFrames: 10 });
    expect(trackerOptionsFor({ highThreshold: 0.6 }, model)).toEqual({ highThreshold: 0.6 });
    // the model's defaults are copied, never modified
    expect(trackerOptionsFor(true, model)).not.toBe(model);
  });
});
