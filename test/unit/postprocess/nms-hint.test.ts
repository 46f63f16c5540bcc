// greedyNms tests a remembered kept box first (the suppressor hint, src/postprocess/nms.ts). A hint may
// only shortcut the walk, never change the result: these piles put many classes in the same cells (the
// hint table's key mixes class and cell, so neighbours and hash collisions are common), boxes far
// outside the input and on cell edges, and compare decode() with the brute-force reference.
import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/postprocess/index.js';
import { rng } from '../../helpers/random-outputs.js';
import { referenceDecode } from '../../helpers/reference-decode.js';

/** A YOLOv5 [1, rows, 5 + nc] output: `piles` spots, each with candidates of several classes on top of each other. */
function piles(seed: number, nc: number, spots: number, perSpot: number, spread: number, offset: number, size: number): { data: Float32Array; dims: number[] } {
  const r = rng(seed);
  const rows = spots * perSpot;
  const cols = 5 + nc;
  const data = new Float32Array(rows * cols);
  const centres = Array.from({ length: spots }, () => [offset + r() * spread, offset + r() * spread, (4 + r() * 60) * size, (4 + r() * 60) * size]);
  for (let i = 0; i < rows; i++) {
    const [cx, cy, w, h] = centres[Math.floor(r() * spots)];
    const o = i * cols;
    // jitter up to a third of the box: some pairs overlap above the threshold, some just below
    data[o] = cx + (r() - 0.5) * w * 0.6;
    data[o + 1] = cy + (r() - 0.5) * h * 0.6;
    data[o + 2] = w * (0.7 + 0.6 * r());
    data[o + 3] = h * (0.7 + 0.6 * r());
    data[o + 4] = 0.3 + 0.7 * r();
    data[o + 5 + Math.floor(r() * nc)] = 0.4 + 0.6 * r();
  }
  return { data, dims: [1, rows, cols] };
}

const cases = [
  { name: 'four classes piled on 40 spots of a 640 input', seed: 1, nc: 4, spots: 40, perSpot: 60, spread: 640, offset: 0, size: 1 },
  { name: 'thirty classes on 8 spots (every cell holds many chains)', seed: 2, nc: 30, spots: 8, perSpot: 300, spread: 200, offset: 0, size: 1 },
  { name: 'boxes around -1e6 (negative cells)', seed: 3, nc: 3, spots: 20, perSpot: 40, spread: 500, offset: -1e6, size: 1 },
  // cell indices beyond 2^31 wrap when truncated to int32; boxes this far out need float32-sized boxes
  { name: 'boxes near 1e11 px (cell indices wrap)', seed: 4, nc: 3, spots: 20, perSpot: 40, spread: 5e8, offset: 1e11, size: 1e6 },
];

describe('greedy NMS with the suppressor hint matches the brute-force reference', () => {
  for (const c of cases) {
    for (const classAgnostic of [false, true]) {
      for (const iouThreshold of [0.3, 0.45, 0.7]) {
        it(`${c.name}, ${classAgnostic ? 'class-agnostic' : 'per class'}, IoU ${iouThreshold}`, () => {
          const t = piles(c.seed, c.nc, c.spots, c.perSpot, c.spread, c.offset, c.size);
          const options = { inputWidth: 640, inputHeight: 640, scoreThreshold: 0.25, iouThreshold, maxDetections: 100000, preNmsTopK: 100000, classAgnostic };
          const expected = referenceDecode([t], { ...options, layout: 'yolov5' });
          // twice: the second call must not follow hints left by the first
          for (let pass = 0; pass < 2; pass++) {
            const got = decode([t], { ...options, layout: 'yolov5' });
            expect(got.count).toBe(expected.length);
            for (let i = 0; i < expected.length; i++) {
              expect(got.classes[i]).toBe(expected[i].cls);
              expect(got.scores[i]).toBe(expected[i].score);
              expect(got.boxes[i * 4]).toBe(Math.fround(expected[i].box[0]));
            }
          }
          // the pile must make NMS work: candidates suppressed, more than one kept per spot for per-class NMS
          const all = referenceDecode([t], { ...options, layout: 'yolov5', iouThreshold: 2 });
          expect(expected.length).toBeLessThan(all.length * 0.9);
          if (!classAgnostic) expect(expected.length).toBeGreaterThan(c.spots);
        });
      }
    }
  }
});
