// out: [1, N, 5+nc] (or [N, 5+nc]), row-major: cx cy w h (input px), obj, nc class probabilities.
// YOLOv5, YOLOv7 --grid, YOLOv5-Lite --grid, YOLOX exported with decode_in_inference.

import { addCenterBox, type Candidates } from './candidates.js';
import { argmaxClass, classMaxAbove, productFloor } from './class-argmax.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

/** Collects the candidates of a decoded YOLOv5 output; score = obj * max(cls). */
export function decodeYolov5(t: OutputTensor, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const cols = t.dims[t.dims.length - 1];
  const rows = cols > 0 ? data.length / cols : 0;
  const thr = o.scoreThreshold;
  c.reset(rows);
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    // Objectness first: score = obj * cls <= obj, so most rows end after one read.
    const obj = lut === null ? data[base + 4] : lut[data[base + 4]];
    if (!(obj > thr)) continue;
    const best = classMaxAbove(data, lut, base + 5, base + cols, productFloor(thr, obj));
    const cls = argmaxClass;
    if (cls < 0) continue;
    const score = obj * best;
    if (!(score > thr)) continue;
    if (lut === null) addCenterBox(c, data[base], data[base + 1], data[base + 2], data[base + 3], score, cls);
    else addCenterBox(c, lut[data[base]], lut[data[base + 1]], lut[data[base + 2]], lut[data[base + 3]], score, cls);
  }
}
