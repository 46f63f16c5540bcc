// out: layouts that already ran NMS in the graph; only thresholding, mapping and the cap remain.
//   end2end:    [1, K, 6] or [K, 6]: x1 y1 x2 y2 score class (YOLOv10, YOLO26, Ultralytics nms=True, v5-Lite --end2end)
//   yolov7-nms: [K, 7]: batch x1 y1 x2 y2 class score (YOLOv7 --end2end --max-wh); rows of batch 0 only

import { addCornerBox, type Candidates } from './candidates.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

/** Column positions of an already-suppressed layout. */
interface RowFormat {
  width: number;
  batch: number; // -1 when rows carry no batch index
  x1: number;
  score: number;
  cls: number;
}

/** Rows of `end2end`. */
export const END2END_FORMAT: RowFormat = { width: 6, batch: -1, x1: 0, score: 4, cls: 5 };
/** Rows of `yolov7-nms`. */
export const YOLOV7_NMS_FORMAT: RowFormat = { width: 7, batch: 0, x1: 1, score: 6, cls: 5 };

/** Collects the rows above the score threshold (class ids are rounded; invalid ids are skipped). */
export function decodeSuppressed(t: OutputTensor, format: RowFormat, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const { width, batch, x1, score: scoreCol, cls: clsCol } = format;
  const rows = Math.floor(data.length / width);
  const thr = o.scoreThreshold;
  c.reset(rows);
  for (let r = 0, base = 0; r < rows; r++, base += width) {
    if (batch >= 0 && (lut === null ? data[base + batch] : lut[data[base + batch]]) !== 0) continue;
    const score = lut === null ? data[base + scoreCol] : lut[data[base + scoreCol]];
    if (!(score > thr)) continue;
    const cls = Math.round(lut === null ? data[base + clsCol] : lut[data[base + clsCol]]);
    if (!(cls >= 0 && cls <= 0xffff)) continue;
    const b = base + x1;
    if (lut === null) addCornerBox(c, data[b], data[b + 1], data[b + 2], data[b + 3], score, cls);
    else addCornerBox(c, lut[data[b]], lut[data[b + 1]], lut[data[b + 2]], lut[data[b + 3]], score, cls);
  }
}
