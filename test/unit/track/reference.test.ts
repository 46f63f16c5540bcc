// ByteTracker against an independent, plainly written port (dense 8 x 8 Kalman matrices, a dense
// Hungarian on the whole extended matrix, objects per track): the same IDs on busy synthetic scenes.
import { describe, expect, it } from 'vitest';
import { ByteTracker } from '../../../src/track/index.js';
import { NaiveByteTracker } from '../../../bench/naive-track.js';
import { makeScene } from '../../helpers/track-scenes.js';

describe('ByteTracker vs a plain reference port', () => {
  for (const [name, spec, classPenalty] of [
    ['sparse, class-aware', { objects: 30, frames: 120, seed: 3 }, Infinity],
    ['crowded with misses, plain ByteTrack', { objects: 50, frames: 80, width: 640, height: 360, missRate: 0.15, jitter: 2, seed: 4 }, 0],
    ['crowded, penalised classes', { objects: 40, frames: 100, width: 480, height: 320, speed: 6, seed: 5 }, 0.3],
  ] as const) {
    it(`gives the same IDs and keeps the same detections (${name})`, () => {
      const scene = makeScene(spec);
      const fast = new ByteTracker({ classPenalty });
      const naive = new NaiveByteTracker({ high: 0.5, low: 0.1, newTrack: 0.6, match: 0.8, maxLost: 30, classPenalty });
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
