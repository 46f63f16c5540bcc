// out: [1, N, 5+nc], row-major: tx ty tw th (raw), obj, nc classes (sigmoid applied).
// Rows run level by level (strides 8, 16, 32), then y, then x. YOLOX demo_postprocess:
// cx = (tx + gx) * s, w = exp(tw) * s; score = obj * max(cls).

import { addCenterBox, type Candidates } from './candidates.js';
import { YOLOV5_STRIDES } from './defaults.js';
import { checkRowCount, expectedRows, gridHeight, gridWidth } from './grid.js';
import { argmaxClass, classMaxAbove, productFloor } from './class-argmax.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

/** Collects the candidates of a raw YOLOX head. */
export function decodeYolox(t: OutputTensor, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const cols = t.dims[t.dims.length - 1];
  const rows = data.length / cols;
  const strides = o.strides ?? YOLOV5_STRIDES;
  const W = o.inputWidth;
  const H = o.inputHeight;
  checkRowCount('yolox', rows, expectedRows(W, H, strides, undefined), W, H, strides);
  const thr = o.scoreThreshold;
  c.reset(rows);
  let base = 0;
  for (let l = 0; l < strides.length; l++) {
    const stride = strides[l];
    const nx = gridWidth(W, stride);
    const ny = gridHeight(H, stride);
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, base += cols) {
        const obj = lut === null ? data[base + 4] : lut[data[base + 4]];
        if (!(obj > thr)) continue;
        const best = classMaxAbove(data, lut, base + 5, base + cols, productFloor(thr, obj));
        const cls = argmaxClass;
        if (cls < 0) continue;
        const score = obj * best;
        if (!(score > thr)) continue;
        const tx = lut === null ? data[base] : lut[data[base]];
        const ty = lut === null ? data[base + 1] : lut[data[base + 1]];
        const tw = lut === null ? data[base + 2] : lut[data[base + 2]];
        const th = lut === null ? data[base + 3] : lut[data[base + 3]];
        addCenterBox(c, (tx + x) * stride, (ty + y) * stride, Math.exp(tw) * stride, Math.exp(th) * stride, score, cls);
      }
    }
  }
}
