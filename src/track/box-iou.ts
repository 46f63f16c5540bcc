// IoU of two x1 y1 x2 y2 boxes held in (possibly different) typed arrays.

/** IoU of box `i` of `a` and box `j` of `b` (4 values per box: x1, y1, x2, y2); 0 when either is empty. */
export function boxIou(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const ai = i * 4;
  const bj = j * 4;
  const ax1 = a[ai];
  const ay1 = a[ai + 1];
  const ax2 = a[ai + 2];
  const ay2 = a[ai + 3];
  const bx1 = b[bj];
  const by1 = b[bj + 1];
  const bx2 = b[bj + 2];
  const by2 = b[bj + 3];
  return cornerIou(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
}

/**
 * Buffered IoU (C-BIoU): box `i` of `a` grown by `growA` of its width / height on every side, box `j`
 * of `b` by `growB`, then their IoU. Equals `boxIou` when both are 0.
 */
export function bufferedIou(a: ArrayLike<number>, i: number, growA: number, b: ArrayLike<number>, j: number, growB: number): number {
  const ai = i * 4;
  const bj = j * 4;
  const aw = (a[ai + 2] - a[ai]) * growA;
  const ah = (a[ai + 3] - a[ai + 1]) * growA;
  const bw = (b[bj + 2] - b[bj]) * growB;
  const bh = (b[bj + 3] - b[bj + 1]) * growB;
  const ax1 = a[ai] - aw;
  const ay1 = a[ai + 1] - ah;
  const ax2 = a[ai + 2] + aw;
  const ay2 = a[ai + 3] + ah;
  const bx1 = b[bj] - bw;
  const by1 = b[bj + 1] - bh;
  const bx2 = b[bj + 2] + bw;
  const by2 = b[bj + 3] + bh;
  return cornerIou(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
}

/** IoU of two boxes given by their corners; 0 when they do not overlap or either is empty. */
function cornerIou(ax1: number, ay1: number, ax2: number, ay2: number, bx1: number, by1: number, bx2: number, by2: number): number {
  const iw = (ax2 < bx2 ? ax2 : bx2) - (ax1 > bx1 ? ax1 : bx1);
  if (!(iw > 0)) return 0;
  const ih = (ay2 < by2 ? ay2 : by2) - (ay1 > by1 ? ay1 : by1);
  if (!(ih > 0)) return 0;
  const inter = iw * ih;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}
