// decode() and detectLayout() on tiny tensors whose results are computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  decode,
  detectLayout,
  InputError,
  UnsupportedModelError,
  type Detections,
  type OutputTensor,
} from '../../../src/postprocess/index.js';

const f32 = (values: number[]) => new Float32Array(values);
const t = (values: number[], dims: number[]): OutputTensor => ({ data: f32(values), dims });
/** A float32 product, as the decoder computes obj * cls from float32 inputs. */
const product = (a: number, b: number) => Math.fround(Math.fround(a) * Math.fround(b));
const boxes = (d: Detections) => Array.from(d.boxes);
const scores = (d: Detections) => Array.from(d.scores);
const classes = (d: Detections) => Array.from(d.classes);

describe('yolov5 (decoded rows)', () => {
  // cx cy w h obj c0 c1
  const rows = [
    [50, 50, 20, 20, 0.9, 0.1, 0.8], // score 0.72, class 1, box [40,40,60,60]
    [52, 50, 20, 20, 0.8, 0.2, 0.9], // score 0.72 (a tie), IoU with row 0 = 360/440 > 0.45: suppressed
    [10, 10, 4, 4, 0.25, 0, 1], // score exactly 0.25: not > 0.25, dropped
    [90, 90, 10, 10, NaN, 0.5, 0.5], // NaN objectness: ignored
    [90, 90, Infinity, 10, 0.9, 0.9, 0.1], // infinite box: ignored
    [51, 50, 20, 20, 0.7, 0.9, 0.1], // score 0.63, class 0: overlaps row 0 but another class
  ];
  const out = t(rows.flat(), [1, rows.length, 7]);
  const base = { layout: 'yolov5' as const, inputWidth: 100, inputHeight: 100 };

  it('keeps score > threshold, breaks ties by row order, and runs NMS per class', () => {
    const d = decode([out], base);
    expect(d.count).toBe(2);
    expect(classes(d)).toEqual([1, 0]);
    expect(scores(d)).toEqual([product(0.9, 0.8), product(0.7, 0.9)]);
    expect(boxes(d)).toEqual([40, 40, 60, 60, 41, 40, 61, 60]);
  });

  it('suppresses across classes when class-agnostic', () => {
    const d = decode([out], { ...base, classAgnostic: true });
    expect(d.count).toBe(1);
    expect(boxes(d)).toEqual([40, 40, 60, 60]);
  });

  it('keeps the suppressed box when the IoU threshold is above its IoU (strictly greater suppresses)', () => {
    expect(decode([out], { ...base, iouThreshold: 0.9 }).count).toBe(3);
    // IoU of rows 0 and 1 is 360/440 = 0.8181..; at exactly that threshold it is not suppressed
    expect(decode([out], { ...base, iouThreshold: 360 / 440 }).count).toBe(3);
    expect(decode([out], { ...base, iouThreshold: 360 / 440 - 1e-9 }).count).toBe(2);
  });

  it('lowers the threshold to admit the edge row', () => {
    const d = decode([out], { ...base, scoreThreshold: 0.2499 });
    expect(d.count).toBe(3);
    expect(scores(d)[2]).toBe(0.25);
  });

  it('caps at maxDetections, best first', () => {
    const d = decode([out], { ...base, iouThreshold: 0.99, maxDetections: 2 });
    expect(scores(d)).toEqual([product(0.9, 0.8), product(0.8, 0.9)]);
    expect(boxes(d).slice(0, 2)).toEqual([40, 40]); // the earlier row of the tie comes first
  });

  it('keeps only preNmsTopK candidates before NMS', () => {
    const d = decode([out], { ...base, iouThreshold: 0.99, preNmsTopK: 1 });
    expect(d.count).toBe(1);
  });

  it('maps boxes through the transform and clips them to the source', () => {
    // source = (input - pad) / scale: x1 = (40 - 10) / 0.5 = 60, x2 = (60 - 10) / 0.5 = 100 -> clipped to 80
    const transform = { scaleX: 0.5, scaleY: 0.25, padX: 10, padY: 20, srcWidth: 80, srcHeight: 200 };
    const d = decode([out], { ...base, classAgnostic: true, transform });
    expect(boxes(d)).toEqual([60, 80, 80, 160]);
  });

  it('returns an empty result for an all-zero output and for zero rows', () => {
    expect(decode([t(new Array(7 * 4).fill(0), [1, 4, 7])], base).count).toBe(0);
    const none = decode([t([], [1, 0, 7])], base);
    expect(none.count).toBe(0);
    expect(none.boxes.length).toBe(0);
  });

  it('accepts outputs by name', () => {
    expect(decode({ output0: out }, base).count).toBe(2);
  });
});

describe('yolov8 (channel-major)', () => {
  // [1, 4+3, 3]: columns are candidates
  const cx = [10, 12, 80];
  const cy = [10, 10, 80];
  const w = [10, 10, 20];
  const h = [10, 10, 40];
  const c0 = [0.1, 0.85, 0.2];
  const c1 = [0.9, 0.3, 0.2];
  const c2 = [0.3, 0.1, 0.25]; // candidate 2's best is 0.25: not kept
  const out = t([cx, cy, w, h, c0, c1, c2].flat(), [1, 7, 3]);

  it('scores by the best class, without objectness', () => {
    const d = decode([out], { layout: 'yolov8', inputWidth: 100, inputHeight: 100 });
    expect(classes(d)).toEqual([1, 0]);
    expect(scores(d)).toEqual([Math.fround(0.9), Math.fround(0.85)]);
    expect(boxes(d)).toEqual([5, 5, 15, 15, 7, 5, 17, 15]);
  });

  it('suppresses the overlapping pair when class-agnostic (IoU 80/120)', () => {
    const d = decode([out], { layout: 'yolov8', inputWidth: 100, inputHeight: 100, classAgnostic: true });
    expect(classes(d)).toEqual([1]);
  });
});

describe('yolox (raw, anchor-free)', () => {
  // 32x32 input, strides 8/16/32 -> rows 16 + 4 + 1 = 21; row 17 = level stride 16, y 0, x 1
  const cols = 6;
  const data = new Array(21 * cols).fill(0);
  data.splice(17 * cols, cols, 0.5, 0.25, 0, Math.log(2), 0.8, 0.5);
  const out = t(data, [1, 21, cols]);

  it('decodes (t + grid) * stride and exp(t) * stride', () => {
    // cx = (0.5 + 1) * 16 = 24, cy = (0.25 + 0) * 16 = 4, w = 16, h = 32 -> [16, -12, 32, 20]
    const d = decode([out], { layout: 'yolox', inputWidth: 32, inputHeight: 32 });
    expect(d.count).toBe(1);
    expect(scores(d)).toEqual([product(0.8, 0.5)]);
    expect(boxes(d)).toEqual([16, -12, 32, 20]);
  });

  it('rejects a row count that does not match the grids, saying why', () => {
    expect(() => decode([out], { layout: 'yolox', inputWidth: 64, inputHeight: 64 })).toThrow(/21 rows.*84/);
  });
});

describe('yolov5-undecoded (sigmoid, grid and anchors still to apply)', () => {
  // 32x32, strides 8/16/32, 3 anchors each -> 3 * (16 + 4 + 1) = 63 rows;
  // row 61 = level 2 (offset 48 + 12), anchor 1 (156 x 198), cell (0, 0)
  const cols = 6;
  const data = new Array(63 * cols).fill(0);
  data.splice(61 * cols, cols, 0.5, 0.75, 0.5, 0.25, 0.9, 0.5);
  const out = t(data, [1, 63, cols]);

  it('decodes (2s - 0.5 + g) * stride and (2s)^2 * anchor', () => {
    // cx = (1 - 0.5) * 32 = 16, cy = (1.5 - 0.5) * 32 = 32, w = 1 * 156, h = 0.25 * 198 = 49.5
    const d = decode([out], { layout: 'yolov5-undecoded', inputWidth: 32, inputHeight: 32 });
    expect(boxes(d)).toEqual([-62, 7.25, 94, 56.75]);
    expect(scores(d)).toEqual([product(0.9, 0.5)]);
  });

  it('is told apart from decoded rows by its values', () => {
    expect(detectLayout([out])).toBe('yolov5-undecoded');
  });
});

describe('yolov5-heads (raw logits)', () => {
  // 16x16 input, level 0: [1,1,2,2,6] stride 8 anchor 4x6; level 1: [1,1,1,1,6] stride 16 anchor 20x30
  const fine = new Array(4 * 6).fill(-10);
  // cell y 1, x 0 -> index (1 * 2 + 0) * 6 = 12: tx 0, ty 0, tw 0, th ln 3, obj ln 9, cls ln 4
  fine.splice(12, 6, 0, 0, 0, Math.log(3), Math.log(9), Math.log(4));
  const coarse = new Array(6).fill(-10);
  const heads = [t(coarse, [1, 1, 1, 1, 6]), t(fine, [1, 1, 2, 2, 6])]; // coarse first: matched by shape
  const options = { layout: 'yolov5-heads' as const, inputWidth: 16, inputHeight: 16, anchors: [[4, 6], [20, 30]] };

  it('applies sigmoid, then the YOLOv5 decode', () => {
    // sigmoids 0.5, 0.5, 0.5, 0.75, obj 0.9, cls 0.8: cx = (1 - 0.5 + 0) * 8 = 4, cy = (1 - 0.5 + 1) * 8 = 12,
    // w = 1 * 4 = 4, h = 1.5² * 6 = 13.5
    const d = decode(heads, options);
    expect(d.count).toBe(1);
    expect(scores(d)[0]).toBeCloseTo(0.72, 6);
    expect(boxes(d)).toEqual([2, 5.25, 6, 18.75]);
  });

  it('is detected from the shapes', () => {
    expect(detectLayout(heads)).toBe('yolov5-heads');
  });

  it('rejects anchors that do not fit the heads', () => {
    expect(() => decode(heads, { ...options, anchors: [[4, 6, 8, 8], [20, 30]] })).toThrow(UnsupportedModelError);
  });
});

describe('fastestv2', () => {
  // 32x32 input: stride 16 -> 2x2 cells, stride 32 -> 1x1; 3 anchors, 1 class -> 16 values per cell
  const anchors = [[2, 2, 4, 4, 8, 6], [16, 16, 20, 20, 30, 30]];
  const fine = new Array(4 * 16).fill(0);
  // cell (x 1, y 1) = index 3; anchor 2 terms at 8..11, its objectness at 12 + 2, class at 15
  const cell = new Array(16).fill(0);
  cell.splice(8, 4, 0.5, 0.5, 0.5, 1);
  cell[14] = 0.9;
  cell[15] = 1;
  fine.splice(3 * 16, 16, ...cell);
  const coarse = new Array(16).fill(0);
  const options = { inputWidth: 32, inputHeight: 32, anchors };

  it('decodes the two NHWC outputs, whatever their order', () => {
    // cx = (1 - 0.5 + 1) * 16 = 24, cy = 24, w = 1 * 8 = 8, h = 2² * 6 = 24
    const d = decode([t(coarse, [1, 1, 1, 16]), t(fine, [1, 2, 2, 16])], options);
    expect(boxes(d)).toEqual([20, 12, 28, 36]);
    expect(scores(d)).toEqual([Math.fround(0.9)]);
  });

  it('decodes the flat [rows, C] export the same way', () => {
    const d = decode([t([...fine, ...coarse], [5, 16])], { ...options, layout: 'fastestv2' });
    expect(boxes(d)).toEqual([20, 12, 28, 36]);
  });

  it('detects both forms from their shapes', () => {
    expect(detectLayout([t(coarse, [1, 1, 1, 16]), t(fine, [1, 2, 2, 16])])).toBe('fastestv2');
    expect(detectLayout([t(new Array(605 * 95).fill(0), [605, 95])])).toBe('fastestv2');
  });
});

describe('end2end and yolov7-nms (NMS already in the graph)', () => {
  const rows = [
    [0, 0, 10, 10, 0.3, 2],
    [1, 1, 11, 11, 0.9, 1], // overlaps row 0 heavily: kept anyway, the graph already de-duplicated
    [5, 5, 6, 6, 0.1, 0],
  ];

  it('thresholds, sorts and keeps overlapping rows', () => {
    const d = decode([t(rows.flat(), [1, 3, 6])], { inputWidth: 20, inputHeight: 20 });
    expect(scores(d)).toEqual([Math.fround(0.9), Math.fround(0.3)]);
    expect(classes(d)).toEqual([1, 2]);
    expect(boxes(d)).toEqual([1, 1, 11, 11, 0, 0, 10, 10]);
  });

  it('accepts [K, 6] and K = 0', () => {
    expect(decode([t(rows.flat(), [3, 6])], { inputWidth: 20, inputHeight: 20 }).count).toBe(2);
    expect(decode([t([], [0, 6])], { inputWidth: 20, inputHeight: 20 }).count).toBe(0);
    expect(decode([t([], [1, 0, 6])], { inputWidth: 20, inputHeight: 20 }).count).toBe(0);
  });

  it('reads yolov7-nms rows of batch 0 only, class before score', () => {
    const v7 = [
      [0, 1, 2, 3, 4, 5, 0.8],
      [1, 1, 2, 3, 4, 6, 0.95], // batch 1: ignored
    ];
    const d = decode([t(v7.flat(), [2, 7])], { inputWidth: 20, inputHeight: 20 });
    expect(classes(d)).toEqual([5]);
    expect(boxes(d)).toEqual([1, 2, 3, 4]);
  });
});

describe('float16 outputs', () => {
  // half bits of values exactly representable: 0.5 = 0x3800, 0.75 = 0x3a00, 50 = 0x5240, 20 = 0x4d00, 0 = 0
  it('decode in place from Uint16Array bits, same as float32', () => {
    const bits = new Uint16Array([0x5240, 0x5240, 0x4d00, 0x4d00, 0x3a00, 0x3800, 0x3a00]);
    const d = decode([{ data: bits, dims: [1, 1, 7] }], { inputWidth: 100, inputHeight: 100 });
    expect(boxes(d)).toEqual([40, 40, 60, 60]);
    expect(scores(d)).toEqual([0.5625]);
    expect(classes(d)).toEqual([1]);
  });
});

describe('detectLayout', () => {
  const zeros = (dims: number[]) => t(new Array(dims.reduce((a, b) => a * b, 1)).fill(0), dims);

  it('names each layout from its shape', () => {
    expect(detectLayout([zeros([1, 84, 8400])])).toBe('yolov8');
    expect(detectLayout([zeros([1, 300, 6])])).toBe('end2end');
    expect(detectLayout([zeros([0, 6])])).toBe('end2end');
    expect(detectLayout([zeros([10, 7])])).toBe('yolov7-nms');
  });

  it('tells decoded YOLOv5, undecoded YOLOv5 and YOLOX apart by their values', () => {
    expect(detectLayout([t([320, 240, 50, 80, 0.9, 0.5, 0.2], [1, 1, 7])])).toBe('yolov5');
    expect(detectLayout([t([0.5, 0.4, 0.3, 0.2, 0.9, 0.5, 0.2], [1, 1, 7])])).toBe('yolov5-undecoded');
    expect(detectLayout([t([0.5, 0.4, -1.2, 0.2, 0.9, 0.5, 0.2], [1, 1, 7])])).toBe('yolox');
  });

  it('tells a one-class YOLOv5 [1,N,6] from end2end [1,K,6] by the class column', () => {
    expect(detectLayout([t([320, 240, 50, 80, 0.9, 0.83, 300, 200, 40, 40, 0.1, 0.2], [1, 2, 6])])).toBe('yolov5');
    expect(detectLayout([t([10, 20, 50, 80, 0.9, 3, 0, 0, 0, 0, 0, 0], [1, 2, 6])])).toBe('end2end');
  });

  it('prefers the decoded output of an export that also lists its raw heads', () => {
    const decoded = t([320, 240, 50, 80, 0.9, 0.5, 0.2], [1, 1, 7]);
    expect(detectLayout([zeros([1, 3, 2, 2, 7]), decoded, zeros([1, 3, 1, 1, 7])])).toBe('yolov5');
  });

  it('rejects TensorRT NMS outputs with a message that says what they are', () => {
    const trt = { num_dets: zeros([1, 1]), det_boxes: zeros([1, 100, 4]), det_scores: zeros([1, 100]), det_classes: zeros([1, 100]) };
    expect(() => detectLayout(trt)).toThrow(UnsupportedModelError);
    expect(() => detectLayout(trt)).toThrow(/TensorRT.*num_dets/);
    expect(() => detectLayout(Object.values(trt))).toThrow(/TensorRT/);
  });

  it('rejects a classifier, saying what it saw and what is supported', () => {
    expect(() => detectLayout([zeros([1, 1000])])).toThrow(/\[1,1000\].*Supported: yolov5/);
  });

  it('rejects a segmentation model', () => {
    expect(() => detectLayout([zeros([1, 116, 8400]), zeros([1, 32, 160, 160])])).toThrow(/segmentation/);
  });
});

describe('options', () => {
  it('rejects impossible sizes and thresholds with an InputError', () => {
    const out = [t([], [1, 0, 7])];
    expect(() => decode(out, { inputWidth: 0, inputHeight: 10 })).toThrow(InputError);
    expect(() => decode(out, { inputWidth: 10, inputHeight: 10, scoreThreshold: NaN })).toThrow(InputError);
    const transform = { scaleX: 0, scaleY: 1, padX: 0, padY: 0, srcWidth: 1, srcHeight: 1 };
    expect(() => decode(out, { inputWidth: 10, inputHeight: 10, transform })).toThrow(/scaleX/);
  });
});
