// Multi-object tracking metrics: CLEAR MOT (MOTA, ID switches; Bernardin & Stiefelhagen 2008) and
// IDF1 (Ristani et al. 2016), with py-motmetrics' matching rules. Not a hot path: allocates freely.

import { boxIou } from './box-iou.js';
import { LinearAssignment } from './linear-assignment.js';

/** The objects of one frame: an ID each and its box (x1 y1 x2 y2, 4 values per object). */
export interface TrackFrame {
  ids: ArrayLike<number>;
  boxes: ArrayLike<number>;
}

/** What `trackingMetrics` measures over a sequence. */
export interface TrackingMetrics {
  /** Frames compared. */
  frames: number;
  /** Ground-truth objects over all frames. */
  groundTruth: number;
  /** Hypothesis (tracker) objects over all frames. */
  hypotheses: number;
  /** Ground-truth objects matched to a hypothesis. */
  matches: number;
  /** Hypotheses matched to nothing. */
  falsePositives: number;
  /** Ground-truth objects matched to nothing. */
  misses: number;
  /** Times a ground-truth object was matched to another hypothesis ID than the last one it had. */
  idSwitches: number;
  /** ID switches per ground-truth ID (only IDs that had any). */
  idSwitchesByObject: ReadonlyMap<number, number>;
  /** 1 − (misses + false positives + ID switches) / ground truth. */
  mota: number;
  /** Mean IoU of the matches. */
  motp: number;
  /** Objects matched under the best one-to-one mapping of whole tracks (IDF1's true positives). */
  idtp: number;
  /** 2·IDTP / (ground truth + hypotheses). */
  idf1: number;
  /** IDTP / hypotheses. */
  idPrecision: number;
  /** IDTP / ground truth. */
  idRecall: number;
  /** Distinct ground-truth and hypothesis IDs. */
  groundTruthTracks: number;
  hypothesisTracks: number;
}

/**
 * Compares tracker output with ground truth, frame by frame (the arrays are aligned: frame k of each).
 * A ground-truth object and a hypothesis can match when their IoU is at least `iouThreshold` (0.5).
 * Per frame, as py-motmetrics: pairs that matched before and still overlap enough are kept; the rest
 * are matched optimally (most matches, then least total 1 − IoU); a ground-truth object matched to a
 * hypothesis ID other than its previous one counts an ID switch. IDF1 maps whole ground-truth tracks to
 * whole hypothesis tracks one to one, maximising the frames where the pair matches.
 */
export function trackingMetrics(groundTruth: readonly TrackFrame[], hypotheses: readonly TrackFrame[], iouThreshold = 0.5): TrackingMetrics {
  if (groundTruth.length !== hypotheses.length) {
    throw new RangeError(`ground truth has ${groundTruth.length} frames but the hypotheses ${hypotheses.length}`);
  }
  const solver = new LinearAssignment();
  const limit = 1 - iouThreshold + 1e-9; // cost 1 − IoU must be at most 1 − threshold
  const lastMatch = new Map<number, number>(); // ground-truth ID → hypothesis ID it last matched
  const pairFrames = new Map<number, Map<number, number>>(); // gt ID → hyp ID → frames with IoU >= threshold
  const gtIds = new Set<number>();
  const hypIds = new Set<number>();
  let nGt = 0;
  let nHyp = 0;
  let matches = 0;
  let switches = 0;
  const switchesByObject = new Map<number, number>();
  let iouSum = 0;
  for (let f = 0; f < groundTruth.length; f++) {
    const g = groundTruth[f];
    const h = hypotheses[f];
    const ng = g.ids.length;
    const nh = h.ids.length;
    nGt += ng;
    nHyp += nh;
    const iou = new Float64Array(ng * nh);
    for (let i = 0; i < ng; i++) {
      gtIds.add(g.ids[i]);
      for (let j = 0; j < nh; j++) {
        const v = boxIou(g.boxes, i, h.boxes, j);
        iou[i * nh + j] = v;
        if (v >= iouThreshold) {
          let row = pairFrames.get(g.ids[i]);
          if (!row) pairFrames.set(g.ids[i], (row = new Map()));
          row.set(h.ids[j], (row.get(h.ids[j]) ?? 0) + 1);
        }
      }
    }
    for (let j = 0; j < nh; j++) hypIds.add(h.ids[j]);
    // keep last frame's correspondences that still hold
    const gtTaken = new Int32Array(ng).fill(-1);
    const hypTaken = new Uint8Array(nh);
    for (let i = 0; i < ng; i++) {
      const previous = lastMatch.get(g.ids[i]);
      if (previous === undefined) continue;
      for (let j = 0; j < nh; j++) {
        if (hypTaken[j] === 0 && h.ids[j] === previous && iou[i * nh + j] >= iouThreshold) {
          gtTaken[i] = j;
          hypTaken[j] = 1;
          break;
        }
      }
    }
    // the rest: optimal assignment on 1 − IoU
    const cost = new Float64Array(ng * nh);
    for (let i = 0; i < ng; i++) {
      for (let j = 0; j < nh; j++) cost[i * nh + j] = gtTaken[i] >= 0 || hypTaken[j] === 1 ? Infinity : 1 - iou[i * nh + j];
    }
    solver.solve(cost, ng, nh, limit);
    for (let i = 0; i < ng; i++) {
      let j = gtTaken[i];
      if (j < 0) {
        j = solver.rowMatch[i];
        if (j < 0) continue;
        const previous = lastMatch.get(g.ids[i]);
        if (previous !== undefined && previous !== h.ids[j]) {
          switches++;
          switchesByObject.set(g.ids[i], (switchesByObject.get(g.ids[i]) ?? 0) + 1);
        }
        lastMatch.set(g.ids[i], h.ids[j]);
      }
      matches++;
      iouSum += iou[i * nh + j];
    }
  }
  // IDF1: the one-to-one mapping of track IDs with the most matched frames
  const gtList = [...gtIds];
  const hypList = [...hypIds];
  const hypIndex = new Map(hypList.map((id, k) => [id, k]));
  const idCost = new Float64Array(gtList.length * hypList.length);
  gtList.forEach((gid, r) => {
    for (const [hid, n] of pairFrames.get(gid) ?? []) idCost[r * hypList.length + (hypIndex.get(hid) as number)] = -n;
  });
  solver.solve(idCost, gtList.length, hypList.length, 0);
  let idtp = 0;
  for (let r = 0; r < gtList.length; r++) {
    const c = solver.rowMatch[r];
    if (c >= 0) idtp -= idCost[r * hypList.length + c];
  }
  const falsePositives = nHyp - matches;
  const misses = nGt - matches;
  return {
    frames: groundTruth.length,
    groundTruth: nGt,
    hypotheses: nHyp,
    matches,
    falsePositives,
    misses,
    idSwitches: switches,
    idSwitchesByObject: switchesByObject,
    mota: nGt > 0 ? 1 - (misses + falsePositives + switches) / nGt : 0,
    motp: matches > 0 ? iouSum / matches : 0,
    idtp,
    idf1: nGt + nHyp > 0 ? (2 * idtp) / (nGt + nHyp) : 0,
    idPrecision: nHyp > 0 ? idtp / nHyp : 0,
    idRecall: nGt > 0 ? idtp / nGt : 0,
    groundTruthTracks: gtList.length,
    hypothesisTracks: hypList.length,
  };
}
