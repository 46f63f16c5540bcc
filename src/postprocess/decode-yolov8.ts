// out: [1, 4+nc, N] (or [4+nc, N]), channel-major: rows cx, cy, w, h (input px), then nc class rows.
// YOLOv8 / v9 / YOLO11 / YOLO26 one-to-many head. No objectness: score = max(cls).

import { addCenterBox, type Candidates } from './candidates.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

let bestScore = new Float64Array(0); // float64: holds the threshold exactly
let bestClass = new Uint16Array(0);

/** Collects the candidates of a YOLOv8-style output. */
export function decodeYolov8(t: OutputTensor, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const channels = t.dims[t.dims.length - 2];
  const n = t.dims[t.dims.length - 1];
  const thr = o.scoreThreshold;
  c.reset(n);
  if (bestScore.length < n) {
    bestScore = new Float64Array(n);
    bestClass = new Uint16Array(n);
  }
  // Class rows are contiguous: walk them one after another (sequential reads, no stride of N per
  // candidate), keeping a running arg-max per candidate. Starting from the threshold means only values
  // that can pass are ever written; a candidate passes iff its best class beats the threshold.
  bestScore.fill(thr, 0, n);
  for (let k = 4; k < channels; k++) {
    const row = k * n;
    const cls = k - 4;
    for (let i = 0; i < n; i++) {
      const v = lut === null ? data[row + i] : lut[data[row + i]];
      if (v > bestScore[i]) {
        bestScore[i] = v;
        bestClass[i] = cls;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const score = bestScore[i];
    if (!(score > thr)) continue;
    if (lut === null) addCenterBox(c, data[i], data[n + i], data[2 * n + i], data[3 * n + i], score, bestClass[i]);
    else addCenterBox(c, lut[data[i]], lut[data[n + i]], lut[data[2 * n + i]], lut[data[3 * n + i]], score, bestClass[i]);
  }
}
