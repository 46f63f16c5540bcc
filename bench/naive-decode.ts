// The naive baseline the project started from (as in the PlayTorch YOLOv5 tutorial): one object per
// row, Array.sort, O(n²) NMS over every candidate. Benchmarks compare decode() against it.

export interface NaiveDetection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  cls: number;
}

function iou(a: NaiveDetection, b: NaiveDetection): number {
  const iw = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const ih = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

function nms(rows: NaiveDetection[], iouThreshold: number, max: number): NaiveDetection[] {
  rows.sort((a, b) => b.score - a.score);
  const removed = new Array(rows.length).fill(false);
  const kept: NaiveDetection[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (removed[i]) continue;
    kept.push(rows[i]);
    for (let j = i + 1; j < rows.length; j++) {
      if (rows[j].cls === rows[i].cls && iou(rows[i], rows[j]) > iouThreshold) removed[j] = true;
    }
  }
  return kept.slice(0, max);
}

/** [1, N, 5+nc] decoded YOLOv5 rows, the naive way. */
export function naiveYolov5(data: Float32Array, cols: number, threshold: number, iouThreshold: number): NaiveDetection[] {
  const rows: NaiveDetection[] = [];
  for (let r = 0; r < data.length / cols; r++) {
    const row = Array.from(data.slice(r * cols, (r + 1) * cols));
    const classes = row.slice(5);
    const best = Math.max(...classes);
    const score = row[4] * best;
    if (score > threshold) {
      const [cx, cy, w, h] = row;
      rows.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, cls: classes.indexOf(best) });
    }
  }
  return nms(rows, iouThreshold, 300);
}

/** [1, 4+nc, N] YOLOv8 output, the naive way (transposed into row objects first). */
export function naiveYolov8(data: Float32Array, channels: number, threshold: number, iouThreshold: number): NaiveDetection[] {
  const n = data.length / channels;
  const rows: NaiveDetection[] = [];
  for (let i = 0; i < n; i++) {
    const column = Array.from({ length: channels }, (_, k) => data[k * n + i]);
    const classes = column.slice(4);
    const best = Math.max(...classes);
    if (best > threshold) {
      const [cx, cy, w, h] = column;
      rows.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score: best, cls: classes.indexOf(best) });
    }
  }
  return nms(rows, iouThreshold, 300);
}
