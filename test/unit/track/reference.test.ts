// ByteTracker against an independent, plainly written port (dense 8 x 8 Kalman matrices, a dense
// Hungarian on the whole extended matrix, objects per track): the same IDs on busy synthetic scenes.
import { describe, expect, it } from 'vitest';
import { ByteTracker } from '../../../src/track/index.js';
import { NaiveByteTracker } from '../../../bench/naive-track.js';
import { makeScene } from '../../helpers/track-scenes.js';

describe('ByteTracker vs a plain reference port', () => {
  for (const [name, spec, options] of [
    ['sparse, defaults', { objects: 30, frames: 120, seed: 3 }, {}],
    ['crowded with misses, plain ByteTrack', { objects: 50, frames: 80, width: 640, height: 360, missRate: 0.15, jitter: 2, seed: 4 }, { classPenalty: 0, recoveryGrowth: 0 }],
    ['crowded, strictly class-aware, buffered IoU', { objects: 40, frames: 100, width: 480, height: 320, speed: 6, seed: 5 }, { classPenalty: Infinity, buffer: 0.3, lostBufferGrowth: 0.1 }],
    ['fast and missed, recovery 0.5', { objects: 40, frames: 100, width: 640, height: 360, speed: 9, missRate: 0.25, seed: 6 }, { recoveryGrowth: 0.5 }],
  ] as const) {
    it(`gives the same IDs and keeps the same detections (${name})`, () => {
      const scene = makeScene(spec);
      const fast = new ByteTracker(options);
      const o = fast.options;
      const naive = new NaiveByteTracker({
        high: o.highThreshold, low: o.lowThreshold, newTrack: o.newTrackThreshold, match: o.matchThreshold, maxLost: o.maxLostFrames,
        classPenalty: o.classPenalty, buffer: o.buffer, lostGrowth: o.lostBufferGrowth, recovery: o.recoveryGrowth,
      });
      let checked = 0;
      scene.frames.forEach((d, f) => {
        const step = fast.update(d, 0.25);
        const ref = naive.update(d, 0.25);
        const want: string[] = [];
        ref.kept.forEach((k, i) => k && want.push(`${i}:${ref.ids[i]}`));
        const got: string[] = [];
        for (let k = 0; k < step.count; k++) got.push(`${step.indices[k]}:${step.trackIds[k]}`);
        expect(got, `frame ${f}`).toEqual(want);
        checked += got.length;
      });
      expect(checked).toBeGreaterThan(spec.objects * spec.frames * 0.5);
    });
  }
});
