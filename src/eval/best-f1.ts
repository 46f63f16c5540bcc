// Precision, recall and F1 against the score threshold, per class, from detections already matched at
// one IoU (see matchAtIoU), and the threshold that maximises the mean F1 over the classes that have
// labels (as Ultralytics picks its `conf` for the P and R columns, without its curve smoothing).

/** Thresholds tried: 0, 0.001, ..., 0.999 (a detection is kept when its score is > the threshold). */
export const F1_THRESHOLD_STEPS = 1000;

/** One class's ranked detections: scores and true-positive flags, and its number of labels. */
export interface ClassRanking {
  scores: number[];
  truePositive: boolean[];
  labels: number;
}

/** Result of {@link bestF1}. */
export interface BestF1 {
  /** The score threshold (detections scoring above it are kept). */
  threshold: number;
  /** Mean F1 over the classes with labels at that threshold. */
  f1: number;
  /** Per class at that threshold: precision (1 when nothing is kept) and recall (-1 without labels). */
  precision: number[];
  recall: number[];
  /** Mean F1 at each threshold i / F1_THRESHOLD_STEPS. */
  curve: number[];
}

/** Per class: precision and recall at every threshold step. */
function classCurves(c: ClassRanking): { p: Float64Array; r: Float64Array } {
  const order = c.scores.map((_, i) => i).sort((a, b) => c.scores[b] - c.scores[a]);
  const sorted = order.map((i) => c.scores[i]);
  const cumTp = new Int32Array(order.length + 1);
  order.forEach((i, k) => (cumTp[k + 1] = cumTp[k] + (c.truePositive[i] ? 1 : 0)));
  const p = new Float64Array(F1_THRESHOLD_STEPS);
  const r = new Float64Array(F1_THRESHOLD_STEPS);
  let kept = sorted.length; // detections with score > t; shrinks as t grows
  for (let k = 0; k < F1_THRESHOLD_STEPS; k++) {
    const t = k / F1_THRESHOLD_STEPS;
    while (kept > 0 && sorted[kept - 1] <= t) kept--;
    const tp = cumTp[kept];
    p[k] = kept > 0 ? tp / kept : 1;
    r[k] = c.labels > 0 ? tp / c.labels : -1;
  }
  return { p, r };
}

/**
 * The score threshold with the best mean F1 over classes with labels (the lowest one on ties), and
 * each class's precision and recall there. With no labels at all: threshold 0, F1 0.
 */
export function bestF1(classes: readonly ClassRanking[]): BestF1 {
  const curves = classes.map(classCurves);
  const counted = classes.map((c) => c.labels > 0);
  const n = counted.filter(Boolean).length;
  const curve = new Array<number>(F1_THRESHOLD_STEPS).fill(0);
  let best = 0;
  for (let k = 0; k < F1_THRESHOLD_STEPS; k++) {
    let sum = 0;
    curves.forEach(({ p, r }, c) => {
      if (counted[c] && p[k] + r[k] > 0) sum += (2 * p[k] * r[k]) / (p[k] + r[k]);
    });
    curve[k] = n > 0 ? sum / n : 0;
    if (curve[k] > curve[best]) best = k;
  }
  return {
    threshold: best / F1_THRESHOLD_STEPS,
    f1: curve[best],
    precision: curves.map(({ p }) => p[best]),
    recall: curves.map(({ r }) => r[best]),
    curve,
  };
}
