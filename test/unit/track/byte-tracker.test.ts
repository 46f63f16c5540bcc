// ByteTrack on hand-made sequences: the IDs below are worked out by hand from the rules in byte-tracker.ts.
import { describe, expect, it } from 'vitest';
import { allocateDetections, type Detections } from '../../../src/postprocess/index.js';
import { ByteTracker } from '../../../src/track/index.js';

/** A detection: box x1 y1 x2 y2, score, class. */
type Det = [x1: number, y1: number, x2: number, y2: number, score: number, cls: number];

/** Detections sorted by score, as decode() returns them (returns the sorted rows too). */
function frame(rows: Det[]): { d: Detections; rows: Det[] } {
  const sorted = [...rows].sort((a, b) => b[4] - a[4]);
  const d = allocateDetections(sorted.length);
  sorted.forEach(([x1, y1, x2, y2, score, cls], i) => {
    d.boxes.set([x1, y1, x2, y2], i * 4);
    d.scores[i] = score;
    d.classes[i] = cls;
  });
  return { d, rows: sorted };
}

/** Runs one frame and returns "x1:id" for every kept detection (x1 names the object in these tests). */
function step(tracker: ByteTracker, rows: Det[], scoreThreshold = 0.25): string[] {
  const { d, rows: sorted } = frame(rows);
  const out = tracker.update(d, scoreThreshold);
  const kept: string[] = [];
  for (let k = 0; k < out.count; k++) kept.push(`${sorted[out.indices[k]][0]}:${out.trackIds[k]}`);
  return kept.sort();
}

const box = (x: number, y: number, score = 0.9, cls = 0, size = 20): Det => [x, y, x + size, y + size, score, cls];

describe('ByteTracker', () => {
  it('confirms first-frame tracks at once, later ones on their second frame (birth)', () => {
    const tracker = new ByteTracker();
    // frame 1: both confirmed immediately, IDs in score order
    expect(step(tracker, [box(0, 0, 0.8), box(100, 0, 0.95)])).toEqual(['0:2', '100:1']);
    // frame 2: a newcomer at 200 is unconfirmed (ID 0, but shown: above scoreThreshold); 0.55 < 0.6 starts nothing
    expect(step(tracker, [box(0, 0, 0.8), box(100, 0, 0.95), box(200, 0, 0.9), box(300, 0, 0.55)])).toEqual([
      '0:2', '100:1', '200:0', '300:0',
    ]);
    // frame 3: the newcomer is seen again and confirmed as 3; 300 still has no track
    expect(step(tracker, [box(0, 0, 0.8), box(100, 0, 0.95), box(200, 0, 0.9), box(300, 0, 0.55)])).toEqual([
      '0:2', '100:1', '200:3', '300:0',
    ]);
  });

  it('drops a candidate seen once, so its ID is never used (IDs have no gaps)', () => {
    const tracker = new ByteTracker();
    step(tracker, [box(0, 0)]);
    expect(step(tracker, [box(0, 0), box(200, 200)])).toEqual(['0:1', '200:0']); // candidate at 200
    expect(step(tracker, [box(0, 0)])).toEqual(['0:1']); // gone: the candidate is removed
    expect(step(tracker, [box(0, 0), box(400, 0)])).toEqual(['0:1', '400:0']);
    expect(step(tracker, [box(0, 0), box(400, 0)])).toEqual(['0:1', '400:2']);
  });

  it('keeps the ID through an occlusion shorter than maxLostFrames and forgets it after (death)', () => {
    const tracker = new ByteTracker({ maxLostFrames: 3 });
    expect(step(tracker, [box(50, 50)])).toEqual(['50:1']);
    step(tracker, []); // lost at frame 2, last seen frame 1
    step(tracker, []);
    step(tracker, []); // frame 4: 4 - 1 = 3, not above 3: still lost
    expect(step(tracker, [box(50, 50)])).toEqual(['50:1']); // frame 5: re-found, same ID
    for (let f = 6; f <= 9; f++) step(tracker, []); // frame 9: 9 - 5 = 4 > 3: removed
    expect(tracker.activeTracks).toBe(0);
    expect(step(tracker, [box(50, 50)])).toEqual(['50:0']); // a new candidate now
    expect(step(tracker, [box(50, 50)])).toEqual(['50:2']);
  });

  it('coasts a moving object through 8 missing frames on its learned velocity (occlusion)', () => {
    const tracker = new ByteTracker();
    // 20 px boxes moving +8 px a frame; a second, still object keeps the frame from being empty
    for (let f = 0; f < 10; f++) expect(step(tracker, [box(8 * f, 0), box(0, 300)])).toEqual([`${8 * f}:1`, '0:2'].sort());
    for (let f = 10; f < 18; f++) step(tracker, [box(0, 300)]);
    // back at the predicted place (+8 px a frame all along): same ID although 64 px from where it was lost
    expect(step(tracker, [box(8 * 18, 0), box(0, 300)])).toEqual(['0:2', '144:1']);
  });

  it('continues a track with low-score detections and keeps them although below scoreThreshold (low-score recovery)', () => {
    const tracker = new ByteTracker();
    expect(step(tracker, [box(10, 10, 0.9)], 0.4)).toEqual(['10:1']);
    // 0.3: not above highThreshold 0.5, above lowThreshold 0.1: the second association keeps ID 1;
    // a lone 0.3 elsewhere continues nothing and is not above scoreThreshold 0.4: dropped
    expect(step(tracker, [box(12, 10, 0.3), box(300, 300, 0.3)], 0.4)).toEqual(['12:1']);
    expect(step(tracker, [box(14, 10, 0.2)], 0.4)).toEqual(['14:1']);
    // 0.05 is below lowThreshold: the track is lost for this frame, then re-found by a strong detection
    expect(step(tracker, [box(16, 10, 0.05)], 0.4)).toEqual([]);
    expect(step(tracker, [box(18, 10, 0.9)], 0.4)).toEqual(['18:1']);
  });

  it('never re-finds a lost track with a low-score detection (ByteTrack: lost tracks take only high ones)', () => {
    const tracker = new ByteTracker();
    step(tracker, [box(10, 10)]);
    step(tracker, []); // lost
    expect(step(tracker, [box(10, 10, 0.3)], 0.25)).toEqual(['10:0']); // shown (0.3 > 0.25) but no ID
    expect(step(tracker, [box(10, 10, 0.9)], 0.25)).toEqual(['10:1']);
  });

  it('keeps IDs of two lights of different colours through a head-on crossing (crossing)', () => {
    const tracker = new ByteTracker();
    // red (class 1) moves right, green (class 2) moves left, 10 px a frame on the same row: they overlap
    // for frames 9-11 (at frame 10 both boxes are at x = 100); neither is ever missed
    for (let f = 0; f <= 20; f++) {
      const red = box(10 * f, 0, 0.9, 1);
      const green = box(200 - 10 * f, 0, 0.85, 2);
      const kept = step(tracker, [red, green]);
      if (f === 10) expect(kept).toEqual(['100:1', '100:2']);
      else expect(kept).toEqual([`${10 * f}:1`, `${200 - 10 * f}:2`].sort());
    }
  });

  it('matches by class first: a track takes its own colour over a better-placed other colour', () => {
    // track 1 is red at [0, 0, 20, 20]; next frame green sits exactly there (IoU 1) and red 6 px to the
    // right (IoU 14·20 / (2·400 − 280) = 0.538)
    const aware = new ByteTracker({ classPenalty: Infinity });
    step(aware, [box(0, 0, 0.9, 1)]);
    expect(step(aware, [box(0, 0, 0.9, 2), box(6, 0, 0.9, 1)])).toEqual(['0:0', '6:1']);
    // the default penalty 0.4 makes green cost 0.1 + 0.4 = 0.5 and red 1 − 0.538·0.9 = 0.516: green, narrowly
    const standard = new ByteTracker();
    step(standard, [box(0, 0, 0.9, 1)]);
    expect(step(standard, [box(0, 0, 0.9, 2), box(6, 0, 0.9, 1)])).toEqual(['0:1', '6:0']);
    // 5 px off: red's IoU 15·20 / 500 = 0.6, cost 0.46 < 0.5: red
    const standard2 = new ByteTracker();
    step(standard2, [box(0, 0, 0.9, 1)]);
    expect(step(standard2, [box(0, 0, 0.9, 2), box(5, 0, 0.9, 1)])).toEqual(['0:0', '5:1']);
    // plain ByteTrack (classPenalty 0) costs: green 1 − 0.9 = 0.1, red 0.516: it takes green
    const plain = new ByteTracker({ classPenalty: 0 });
    step(plain, [box(0, 0, 0.9, 1)]);
    expect(step(plain, [box(0, 0, 0.9, 2), box(6, 0, 0.9, 1)])).toEqual(['0:1', '6:0']);
    // a finite penalty lets a track continue across classes when nothing of its own class is there
    const lenient = new ByteTracker({ classPenalty: 0.3 });
    step(lenient, [box(0, 0, 0.9, 1)]);
    expect(step(lenient, [box(1, 0, 0.9, 2)])).toEqual(['1:1']); // 1 − (19·20/420)·0.9 + 0.3 = 0.486 < 0.8
  });

  it('recovers a lost track by distance where IoU finds nothing (lost-track recovery), same colour only', () => {
    // a still 10 px light (frames 1-5), unseen in frames 6-9, back 12 px to the right in frame 10: its
    // predicted box [0, 10] does not overlap [12, 22] (IoU 0). Recovery radius: size 10 × (0.5 + 0.25 ×
    // 5 frames lost) = 17.5 px > 12 px, so it continues as track 1.
    const run = (options: ConstructorParameters<typeof ByteTracker>[0], cls: number) => {
      const tracker = new ByteTracker(options);
      for (let f = 1; f <= 5; f++) step(tracker, [box(0, 0, 0.9, 0, 10)]);
      for (let f = 6; f <= 9; f++) step(tracker, []);
      return [step(tracker, [box(12, 0, 0.9, cls, 10)]), step(tracker, [box(12, 0, 0.9, cls, 10)])];
    };
    expect(run({}, 0)).toEqual([['12:1'], ['12:1']]);
    // ByteTrack without recovery: a new object, confirmed as 2 on its second frame
    expect(run({ recoveryGrowth: 0 }, 0)).toEqual([['12:0'], ['12:2']]);
    // another colour: cost 12 / 17.5 + 0.4 = 1.09, not below 1: a new object too
    expect(run({}, 2)).toEqual([['12:0'], ['12:2']]);
    // too far: 12 px against a radius of 10 × (0.5 + 0.1 × 5) = 10 px
    expect(run({ recoveryGrowth: 0.1 }, 0)).toEqual([['12:0'], ['12:2']]);
  });

  it('starts again from ID 1 after reset()', () => {
    const tracker = new ByteTracker();
    step(tracker, [box(0, 0), box(50, 50, 0.8)]);
    tracker.reset();
    expect(step(tracker, [box(100, 100)])).toEqual(['100:1']);
  });

  it('rejects impossible options with a typed error', () => {
    expect(() => new ByteTracker({ lowThreshold: 0.6, highThreshold: 0.5 })).toThrow(/lowThreshold/);
    expect(() => new ByteTracker({ maxLostFrames: 1.5 })).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(new ByteTracker({ highThreshold: 0.7 }).options.newTrackThreshold).toBeCloseTo(0.8, 12);
  });
});
