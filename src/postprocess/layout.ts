// Output-layout detection: from shapes, and from value ranges where shapes are ambiguous
// ([1, N, 5+nc] is YOLOv5 decoded, YOLOv5 undecoded or YOLOX raw, told apart by their values).

import { checkOutputs } from './check-outputs.js';
import { UnsupportedModelError } from './errors.js';
import { lutFor } from './half.js';
import type { LayoutName, ModelOutputs, OutputTensor } from './types.js';

/** A centre beyond this many pixels means boxes are decoded (raw offsets stay within a few cells). */
const DECODED_CENTRE_MIN = 8;

/** Output names of TensorRT's EfficientNMS plugin, which onnxruntime cannot run. */
const TENSORRT_NAMES = ['num_dets', 'det_boxes', 'det_scores', 'det_classes'];

/** The outputs as a list, in order. */
export function outputList(outputs: ModelOutputs): readonly OutputTensor[] {
  return Array.isArray(outputs) ? (outputs as readonly OutputTensor[]) : Object.values(outputs);
}

/** Shapes as text for error messages, e.g. `[1,84,8400], [1,3,80,80,85]`. */
export function describeShapes(outputs: ModelOutputs): string {
  const entries = Array.isArray(outputs)
    ? (outputs as readonly OutputTensor[]).map((t) => `[${t.dims.join(',')}]`)
    : Object.entries(outputs).map(([name, t]) => `${name} [${t.dims.join(',')}]`);
  return entries.length === 0 ? 'no outputs' : entries.join(', ');
}

const SUPPORTED =
  'Supported: yolov5 [1,N,5+nc], yolov5-undecoded [1,N,5+nc], yolov5-heads 3x[1,3,ny,nx,5+nc], ' +
  'yolov8 [1,4+nc,N], end2end [1,K,6] or [K,6], yolov7-nms [K,7], yolox [1,N,5+nc], ' +
  'fastestv2 2x[1,H,W,15+nc] or [rows,15+nc].';

/** Throws the error for outputs no layout matches, saying what was seen and what is supported. */
export function unsupported(outputs: ModelOutputs, why: string): never {
  throw new UnsupportedModelError(`Unsupported model outputs (${describeShapes(outputs)}): ${why}. ${SUPPORTED}`);
}

function isTensorRtNms(outputs: ModelOutputs, list: readonly OutputTensor[]): boolean {
  if (!Array.isArray(outputs) && Object.keys(outputs).some((name) => TENSORRT_NAMES.includes(name))) return true;
  // num_dets [1,1] + boxes [1,K,4] + scores [1,K] + classes [1,K]
  return (
    list.length === 4 &&
    list.some((t) => t.dims.length <= 2 && t.dims.every((d) => d === 1)) &&
    list.some((t) => t.dims.length === 3 && t.dims[2] === 4)
  );
}

/** Level grid of the flat Yolo-FastestV2 output: rows = a² + (a/2)² for an even a, else 0. */
export function fastestV2FlatSide(rows: number): number {
  const a = Math.round(Math.sqrt((rows * 4) / 5));
  return a > 0 && a % 2 === 0 && a * a + (a / 2) * (a / 2) === rows ? a : 0;
}

/**
 * Tells the three [1, N, 5+nc] layouts apart by their box columns. Decoded YOLOv5 rows hold centres in
 * pixels, spread over the whole grid, so some |cx| or |cy| is large; undecoded YOLOv5 values are all
 * sigmoid outputs in [0, 1]; YOLOX raw regression is small but leaves [0, 1] (offsets, log-sizes).
 */
function classifyRows(t: OutputTensor): LayoutName {
  const data = t.data;
  const lut = lutFor(data);
  const cols = t.dims[t.dims.length - 1];
  const rows = data.length / cols;
  let centre = 0;
  let inUnitRange = true;
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let j = 0; j < 4; j++) {
      const v = lut === null ? data[o + j] : lut[data[o + j]];
      if (j < 2 && Math.abs(v) > centre) centre = Math.abs(v);
      if (v < 0 || v > 1) inUnitRange = false;
    }
  }
  if (centre > DECODED_CENTRE_MIN) return 'yolov5';
  return inUnitRange ? 'yolov5-undecoded' : 'yolox';
}

/**
 * [1, K, 6] is end2end (x1 y1 x2 y2 score class) or a one-class [1, N, 5+1] YOLOv5/YOLOX output.
 * end2end rows carry whole class ids; a class-probability column does not.
 */
function looksSuppressed(t: OutputTensor): boolean {
  const data = t.data;
  const lut = lutFor(data);
  for (let o = 5; o < data.length; o += 6) {
    const cls = lut === null ? data[o] : lut[data[o]];
    if (cls !== Math.round(cls)) return false;
  }
  return true;
}

/**
 * Detects the output layout from the shapes (and, for [1, N, 5+nc], from the values).
 * Throws UnsupportedModelError for unknown signatures and TensorRT-only outputs.
 */
export function detectLayout(outputs: ModelOutputs): LayoutName {
  checkOutputs(outputs);
  const list = outputList(outputs);
  if (list.length === 0) unsupported(outputs, 'the model has no outputs');
  if (isTensorRtNms(outputs, list)) {
    unsupported(
      outputs,
      'these are TensorRT EfficientNMS outputs (num_dets, det_boxes, det_scores, det_classes), which only TensorRT ' +
        'can run; re-export without the TensorRT NMS plugin (raw outputs, or end2end with ONNX NMS)',
    );
  }
  const rank = (n: number) => list.filter((t) => t.dims.length === n);
  const rows3 = rank(3).filter((t) => t.dims[0] === 1);
  if (rows3.length === 1) {
    if (rank(4).length > 0) {
      unsupported(outputs, 'this looks like an instance-segmentation model (a mask-prototype output); export a detection model');
    }
    const [, a, b] = rows3[0].dims;
    if (b === 6) return looksSuppressed(rows3[0]) ? 'end2end' : classifyRows(rows3[0]);
    if (a < b && a >= 5) return 'yolov8';
    if (b >= 6) return classifyRows(rows3[0]);
    unsupported(outputs, `a [1,${a},${b}] output has too few values per candidate`);
  }
  const heads = rank(5);
  if (heads.length >= 2 && heads.length === list.length) {
    const no = heads[0].dims[4];
    if (no >= 6 && heads.every((t) => t.dims[0] === 1 && t.dims[4] === no)) return 'yolov5-heads';
    unsupported(outputs, 'rank-5 outputs are not YOLOv5 heads [1,na,ny,nx,5+nc] of equal width');
  }
  const nhwc = rank(4);
  if (nhwc.length === 2 && list.length === 2) {
    const [p, q] = nhwc;
    if (p.dims[3] === q.dims[3] && p.dims[3] >= 16 && (p.dims[1] === 2 * q.dims[1] || q.dims[1] === 2 * p.dims[1])) {
      return 'fastestv2';
    }
  }
  const flat = rank(2);
  if (flat.length === 1 && list.length === 1) {
    const [rows, cols] = flat[0].dims;
    if (cols === 6) return 'end2end';
    if (cols === 7) return 'yolov7-nms';
    if (cols >= 16 && fastestV2FlatSide(rows) > 0) return 'fastestv2';
  }
  return unsupported(outputs, 'no known YOLO detection layout has this signature');
}
