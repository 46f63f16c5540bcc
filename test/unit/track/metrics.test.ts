// Tracking metrics on hand cases whose MOTA, ID switches and IDF1 are counted by hand.
import { describe, expect, it } from 'vitest';
import { trackingMetrics, type TrackFrame } from '../../../src/track/index.js';

/** A frame from [id, x] pairs: 10 x 10 boxes at (x, 0). */
const f = (...objects: [id: number, x: number][]): TrackFrame => ({
  ids: objects.map(([id]) => id),
  boxes: objects.flatMap(([, x]) => [x, 0, x + 10, 10]),
});

describe('trackingMetrics', () => {
  it('scores perfect tracking 1 whatever the hypothesis IDs are', () => {
    const gt = [f([1, 0], [2, 50]), f([1, 2], [2, 48]), f([1, 4], [2, 46])];
    const hyp = [f([7, 0], [9, 50]), f([7, 2], [9, 48]), f([7, 4], [9, 46])];
    const m = trackingMetrics(gt, hyp);
    expect(m).toMatchObject({ groundTruth: 6, matches: 6, misses: 0, falsePositives: 0, idSwitches: 0, mota: 1, idf1: 1, idtp: 6 });
    expect(m.motp).toBeCloseTo(1, 12);
  });

  it('counts a swap of two tracks half way as two switches; IDF1 keeps half', () => {
    // frames 1-2: hyp 1 on A, 2 on B; frames 3-4: swapped
    const gt = [f([1, 0], [2, 50]), f([1, 0], [2, 50]), f([1, 0], [2, 50]), f([1, 0], [2, 50])];
    const hyp = [f([1, 0], [2, 50]), f([1, 0], [2, 50]), f([2, 0], [1, 50]), f([2, 0], [1, 50])];
    const m = trackingMetrics(gt, hyp);
    expect(m.idSwitches).toBe(2);
    expect([...m.idSwitchesByObject]).toEqual([[1, 1], [2, 1]]);
    expect(m.mota).toBeCloseTo(1 - 2 / 8, 12);
    // best mapping A→1, B→2 (or the other way): 2 + 2 matched frames of 8 + 8 objects
    expect(m.idtp).toBe(4);
    expect(m.idf1).toBeCloseTo((2 * 4) / 16, 12);
  });

  it('counts misses, false positives and a fragment that comes back under a new ID', () => {
    // A is seen in frames 1-2 as hyp 5, missed in frame 3, then tracked as hyp 6 in frames 4-5;
    // a false positive (hyp 9, far away) in frame 2; hyp 5 drifts off A in frame 5 (IoU 0 at x = 30)
    const gt = [f([1, 0]), f([1, 0]), f([1, 0]), f([1, 0]), f([1, 0])];
    const hyp = [f([5, 0]), f([5, 1], [9, 200]), f(), f([6, 0]), f([6, 0], [5, 30])];
    const m = trackingMetrics(gt, hyp);
    expect(m.matches).toBe(4);
    expect(m.misses).toBe(1); // frame 3
    expect(m.falsePositives).toBe(2); // hyp 9 in frame 2, hyp 5 in frame 5
    expect(m.idSwitches).toBe(1); // 5 → 6 at frame 4
    expect(m.mota).toBeCloseTo(1 - (1 + 2 + 1) / 5, 12);
    // IDF1: A ↔ 5 matched 2 frames, A ↔ 6 matched 2 frames: IDTP 2 of 5 GT + 6 hypotheses
    expect(m.idtp).toBe(2);
    expect(m.idf1).toBeCloseTo(4 / 11, 12);
    // MOTP: IoU of frame 2 is 9·10 / (200 − 90) = 0.818; the other 3 are 1
    expect(m.motp).toBeCloseTo((3 + 90 / 110) / 4, 12);
  });

  it('keeps an existing correspondence over a better-overlapping newcomer (no switch)', () => {
    // frame 2: hyp 1 still overlaps A with IoU 0.538 (x = 3), hyp 2 sits exactly on A: A stays with 1
    const gt = [f([1, 0]), f([1, 0])];
    const hyp = [f([1, 0]), f([1, 3], [2, 0])];
    const m = trackingMetrics(gt, hyp);
    expect(m.idSwitches).toBe(0);
    expect(m.falsePositives).toBe(1);
  });

  it('does not match below the IoU threshold', () => {
    // IoU of 10-px boxes 4 px apart: 60 / 140 = 0.43 < 0.5
    const m = trackingMetrics([f([1, 0])], [f([1, 4])]);
    expect(m).toMatchObject({ matches: 0, misses: 1, falsePositives: 1, mota: -1, idf1: 0 });
  });
});
