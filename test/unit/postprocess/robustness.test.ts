// The decoder's defects found by fuzzing (issue 16), one case each: dims that do not match the data,
// absurd or non-integer dims, missing outputs, more stride levels than outputs, finite extremes that
// overflow float32, and scores that round to the threshold in float32.
import { describe, expect, it } from 'vitest';
import { decode, detectLayout, InputError, UnsupportedModelError, type Detections, type OutputTensor } from '../../../src/postprocess/index.js';

const base = { inputWidth: 64, inputHeight: 64 };
const t = (values: ArrayLike<number>, dims: number[]): OutputTensor => ({ data: new Float32Array(values), dims });
const finite = (d: Detections) => [...d.boxes, ...d.scores].every(Number.isFinite);

/** The error `fn` throws (fails if it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('dims are checked against the data before anything is allocated', () => {
  it('[1,84,2e7] holding 1,000 values is an InputError naming both sizes, at once', () => {
    const error = thrown(() => decode([t(new Float32Array(1000), [1, 84, 2e7])], base));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('[1,84,20000000]');
    expect(error.message).toContain('1000');
  });

  it('[1,84,1e9] is an InputError too, with the layout given or detected', () => {
    expect(thrown(() => decode([t(new Float32Array(1000), [1, 84, 1e9])], { ...base, layout: 'yolov8' }))).toBeInstanceOf(InputError);
    expect(thrown(() => detectLayout([t(new Float32Array(1000), [1, 84, 1e9])]))).toBeInstanceOf(InputError);
  });

  it('[1,100,85] holding 8,499 values is an InputError, not a NaN detection', () => {
    const data = new Float32Array(8499).fill(0.9);
    const error = thrown(() => decode([t(data, [1, 100, 85])], { ...base, layout: 'yolov5' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/\[1,100,85\] make 8500 values but the data holds 8499/);
  });

  it('dims of 2^31, Infinity, -1 or 2.5 are InputErrors, not RangeErrors', () => {
    for (const bad of [2 ** 31, Infinity, -1, 2.5, NaN]) {
      const error = thrown(() => decode([t(new Float32Array(6), [1, bad, 6])], base));
      expect(error, String(bad)).toBeInstanceOf(InputError);
      expect(error.message).toContain(`[1,${bad},6]`);
    }
  });

  it('outputs = null, a null tensor, or data that is not a typed array are InputErrors', () => {
    expect(thrown(() => decode(null as never, base))).toBeInstanceOf(InputError);
    expect(thrown(() => decode([null as never], base))).toBeInstanceOf(InputError);
    expect(thrown(() => decode([{ data: [1, 2, 3, 4, 5, 6] as never, dims: [1, 1, 6] }], base))).toBeInstanceOf(InputError);
    expect(thrown(() => decode([t([1, 2, 3, 4, 5, 6], [1, 1, 6])], null as never))).toBeInstanceOf(InputError);
  });

  it('fastestv2 with more stride levels than outputs is an UnsupportedModelError naming the shapes', () => {
    const cols = 15 + 2;
    const out = [t(new Float32Array(4 * 4 * cols), [1, 4, 4, cols]), t(new Float32Array(2 * 2 * cols), [1, 2, 2, cols])];
    const anchors = [[1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3]];
    const error = thrown(() => decode(out, { ...base, layout: 'fastestv2', strides: [16, 32, 64], anchors }));
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect(error.message).toContain('[1,4,4,17]');
  });

  it('a row layout without a class column is an UnsupportedModelError', () => {
    expect(thrown(() => decode([t(new Float32Array(10), [1, 2, 5])], { ...base, layout: 'yolov5' }))).toBeInstanceOf(UnsupportedModelError);
    expect(thrown(() => decode([t(new Float32Array(8), [1, 4, 2])], { ...base, layout: 'yolov8' }))).toBeInstanceOf(UnsupportedModelError);
  });

  it('strides or anchors that are not positive numbers are InputErrors', () => {
    const out = [t(new Float32Array(6 * 84), [1, 84, 6])];
    expect(thrown(() => decode(out, { ...base, layout: 'yolox', strides: [8, 0, 32] }))).toBeInstanceOf(InputError);
    expect(thrown(() => decode(out, { ...base, layout: 'yolox', strides: [8, NaN, 32] }))).toBeInstanceOf(InputError);
    expect(thrown(() => decode(out, { ...base, layout: 'yolov5-undecoded', anchors: [[10, Infinity]] }))).toBeInstanceOf(InputError);
  });
});

describe('finite extremes never give NaN or infinite results', () => {
  it('scores of 1e30 x 1e30 (yolov5) overflow float32: no Infinity score comes out', () => {
    const d = decode([t([32, 32, 8, 8, 1e30, 1e30, 0.5, 32, 32, 8, 8, 0.9, 0.9, 0.1], [1, 2, 7])], { ...base, layout: 'yolov5' });
    expect(finite(d)).toBe(true);
    expect(Array.from(d.scores)).toEqual([Math.fround(Math.fround(0.9) * Math.fround(0.9))]); // only the sane row
  });

  it('YOLOX tw = 100 (exp(100) px) gives no infinite box', () => {
    // 64 px input, strides 8/16/32: 64 + 16 + 4 = 84 rows
    const data = new Float32Array(84 * 7);
    data.set([0.5, 0.5, 100, 1, 0.9, 0.9, 0.1], 0); // exp(100) * 8 overflows float32
    data.set([0.5, 0.5, 1, 1, 0.9, 0.9, 0.1], 7); // exp(1) * 8 = 21.7 px: a sane box
    const d = decode([t(data, [1, 84, 7])], { ...base, layout: 'yolox' });
    expect(finite(d)).toBe(true);
    expect(d.count).toBe(1);
    expect(d.boxes[0]).toBeCloseTo(12 - (Math.E * 8) / 2, 4);
  });

  it('huge but finite boxes with a transform stay finite and inside the source', () => {
    const d = decode([t([3e38, -3e38, 3e38, 3e38, 0.9, 0.9], [1, 1, 6])], {
      ...base,
      layout: 'yolov5',
      transform: { scaleX: 1e-30, scaleY: 1e-30, padX: 0, padY: 0, srcWidth: 100, srcHeight: 50 },
    });
    expect(finite(d)).toBe(true);
    for (let i = 0; i < d.count * 4; i += 2) {
      expect(d.boxes[i]).toBeGreaterThanOrEqual(0);
      expect(d.boxes[i]).toBeLessThanOrEqual(100);
    }
  });
});

describe('the threshold is compared in float32, as results are stored', () => {
  it('a score that underflows to 0 is not kept at scoreThreshold 0', () => {
    const d = decode([t([32, 32, 8, 8, 1e-23, 1e-23, 0], [1, 1, 7])], { ...base, layout: 'yolov5', scoreThreshold: 0 });
    expect(d.count).toBe(0);
  });

  it('a score equal to the threshold in float32 is dropped; the next float32 up is kept', () => {
    const at = Math.fround(0.3); // 0.30000001192…, > 0.3 as a double
    const above = at + 2 ** -25; // the next float32
    for (const layout of ['yolov8', 'end2end'] as const) {
      const out =
        layout === 'yolov8'
          ? t([32, 40, 8, 8, 32, 40, 8, 8, at, above], [1, 5, 2])
          : t([0, 0, 8, 8, at, 0, 0, 0, 8, 8, above, 0], [1, 2, 6]);
      const d = decode([out], { ...base, layout, scoreThreshold: 0.3 });
      expect(Array.from(d.scores), layout).toEqual([Math.fround(above)]);
    }
  });
});
