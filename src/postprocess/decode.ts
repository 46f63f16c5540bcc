// decode(): the one entry point. Picks the layout's tensors, collects candidates in place (one
// pass over each output), sorts them by score, runs NMS and packs the result.

import { Candidates } from './candidates.js';
import { checkClassAxis, checkOutputs, MAX_CANDIDATES } from './check-outputs.js';
import { decodeSuppressed, END2END_FORMAT, YOLOV7_NMS_FORMAT } from './decode-end2end.js';
import { decodeFastestV2 } from './decode-fastestv2.js';
import { decodeYolov5 } from './decode-yolov5.js';
import { decodeYolov5Heads } from './decode-yolov5-heads.js';
import { decodeYolov5Undecoded } from './decode-yolov5-undecoded.js';
import { decodeYolov8 } from './decode-yolov8.js';
import { decodeYolox } from './decode-yolox.js';
import { packDetections } from './detections.js';
import { InputError } from './errors.js';
import { detectLayout, outputList, unsupported } from './layout.js';
import { greedyNms, keepInOrder, keptView, sortByScore } from './nms.js';
import { resolveOptions } from './options.js';
import type { DecodeOptions, Detections, LayoutName, ModelOutputs, OutputTensor } from './types.js';

const candidates = new Candidates(); // reused by every call: decode is synchronous, so never shared
const picked: OutputTensor[] = [];

/** The single tensor of a one-output layout: rank 3 with a batch of 1, or rank 2 without one. */
function single(outputs: ModelOutputs, list: readonly OutputTensor[], layout: LayoutName, width?: number): OutputTensor {
  let fallback: OutputTensor | undefined;
  for (const t of list) {
    const d = t.dims;
    if (width !== undefined && d[d.length - 1] !== width) continue;
    if (d.length === 3 && d[0] === 1) return t;
    if (d.length === 2 && fallback === undefined) fallback = t;
  }
  if (fallback) return fallback;
  return unsupported(outputs, `layout '${layout}' needs one ${width ? `[1,K,${width}] or [K,${width}]` : 'rank-3 [1,a,b]'} output`);
}

/** The tensors of a multi-level layout, finest grid first. */
function levels(list: readonly OutputTensor[], rank: number, cellsAt: (d: readonly number[]) => number): OutputTensor[] {
  picked.length = 0;
  for (const t of list) if (t.dims.length === rank) picked.push(t);
  // insertion sort by descending cell count: at most a handful of outputs, no comparator allocation
  for (let i = 1; i < picked.length; i++) {
    const t = picked[i];
    let j = i - 1;
    while (j >= 0 && cellsAt(picked[j].dims) < cellsAt(t.dims)) {
      picked[j + 1] = picked[j];
      j--;
    }
    picked[j + 1] = t;
  }
  return picked;
}

/** The [1, N, 5+nc] tensor of a row layout, with at least one class column. */
function rows(outputs: ModelOutputs, list: readonly OutputTensor[], layout: LayoutName): OutputTensor {
  const t = single(outputs, list, layout);
  checkClassAxis(t, layout, 1, 5);
  return t;
}

const headCells = (d: readonly number[]): number => d[2] * d[3];
const nhwcCells = (d: readonly number[]): number => d[1] * d[2];

function collect(outputs: ModelOutputs, layout: LayoutName, options: ReturnType<typeof resolveOptions>): void {
  const list = outputList(outputs);
  switch (layout) {
    case 'yolov5':
      return decodeYolov5(rows(outputs, list, layout), options, candidates);
    case 'yolov5-undecoded':
      return decodeYolov5Undecoded(rows(outputs, list, layout), options, candidates);
    case 'yolox':
      return decodeYolox(rows(outputs, list, layout), options, candidates);
    case 'yolov8': {
      const t = single(outputs, list, layout);
      checkClassAxis(t, layout, 2, 4); // [1, 4+nc, N]
      return decodeYolov8(t, options, candidates);
    }
    case 'end2end':
      return decodeSuppressed(single(outputs, list, layout, 6), END2END_FORMAT, options, candidates);
    case 'yolov7-nms':
      return decodeSuppressed(single(outputs, list, layout, 7), YOLOV7_NMS_FORMAT, options, candidates);
    case 'yolov5-heads': {
      const heads = levels(list, 5, headCells);
      if (heads.length === 0) unsupported(outputs, "layout 'yolov5-heads' needs [1,na,ny,nx,5+nc] outputs");
      return decodeYolov5Heads(heads, options, candidates);
    }
    case 'fastestv2': {
      const nhwc = levels(list, 4, nhwcCells);
      if (nhwc.length > 0) return decodeFastestV2(nhwc, options, candidates);
      picked.length = 0;
      picked.push(single(outputs, list, layout));
      return decodeFastestV2(picked, options, candidates);
    }
    default:
      return unsupported(outputs, `unknown layout '${String(layout)}'`);
  }
}

/**
 * Decodes YOLO output tensors into detections: reads the tensors in place, keeps candidates whose
 * score is > scoreThreshold, runs greedy NMS (per class unless classAgnostic; skipped for layouts
 * that already ran NMS), maps boxes through `transform` and returns them sorted by score.
 * Throws UnsupportedModelError for outputs it cannot decode and InputError for bad options.
 */
export function decode(outputs: ModelOutputs, options: DecodeOptions): Detections {
  checkOutputs(outputs);
  const o = resolveOptions(options);
  const layout = options.layout === undefined || options.layout === 'auto' ? detectLayout(outputs) : options.layout;
  candidates.minScore = Math.fround(o.scoreThreshold); // scores are float32: compared as stored (issue 16)
  collect(outputs, layout, o);
  if (candidates.count > MAX_CANDIDATES) {
    throw new InputError(`${candidates.count} candidates pass scoreThreshold ${o.scoreThreshold}; at most ${MAX_CANDIDATES} can be sorted: raise it.`);
  }
  const sorted = sortByScore(candidates, o.preNmsTopK);
  const alreadySuppressed = layout === 'end2end' || layout === 'yolov7-nms';
  const keptCount = alreadySuppressed
    ? keepInOrder(sorted, o.maxDetections)
    : greedyNms(candidates, sorted, o.iouThreshold, o.classAgnostic, o.maxDetections);
  return packDetections(candidates, keptView(keptCount), o.transform);
}
