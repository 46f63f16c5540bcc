// COCO greedy matching of one image at one IoU threshold (the rule of `evaluateMap`, without size-band
// ignore regions): per class, detections by descending score (ties keep input order) each take the
// still unmatched ground-truth box of their class with the highest IoU, when that IoU is >= the
// threshold. A second detection of a matched box is a false positive.

import { boxIoU, type Box } from './map.js';

/** Result of {@link matchAtIoU}. */
export interface ImageMatch {
  /** Per detection (input order): 1 when it matched a ground-truth box. */
  truePositive: Uint8Array;
  /** Per ground-truth box (input order): the score of the detection that matched it, or -1. */
  matchedScore: Float64Array;
}

function boxAt(boxes: ArrayLike<number>, i: number): Box {
  return [boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]];
}

/**
 * Matches one image's detections to its ground truth at `iouThreshold`.
 *
 * @param det - Detections: flat x1 y1 x2 y2 boxes, scores, classes.
 * @param gt - Ground truth: flat x1 y1 x2 y2 boxes (same pixel space), classes.
 */
export function matchAtIoU(
  det: { boxes: ArrayLike<number>; scores: ArrayLike<number>; classes: ArrayLike<number> },
  gt: { boxes: ArrayLike<number>; classes: ArrayLike<number> },
  iouThreshold: number,
): ImageMatch {
  const nd = det.scores.length;
  const ng = gt.classes.length;
  const truePositive = new Uint8Array(nd);
  const matchedScore = new Float64Array(ng).fill(-1);
  if (nd === 0 || ng === 0) return { truePositive, matchedScore };
  const thr = Math.min(iouThreshold, 1 - 1e-10);
  const order = Array.from({ length: nd }, (_, i) => i).sort((a, b) => det.scores[b] - det.scores[a]);
  const gtBoxes = Array.from({ length: ng }, (_, g) => boxAt(gt.boxes, g));
  const matched = new Uint8Array(ng);
  for (const d of order) {
    const box = boxAt(det.boxes, d);
    const cls = det.classes[d];
    let best = thr;
    let m = -1;
    for (let g = 0; g < ng; g++) {
      if (gt.classes[g] !== cls || matched[g]) continue;
      const iou = boxIoU(box, gtBoxes[g]);
      if (iou < best) continue; // equal IoU: the later box wins, as in evaluateMap and metrics.py
      best = iou;
      m = g;
    }
    if (m < 0) continue;
    matched[m] = 1;
    truePositive[d] = 1;
    matchedScore[m] = det.scores[d];
  }
  return { truePositive, matchedScore };
}
