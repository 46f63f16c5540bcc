// out: [1, N, 5+nc], row-major, every value sigmoid-ed but boxes not decoded (YOLOv5-Lite --concat).
// Rows run level by level, then anchor, then y, then x: row = levelOffset + a·ny·nx + y·nx + x.

import { addAnchorBox, type Candidates } from './candidates.js';
import { YOLOV5_ANCHORS, YOLOV5_STRIDES } from './defaults.js';
import { checkAnchors, checkRowCount, expectedRows, gridHeight, gridWidth } from './grid.js';
import { argmaxClass, classMaxAbove, productFloor } from './class-argmax.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

/** Collects the candidates of an undecoded YOLOv5 output; score = obj * max(cls). */
export function decodeYolov5Undecoded(t: OutputTensor, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const cols = t.dims[t.dims.length - 1];
  const rows = data.length / cols;
  const anchors = o.anchors ?? YOLOV5_ANCHORS;
  const strides = o.strides ?? YOLOV5_STRIDES;
  checkAnchors('yolov5-undecoded', anchors, strides.length);
  const W = o.inputWidth;
  const H = o.inputHeight;
  checkRowCount('yolov5-undecoded', rows, expectedRows(W, H, strides, anchors), W, H, strides);
  const thr = o.scoreThreshold;
  c.reset(rows);
  let base = 0;
  for (let l = 0; l < strides.length; l++) {
    const stride = strides[l];
    const nx = gridWidth(W, stride);
    const ny = gridHeight(H, stride);
    const levelAnchors = anchors[l];
    for (let a = 0; a < levelAnchors.length; a += 2) {
      const aw = levelAnchors[a];
      const ah = levelAnchors[a + 1];
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, base += cols) {
          const obj = lut === null ? data[base + 4] : lut[data[base + 4]];
          if (!(obj > thr)) continue;
          const best = classMaxAbove(data, lut, base + 5, base + cols, productFloor(thr, obj));
          const cls = argmaxClass;
          if (cls < 0) continue;
          const score = obj * best;
          if (!(score > thr)) continue;
          if (lut === null) {
            addAnchorBox(c, data[base], data[base + 1], data[base + 2], data[base + 3], x, y, stride, aw, ah, score, cls);
          } else {
            const sx = lut[data[base]];
            const sy = lut[data[base + 1]];
            addAnchorBox(c, sx, sy, lut[data[base + 2]], lut[data[base + 3]], x, y, stride, aw, ah, score, cls);
          }
        }
      }
    }
  }
}
