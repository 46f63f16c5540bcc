// out: one raw-logit head per level, [1, na, ny, nx, 5+nc] (YOLOv5 / v7 / v5-Lite exported without
// --grid). Sigmoid, then the YOLOv5 decode. The pre-filter compares logits against logit(threshold),
// so the exp() of the sigmoid runs only for rows that can pass.

import { addAnchorBox, type Candidates } from './candidates.js';
import { YOLOV5_ANCHORS } from './defaults.js';
import { UnsupportedModelError } from './errors.js';
import { checkAnchors, logit } from './grid.js';
import { argmaxClass, classMax } from './class-argmax.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

// rows of a level whose objectness passed the float32 scan, reused by every call (grown, never shrunk)
let passing = new Int32Array(0);

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Collects the candidates of YOLOv5 raw heads, given finest level first (see `sortHeads`). */
export function decodeYolov5Heads(heads: readonly OutputTensor[], o: ResolvedOptions, c: Candidates): void {
  const anchors = o.anchors ?? YOLOV5_ANCHORS;
  checkAnchors('yolov5-heads', anchors, heads.length);
  if (o.strides && o.strides.length !== heads.length) {
    throw new UnsupportedModelError(`yolov5-heads: ${o.strides.length} strides (${o.strides.join('/')}) for ${heads.length} heads`);
  }
  let rows = 0;
  for (let l = 0; l < heads.length; l++) {
    const [, na, ny, nx, no] = heads[l].dims;
    if (na * 2 !== anchors[l].length) {
      throw new UnsupportedModelError(`yolov5-heads: level ${l} has ${na} anchors but ${anchors[l].length / 2} were given`);
    }
    rows += na * ny * nx;
    if (no < 6) throw new UnsupportedModelError(`yolov5-heads: level ${l} has only ${no} values per anchor`);
  }
  const thr = o.scoreThreshold;
  const objLogitThreshold = logit(thr);
  c.reset(rows);
  for (let l = 0; l < heads.length; l++) {
    const data = heads[l].data;
    const lut = lutFor(data);
    const [, na, ny, nx, no] = heads[l].dims;
    const stride = o.strides ? o.strides[l] : o.inputWidth / nx;
    const levelAnchors = anchors[l];
    // The objectness scan is most of the cost when little passes: for float32 heads it runs in a loop
    // of its own over one array type (issue 15: the shipped model's 25,200 rows in 0.05 ms instead of
    // 0.10 in Node), and only the rows it finds go through the full decode below.
    const cells = ny * nx;
    const rowsHere = na * cells;
    let found = rowsHere;
    if (lut === null) {
      if (passing.length < rowsHere) passing = new Int32Array(rowsHere);
      const f32 = data as Float32Array;
      found = 0;
      for (let r = 0, at = 4; r < rowsHere; r++, at += no) if (f32[at] > objLogitThreshold) passing[found++] = r;
    }
    for (let k = 0; k < found; k++) {
      const row = lut === null ? passing[k] : k;
      const base = row * no;
      const objLogit = lut === null ? data[base + 4] : lut[data[base + 4]];
      if (!(objLogit > objLogitThreshold)) continue;
      const a = (row / cells) | 0;
      const cell = row - a * cells;
      const y = (cell / nx) | 0;
      const x = cell - y * nx;
      const score = sigmoid(objLogit) * sigmoid(classMax(data, lut, base + 5, base + no));
      const cls = argmaxClass;
      if (!(score > thr)) continue;
      const tx = lut === null ? data[base] : lut[data[base]];
      const ty = lut === null ? data[base + 1] : lut[data[base + 1]];
      const tw = lut === null ? data[base + 2] : lut[data[base + 2]];
      const th = lut === null ? data[base + 3] : lut[data[base + 3]];
      addAnchorBox(c, sigmoid(tx), sigmoid(ty), sigmoid(tw), sigmoid(th), x, y, stride, levelAnchors[2 * a], levelAnchors[2 * a + 1], score, cls);
    }
  }
}
