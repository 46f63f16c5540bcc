// The confusion matrix of Ultralytics' `ConfusionMatrix.process_batch`: detections above a score
// threshold are paired with ground truth class-agnostically by IoU, each detection and each box used
// at most once (highest IoU first); rows are predicted classes, columns true classes, and the last
// row / column is background (a missed box / a detection of nothing).

import { boxIoU, type Box } from './map.js';

/** Ultralytics' defaults: detections scoring > 0.25, pairs with IoU > 0.45. */
export const CONFUSION_DEFAULTS = { scoreThreshold: 0.25, iouThreshold: 0.45 } as const;

/** A zeroed (nc+1) x (nc+1) matrix. */
export function emptyConfusion(nc: number): number[][] {
  return Array.from({ length: nc + 1 }, () => new Array<number>(nc + 1).fill(0));
}

function boxAt(boxes: ArrayLike<number>, i: number): Box {
  return [boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]];
}

/**
 * Adds one image to `matrix` (`matrix[predicted][true]`, index nc = background). Detections of classes
 * >= nc are left out.
 *
 * @param matrix - (nc+1) x (nc+1), from {@link emptyConfusion}.
 * @param det - Detections: flat x1 y1 x2 y2 boxes, scores, classes.
 * @param gt - Ground truth: flat boxes (same pixel space) and classes (< nc).
 */
export function addToConfusion(
  matrix: number[][],
  det: { boxes: ArrayLike<number>; scores: ArrayLike<number>; classes: ArrayLike<number> },
  gt: { boxes: ArrayLike<number>; classes: ArrayLike<number> },
  scoreThreshold: number = CONFUSION_DEFAULTS.scoreThreshold,
  iouThreshold: number = CONFUSION_DEFAULTS.iouThreshold,
): void {
  const nc = matrix.length - 1;
  const dets: number[] = [];
  for (let d = 0; d < det.scores.length; d++) if (det.scores[d] > scoreThreshold && det.classes[d] < nc) dets.push(d);
  const ng = gt.classes.length;
  const pairs: { g: number; d: number; iou: number }[] = [];
  for (let g = 0; g < ng; g++) {
    const gb = boxAt(gt.boxes, g);
    for (const d of dets) {
      const iou = boxIoU(gb, boxAt(det.boxes, d));
      if (iou > iouThreshold) pairs.push({ g, d, iou });
    }
  }
  pairs.sort((a, b) => b.iou - a.iou);
  // as Ultralytics: the best pair of each detection, then of those the best pair of each box
  const seenDet = new Set<number>();
  const byDet = pairs.filter((p) => !seenDet.has(p.d) && seenDet.add(p.d));
  const seenGt = new Set<number>();
  const kept = byDet.filter((p) => !seenGt.has(p.g) && seenGt.add(p.g));
  const detOfGt = new Map(kept.map((p) => [p.g, p.d]));
  const matchedDets = new Set(kept.map((p) => p.d));
  for (let g = 0; g < ng; g++) {
    const d = detOfGt.get(g);
    matrix[d === undefined ? nc : det.classes[d]][gt.classes[g]] += 1;
  }
  for (const d of dets) if (!matchedDets.has(d)) matrix[det.classes[d]][nc] += 1;
}
