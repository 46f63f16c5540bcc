// The fast paths of issue 15 against independent truth: threshold tests in bit space against plain
// float compares, the radix score sort and the per-class NMS against the brute-force reference on
// dense, many-class outputs (float32 and float16), with values sitting exactly on the threshold.
import { describe, expect, it } from 'vitest';
import { decode, floatToHalf, halfToFloat, type Detections } from '../../../src/postprocess/index.js';
import { float16ThresholdBits, float32ThresholdBits } from '../../../src/postprocess/threshold-bits.js';
import { randomCase, rng } from '../../helpers/random-outputs.js';
import { referenceDecode, type RefDetection } from '../../helpers/reference-decode.js';

function expectSame(actual: Detections, expected: RefDetection[]): void {
  expect(actual.count).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(actual.classes[i]).toBe(expected[i].cls);
    expect(actual.scores[i]).toBe(Math.fround(expected[i].score));
    for (let k = 0; k < 4; k++) expect(actual.boxes[i * 4 + k]).toBeCloseTo(expected[i].box[k], 3);
  }
}

const THRESHOLDS = [0, 1e-7, 0.001, 0.1, 0.25, 0.3, 0.45, 0.5, 0.999, 1, 3.7];

describe('threshold tests in bit space', () => {
  it('float32: bits > T exactly when value > threshold, for every kind of value', () => {
    const f = new Float32Array(1);
    const bits = new Int32Array(f.buffer);
    const r = rng(5);
    const values = [0, -0, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38];
    for (let i = 0; i < 20000; i++) values.push((r() - 0.3) * 2 ** Math.floor(r() * 20 - 10));
    for (const thr of THRESHOLDS) {
      // the floats next to the threshold are where rounding would show
      f[0] = thr;
      for (let d = -3; d <= 3; d++) {
        const around = new Float32Array(new Int32Array([bits[0] + d]).buffer)[0];
        values.push(around);
      }
      const t = float32ThresholdBits(thr);
      for (const v of values) {
        f[0] = v;
        if (bits[0] > t !== f[0] > thr) expect.fail(`${v} vs ${thr}`);
      }
    }
  });

  it('float16: bits (as int16) > T exactly when value > threshold, for all 65,536 patterns but NaN', () => {
    const asInt16 = new Int16Array(1);
    for (const thr of THRESHOLDS) {
      const t = float16ThresholdBits(thr);
      for (let h = 0; h < 65536; h++) {
        const v = halfToFloat(h);
        if (Number.isNaN(v)) continue;
        asInt16[0] = h;
        if (asInt16[0] > t !== v > thr) expect.fail(`half 0x${h.toString(16)} (${v}) vs ${thr}`);
      }
    }
  });
});

/** A crowded YOLOv8 output: 80 classes, many objects, some class values exactly at the threshold. */
function denseYolov8(seed: number, n: number, threshold: number): Float32Array {
  const r = rng(seed);
  const nc = 80;
  const data = new Float32Array((4 + nc) * n);
  const objects = Array.from({ length: 120 }, () => [r() * 320, r() * 320, 8 + r() * 40, 8 + r() * 40, Math.floor(r() * nc)]);
  for (let i = 0; i < n; i++) {
    const [cx, cy, w, h, cls] = objects[Math.floor(r() * objects.length)];
    data[i] = cx + (r() - 0.5) * w * 0.4;
    data[n + i] = cy + (r() - 0.5) * h * 0.4;
    data[2 * n + i] = w * (0.8 + 0.4 * r());
    data[3 * n + i] = h * (0.8 + 0.4 * r());
    for (let k = 0; k < nc; k++) {
      const u = r();
      // mostly low, some negative (raw logits would be), some exactly on the threshold, some above
      data[(4 + k) * n + i] = u < 0.05 ? -r() * 5 : u < 0.06 ? threshold : u < 0.07 ? 0.2 + 0.8 * r() : 0.02 * r();
    }
    if (r() < 0.3) data[(4 + cls) * n + i] = 0.25 + 0.75 * r();
    if (r() < 0.05) data[(4 + cls) * n + i] = data[(4 + ((cls + 1) % nc)) * n + i] = 0.75; // a tie: lower class wins
  }
  return data;
}

/** A crowded YOLOv5 output in the same spirit, with many equal scores (ties broken by row order). */
function denseYolov5(seed: number, rows: number): Float32Array {
  const r = rng(seed);
  const cols = 85;
  const data = new Float32Array(rows * cols);
  const objects = Array.from({ length: 150 }, () => [r() * 320, r() * 320, 8 + r() * 40, 8 + r() * 40, Math.floor(r() * 80)]);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const [cx, cy, w, h, cls] = objects[Math.floor(r() * objects.length)];
    data[o] = cx + (r() - 0.5) * w * 0.4;
    data[o + 1] = cy + (r() - 0.5) * h * 0.4;
    data[o + 2] = w * (0.8 + 0.4 * r());
    data[o + 3] = h * (0.8 + 0.4 * r());
    const hot = r() < 0.25;
    data[o + 4] = hot ? (r() < 0.3 ? 0.5 : 0.3 + 0.7 * r()) : 0.3 * r();
    for (let k = 0; k < 80; k++) data[o + 5 + k] = r() < 0.02 ? 0.5 : 0.1 * r();
    if (hot) data[o + 5 + cls] = r() < 0.3 ? 1 : 0.5 + 0.5 * r();
  }
  return data;
}

const settings = [
  { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 300, preNmsTopK: 30000, classAgnostic: false },
  { scoreThreshold: 0.3, iouThreshold: 0.7, maxDetections: 1000, preNmsTopK: 500, classAgnostic: false },
  { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 50, preNmsTopK: 30000, classAgnostic: true },
];

describe('dense, many-class outputs match the brute-force reference', () => {
  for (const [s, setting] of settings.entries()) {
    it(`yolov8 [1,84,3000], float32 and float16, setting ${s}`, () => {
      const n = 3000;
      const data = denseYolov8(s + 1, n, setting.scoreThreshold);
      const options = { ...setting, inputWidth: 320, inputHeight: 320 };
      const expected = referenceDecode([{ data, dims: [1, 84, n] }], { ...options, layout: 'yolov8' });
      expect(expected.length).toBeGreaterThan(40);
      expectSame(decode([{ data, dims: [1, 84, n] }], { ...options, layout: 'yolov8' }), expected);

      const half = new Uint16Array(data.length);
      for (let i = 0; i < data.length; i++) half[i] = floatToHalf(data[i]);
      const halfAsFloat = Float32Array.from(half, halfToFloat);
      const expectedHalf = referenceDecode([{ data: halfAsFloat, dims: [1, 84, n] }], { ...options, layout: 'yolov8' });
      expectSame(decode([{ data: half, dims: [1, 84, n] }], { ...options, layout: 'yolov8' }), expectedHalf);
    });

    it(`yolov5 [1,6000,85] with many tied scores, setting ${s}`, () => {
      const rows = 6000;
      const data = denseYolov5(s + 11, rows);
      const options = { ...setting, inputWidth: 320, inputHeight: 320 };
      const expected = referenceDecode([{ data, dims: [1, rows, 85] }], { ...options, layout: 'yolov5' });
      expect(expected.length).toBeGreaterThan(40);
      expectSame(decode([{ data, dims: [1, rows, 85] }], { ...options, layout: 'yolov5' }), expected);
    });
  }

  it('raw YOLOv5 heads, float32 (the scan loop of its own) and float16 (through the half table)', () => {
    const c = randomCase('yolov5-heads', 4242);
    const options = { ...settings[0], layout: 'yolov5-heads' as const, inputWidth: c.inputWidth, inputHeight: c.inputHeight };
    const expected = referenceDecode(c.tensors, options);
    expect(expected.length).toBeGreaterThan(10);
    expectSame(decode(c.tensors, options), expected);
    const halves = c.tensors.map((t) => ({ data: Uint16Array.from(t.data as Float32Array, floatToHalf), dims: t.dims }));
    const halvesAsFloat = halves.map((t) => ({ data: Float32Array.from(t.data, halfToFloat), dims: t.dims }));
    expectSame(decode(halves, options), referenceDecode(halvesAsFloat, options));
  });

  // score = obj · cls: the decoders skip class values at or below threshold / obj (productFloor). Class
  // values a few float32 steps either side of that quotient are where a floor computed too high would
  // drop a row the exact test keeps.
  for (const layout of ['yolov5', 'yolox', 'yolov5-undecoded'] as const) {
    it(`${layout}: scores a float32 step either side of the threshold, decided as the exact test decides`, () => {
      const rows = layout === 'yolov5-undecoded' ? 3 * 2100 : 2100; // 320x320 at strides 8, 16, 32
      const cols = 85;
      const data = new Float32Array(rows * cols);
      const f = new Float32Array(1);
      const bits = new Int32Array(f.buffer);
      const r = rng(77);
      for (const threshold of [0.25, 0.1, 0.3, 0.45]) {
        for (let i = 0; i < rows; i++) {
          const o = i * cols;
          // box terms small enough for the undecoded and YOLOX parametrisations alike; boxes far apart
          data.set([0.3 + 0.4 * r(), 0.3 + 0.4 * r(), 0.2 + 0.2 * r(), 0.2 + 0.2 * r()], o);
          const obj = threshold + (1 - threshold) * r();
          data[o + 4] = obj;
          for (let k = 0; k < 80; k++) data[o + 5 + k] = 0.5 * threshold * r();
          f[0] = threshold / obj;
          bits[0] += Math.floor(r() * 7) - 3;
          data[o + 5 + Math.floor(r() * 80)] = f[0];
        }
        const options = { ...settings[0], scoreThreshold: threshold, iouThreshold: 1, maxDetections: rows, layout, inputWidth: 320, inputHeight: 320 };
        const expected = referenceDecode([{ data, dims: [1, rows, cols] }], options);
        expect(expected.length).toBeGreaterThan(rows / 5);
        expect(expected.length).toBeLessThan(rows);
        expectSame(decode([{ data, dims: [1, rows, cols] }], options), expected);
      }
    });
  }

  it('sorts more candidates than one radix digit holds, ties in row order', () => {
    // 5,000 rows, 7 distinct scores only: the order must be by score, then row
    const rows = 5000;
    const data = new Float32Array(rows * 6);
    for (let i = 0; i < rows; i++) {
      data.set([10 * (i % 70), 10 * Math.floor(i / 70), 5, 5, 1, 0.3 + 0.1 * (i % 7)], i * 6);
    }
    const options = { inputWidth: 1000, inputHeight: 1000, iouThreshold: 0.45, maxDetections: 10000, layout: 'yolov5' as const };
    const d = decode([{ data, dims: [1, rows, 6] }], options);
    const expected = referenceDecode([{ data, dims: [1, rows, 6] }], { ...options, scoreThreshold: 0.25, preNmsTopK: 30000, classAgnostic: false });
    expectSame(d, expected);
    expect(d.count).toBe(rows);
  });
});
