// decode() against the brute-force reference on large random outputs of every layout.
import { describe, expect, it } from 'vitest';
import { decode, type Detections, type LayoutName } from '../../../src/postprocess/index.js';
import { randomCase } from '../../helpers/random-outputs.js';
import { referenceDecode, type RefDetection } from '../../helpers/reference-decode.js';

function expectSame(actual: Detections, expected: RefDetection[]): void {
  expect(actual.count).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(actual.classes[i]).toBe(expected[i].cls);
    expect(actual.scores[i]).toBe(expected[i].score);
    for (let k = 0; k < 4; k++) expect(actual.boxes[i * 4 + k]).toBeCloseTo(expected[i].box[k], 3);
  }
}

const layouts = [
  'yolov5',
  'yolov5-undecoded',
  'yolov5-heads',
  'yolov8',
  'yolox',
  'fastestv2',
  'fastestv2-flat',
  'end2end',
  'yolov7-nms',
];

const settings = [
  { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 300, preNmsTopK: 30000, classAgnostic: false },
  { scoreThreshold: 0.1, iouThreshold: 0.3, maxDetections: 20, preNmsTopK: 100, classAgnostic: true },
  { scoreThreshold: 0.5, iouThreshold: 0.7, maxDetections: 1000, preNmsTopK: 30000, classAgnostic: false },
];

describe('decode matches the brute-force reference', () => {
  for (const name of layouts) {
    for (const [s, setting] of settings.entries()) {
      it(`${name}, setting ${s}, 3 seeds`, () => {
        for (const seed of [1, 2, 3]) {
          const c = randomCase(name, seed * 7919 + s);
          const transform =
            seed === 2 ? { scaleX: 0.5, scaleY: 0.25, padX: 10, padY: 20, srcWidth: 300, srcHeight: 500 } : undefined;
          const options = { ...setting, inputWidth: c.inputWidth, inputHeight: c.inputHeight, transform };
          const expected = referenceDecode(c.tensors, { ...options, layout: c.layout });
          // layout given explicitly, and detected from the shapes (and values)
          expectSame(decode(c.tensors, { ...options, layout: c.layout as LayoutName }), expected);
          expectSame(decode(c.tensors, options), expected);
          expect(expected.length).toBeGreaterThan(0);
          if (s === 0 && !['end2end', 'yolov7-nms'].includes(c.layout)) {
            // the random clusters overlap, so NMS must have removed something
            const withoutNms = referenceDecode(c.tensors, { ...options, layout: c.layout, iouThreshold: 2, maxDetections: 1e9 });
            expect(withoutNms.length).toBeGreaterThan(expected.length);
          }
        }
      });
    }
  }

  it('gives identical results when called again (scratch buffers are reused, not stale)', () => {
    const big = randomCase('yolov5', 11);
    const small = randomCase('yolov8', 12);
    const o = (c: typeof big) => ({ inputWidth: c.inputWidth, inputHeight: c.inputHeight });
    const first = decode(big.tensors, o(big));
    decode(small.tensors, o(small));
    const again = decode(big.tensors, o(big));
    expect(Array.from(again.scores)).toEqual(Array.from(first.scores));
    expect(Array.from(again.boxes)).toEqual(Array.from(first.boxes));
  });
});
