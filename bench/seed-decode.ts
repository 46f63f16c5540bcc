// The seed's top-k decode (the PlayTorch YOLOv5 tutorial's shape, with its nMSLimit): one object per
// row that passes the threshold, Array.sort with a comparator, the best `topK` kept, then greedy NMS
// with an "active" flag per candidate that stops once `maxDetections` are kept. Faster than the naive
// baseline (it filters before building objects and stops early) and the same result as decode().

import type { NaiveDetection } from './naive-decode.js';

function iou(a: NaiveDetection, b: NaiveDetection): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

function nmsTopK(rows: NaiveDetection[], iouThreshold: number, topK: number, max: number): NaiveDetection[] {
  rows.sort((a, b) => b.score - a.score);
  const boxes = rows.slice(0, topK);
  const active = new Array<boolean>(boxes.length).fill(true);
  const selected: NaiveDetection[] = [];
  for (let i = 0; i < boxes.length; i++) {
    if (!active[i]) continue;
    selected.push(boxes[i]);
    if (selected.length >= max) break;
    for (let j = i + 1; j < boxes.length; j++) {
      if (active[j] && boxes[j].cls === boxes[i].cls && iou(boxes[i], boxes[j]) > iouThreshold) active[j] = false;
    }
  }
  return selected;
}

/** [1, N, 5+nc] decoded YOLOv5 rows, the seed's way. */
export function seedYolov5(data: Float32Array, cols: number, threshold: number, iouThreshold: number, topK = 30000): NaiveDetection[] {
  const rows: NaiveDetection[] = [];
  const n = data.length / cols;
  for (let r = 0; r < n; r++) {
    const o = r * cols;
    const obj = data[o + 4];
    if (obj <= threshold) continue;
    let best = -Infinity;
    let cls = 0;
    for (let k = 5; k < cols; k++) {
      if (data[o + k] > best) {
        best = data[o + k];
        cls = k - 5;
      }
    }
    const score = obj * best;
    if (score <= threshold) continue;
    const [cx, cy, w, h] = [data[o], data[o + 1], data[o + 2], data[o + 3]];
    rows.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, cls });
  }
  return nmsTopK(rows, iouThreshold, topK, 300);
}

/** [1, 4+nc, N] YOLOv8 output, the seed's way (one column at a time). */
export function seedYolov8(data: Float32Array, channels: number, threshold: number, iouThreshold: number, topK = 30000): NaiveDetection[] {
  const n = data.length / channels;
  const rows: NaiveDetection[] = [];
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    let cls = 0;
    for (let k = 4; k < channels; k++) {
      const v = data[k * n + i];
      if (v > best) {
        best = v;
        cls = k - 4;
      }
    }
    if (best <= threshold) continue;
    const [cx, cy, w, h] = [data[i], data[n + i], data[2 * n + i], data[3 * n + i]];
    rows.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score: best, cls });
  }
  return nmsTopK(rows, iouThreshold, topK, 300);
}
