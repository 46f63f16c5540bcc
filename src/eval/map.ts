/**
 * Detection metrics: mAP@0.5 and mAP@0.5:0.95 with COCO-style 101-point
 * interpolated AP, per class and per size band. A pure module (no I/O).
 *
 * It mirrors `tools/train/metrics.py` rule for rule (a cross-check case from the
 * Python code lives in `tools/eval/fixtures/crosscheck.json`):
 *
 * - Matching, per image, class and IoU threshold (as pycocotools does):
 *   detections are taken by descending score (stable: ties keep input order);
 *   each takes the still unmatched ground-truth box of its class with the highest
 *   IoU, if that IoU is >= the threshold (boxes inside the size band are preferred
 *   to ignored ones); otherwise it is a false positive. A second detection of an
 *   already-matched box is therefore a false positive (a duplicate).
 * - Size bands: ground truth whose size is outside the band is ignored; a
 *   detection matched to an ignored box is ignored; an unmatched detection is
 *   ignored when its own size is outside the band. Size = max side of the box,
 *   in the pixel space given by `boxSize` / `sizeScale` (for the wrgb model:
 *   pixels of the 416 input).
 * - AP: detections of all images are concatenated in image order and stably
 *   sorted by descending score; precision is made monotone (running max from
 *   the right) and read at the 101 recalls 0, 0.01, ..., 1 (first detection
 *   whose recall is >= r; 0 when recall never gets there).
 * - Means: over the classes that have ground truth (in the band); classes with
 *   none report AP -1. mAP@0.5:0.95 averages the 10 thresholds 0.5, 0.55, ..., 0.95.
 */

/** A box: x1, y1, x2, y2. */
export type Box = readonly [number, number, number, number];

/** Boxes as a flat list (x1, y1, x2, y2, x1, ...) or as a list of 4-tuples. */
export type BoxesInput = ArrayLike<number> | readonly (readonly number[])[];

/** Detections of one image. */
export interface ImagePredictions {
  /** n boxes, x1 y1 x2 y2. */
  boxes: BoxesInput;
  /** n scores. */
  scores: ArrayLike<number>;
  /** n class indices. */
  classes: ArrayLike<number>;
}

/** Ground truth of one image. */
export interface ImageGroundTruth {
  /** m boxes, x1 y1 x2 y2, in the same pixel space as the predictions. */
  boxes: BoxesInput;
  /** m class indices. */
  classes: ArrayLike<number>;
}

/** A size band: boxes whose size s satisfies min <= s < max. */
export interface SizeBand {
  name: string;
  min: number;
  max: number;
}

/** Options of {@link evaluateMap}. */
export interface MapOptions {
  /** Class names, by index; also fixes the number of classes. */
  classNames?: readonly string[];
  /** Number of classes (default: classNames.length, else 1 + the largest class index seen). */
  numClasses?: number;
  /** IoU thresholds (default 0.5, 0.55, ..., 0.95); mAP@0.5 uses the one equal to 0.5. */
  iouThresholds?: readonly number[];
  /** Size bands (default {@link DEFAULT_SIZE_BANDS}). */
  sizeBands?: readonly SizeBand[];
  /** Size of a box for the bands (default: its max side, times `sizeScale`). */
  boxSize?: (box: Box, imageIndex: number) => number;
  /**
   * Multiplies the default size: one number, or one per image (e.g. the
   * letterbox scale `416 / max(srcWidth, srcHeight)` to measure source-pixel
   * boxes at the model input). Ignored when `boxSize` is given.
   */
  sizeScale?: number | readonly number[];
}

/** AP of one class (-1 when the class has no ground truth). */
export interface ClassMetrics {
  ap50: number;
  ap5095: number;
  numGt: number;
}

/** mAP of one size band (-1 when the band has no ground truth). */
export interface BandMetrics {
  map50: number;
  map5095: number;
  numGt: number;
}

/** Result of {@link evaluateMap}. */
export interface MapResult {
  map50: number;
  map5095: number;
  numGt: number;
  /** By class name (or index as a string). */
  perClass: Record<string, ClassMetrics>;
  /** By band name. */
  perSizeBand: Record<string, BandMetrics>;
}

/** 0.5, 0.55, ..., 0.95. */
export const DEFAULT_IOU_THRESHOLDS: readonly number[] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/** Bands by max side in 416-input px: <6, 6-12, 12-24, >=24, and >=6 (all but the tiniest). */
export const DEFAULT_SIZE_BANDS: readonly SizeBand[] = [
  { name: '<6', min: 0, max: 6 },
  { name: '6-12', min: 6, max: 12 },
  { name: '12-24', min: 12, max: 24 },
  { name: '>=24', min: 24, max: Infinity },
  { name: '>=6', min: 6, max: Infinity },
];

/** IoU of two boxes x1 y1 x2 y2 (0 when the union is empty). */
export function boxIoU(a: Box, b: Box): number {
  const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]), 0);
  const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]), 0);
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Max of width and height. */
export function maxSide(box: Box): number {
  return Math.max(box[2] - box[0], box[3] - box[1]);
}

/**
 * The 101-point interpolated precision of ranked detections (the COCO PR curve): at each recall
 * 0, 0.01, ..., 1 the best precision reached at that recall or beyond; 0 where recall never gets there.
 *
 * @param scores - Detection scores (any order; stably sorted here, descending).
 * @param tp - Whether each detection is a true positive.
 * @param numGt - Number of ground-truth boxes (> 0).
 */
export function interpolatedPrecision101(scores: ArrayLike<number>, tp: ArrayLike<boolean>, numGt: number): Float64Array {
  const q = new Float64Array(101);
  const n = scores.length;
  if (n === 0 || numGt <= 0) return q;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const rc = new Float64Array(n);
  const pr = new Float64Array(n);
  let tps = 0;
  let fps = 0;
  for (let k = 0; k < n; k++) {
    if (tp[order[k]]) tps += 1;
    else fps += 1;
    rc[k] = tps / numGt;
    pr[k] = tps / (tps + fps);
  }
  for (let k = n - 2; k >= 0; k--) pr[k] = Math.max(pr[k], pr[k + 1]);
  let i = 0;
  for (let r = 0; r <= 100; r++) {
    const recall = r === 100 ? 1 : r * (1 / 100);
    while (i < n && rc[i] < recall) i++;
    q[r] = i < n ? pr[i] : 0;
  }
  return q;
}

/**
 * 101-point interpolated AP of ranked detections: the mean of {@link interpolatedPrecision101}.
 *
 * @param scores - Detection scores (any order; stably sorted here, descending).
 * @param tp - Whether each detection is a true positive.
 * @param numGt - Number of ground-truth boxes; -1 is returned when 0.
 */
export function averagePrecision101(scores: ArrayLike<number>, tp: ArrayLike<boolean>, numGt: number): number {
  if (numGt === 0) return -1;
  const q = interpolatedPrecision101(scores, tp, numGt);
  let sum = 0;
  for (let r = 0; r <= 100; r++) sum += q[r];
  return sum / 101;
}

function toBoxes(input: BoxesInput): Box[] {
  const out: Box[] = [];
  if (input.length > 0 && Array.isArray(input[0])) {
    for (const b of input as readonly (readonly number[])[]) out.push([b[0], b[1], b[2], b[3]]);
  } else {
    const flat = input as ArrayLike<number>;
    for (let i = 0; i + 3 < flat.length; i += 4) out.push([flat[i], flat[i + 1], flat[i + 2], flat[i + 3]]);
  }
  return out;
}

interface Prepared {
  boxes: Box[];
  scores: number[];
  classes: number[];
}

interface Matched {
  scores: number[];
  sizes: number[];
  tp: boolean[][];
  ignored: boolean[][];
}

/** Greedy COCO matching of one image and class at every threshold; detections sorted by score. */
function matchImage(
  dets: { box: Box; score: number; size: number }[],
  gts: { box: Box; ignore: boolean }[],
  thresholds: readonly number[],
): Matched {
  const d = dets.map((x, i) => ({ ...x, i })).sort((a, b) => b.score - a.score);
  const g = gts.map((x, i) => ({ ...x, i })).sort((a, b) => Number(a.ignore) - Number(b.ignore));
  const ious = d.map((dd) => g.map((gg) => boxIoU(dd.box, gg.box)));
  const tp = thresholds.map(() => d.map(() => false));
  const ignored = thresholds.map(() => d.map(() => false));
  thresholds.forEach((thr0, t) => {
    const thr = Math.min(thr0, 1 - 1e-10);
    const matched = g.map(() => false);
    for (let di = 0; di < d.length; di++) {
      let best = thr;
      let m = -1;
      for (let gi = 0; gi < g.length; gi++) {
        if (ious[di][gi] < thr) continue; // never a match at this threshold
        if (matched[gi]) continue;
        if (m > -1 && !g[m].ignore && g[gi].ignore) break;
        if (ious[di][gi] < best) continue;
        best = ious[di][gi];
        m = gi;
      }
      if (m === -1) continue;
      matched[m] = true;
      ignored[t][di] = g[m].ignore;
      tp[t][di] = !g[m].ignore;
    }
  });
  return { scores: d.map((x) => x.score), sizes: d.map((x) => x.size), tp, ignored };
}

function apTable(
  preds: Prepared[],
  gts: Prepared[],
  nc: number,
  thresholds: readonly number[],
  band: SizeBand,
  size: (box: Box, image: number) => number,
): { ap: number[][]; numGts: number[] } {
  const ap = thresholds.map(() => new Array<number>(nc).fill(-1));
  const numGts = new Array<number>(nc).fill(0);
  const outOfBand = (s: number): boolean => s < band.min || s >= band.max;
  for (let c = 0; c < nc; c++) {
    const perThr = thresholds.map(() => ({ scores: [] as number[], tp: [] as boolean[] }));
    let numGt = 0;
    for (let i = 0; i < preds.length; i++) {
      const p = preds[i];
      const gt = gts[i];
      const dets: { box: Box; score: number; size: number }[] = [];
      for (let k = 0; k < p.boxes.length; k++) {
        if (p.classes[k] === c) dets.push({ box: p.boxes[k], score: p.scores[k], size: size(p.boxes[k], i) });
      }
      const gtc: { box: Box; ignore: boolean }[] = [];
      for (let k = 0; k < gt.boxes.length; k++) {
        if (gt.classes[k] === c) {
          const ignore = outOfBand(size(gt.boxes[k], i));
          if (!ignore) numGt++;
          gtc.push({ box: gt.boxes[k], ignore });
        }
      }
      const m = matchImage(dets, gtc, thresholds);
      for (let t = 0; t < thresholds.length; t++) {
        for (let k = 0; k < m.scores.length; k++) {
          const ign = m.ignored[t][k] || (!m.tp[t][k] && outOfBand(m.sizes[k]));
          if (ign) continue;
          perThr[t].scores.push(m.scores[k]);
          perThr[t].tp.push(m.tp[t][k]);
        }
      }
    }
    numGts[c] = numGt;
    for (let t = 0; t < thresholds.length; t++) ap[t][c] = averagePrecision101(perThr[t].scores, perThr[t].tp, numGt);
  }
  return { ap, numGts };
}

function meanOver(ap: number[][], rows: readonly number[], valid: boolean[]): number {
  let sum = 0;
  let n = 0;
  for (const t of rows) {
    for (let c = 0; c < valid.length; c++) {
      if (valid[c]) {
        sum += ap[t][c];
        n++;
      }
    }
  }
  return n > 0 ? sum / n : -1;
}

/**
 * mAP@0.5 and mAP@0.5:0.95, per class and per size band.
 *
 * @param predictions - Per image: boxes (x1 y1 x2 y2), scores, classes. Keep low-score
 *   detections (e.g. score > 0.001) for a meaningful mAP.
 * @param groundTruth - Per image, same order and pixel space: boxes and classes.
 * @param opts - Class names, thresholds, size bands and how to size a box.
 * @throws RangeError when the two lists differ in length.
 */
export function evaluateMap(
  predictions: readonly ImagePredictions[],
  groundTruth: readonly ImageGroundTruth[],
  opts: MapOptions = {},
): MapResult {
  if (predictions.length !== groundTruth.length) {
    throw new RangeError(`${predictions.length} prediction sets for ${groundTruth.length} images`);
  }
  const preds: Prepared[] = predictions.map((p) => ({
    boxes: toBoxes(p.boxes),
    scores: Array.from(p.scores),
    classes: Array.from(p.classes),
  }));
  const gts: Prepared[] = groundTruth.map((g) => ({ boxes: toBoxes(g.boxes), scores: [], classes: Array.from(g.classes) }));
  let maxClass = -1;
  for (const s of [...preds, ...gts]) for (const c of s.classes) maxClass = Math.max(maxClass, c);
  const nc = opts.numClasses ?? opts.classNames?.length ?? maxClass + 1;
  const names = Array.from({ length: nc }, (_, c) => opts.classNames?.[c] ?? String(c));
  const thresholds = opts.iouThresholds ?? DEFAULT_IOU_THRESHOLDS;
  const bands = opts.sizeBands ?? DEFAULT_SIZE_BANDS;
  const scale = opts.sizeScale ?? 1;
  const size =
    opts.boxSize ?? ((box: Box, i: number): number => maxSide(box) * (typeof scale === 'number' ? scale : scale[i]));
  let i50 = 0;
  thresholds.forEach((t, k) => {
    if (Math.abs(t - 0.5) < Math.abs(thresholds[i50] - 0.5)) i50 = k;
  });
  const all = thresholds.map((_, k) => k);

  const { ap, numGts } = apTable(preds, gts, nc, thresholds, { name: 'all', min: 0, max: Infinity }, size);
  const valid = numGts.map((n) => n > 0);
  const result: MapResult = {
    map50: meanOver(ap, [i50], valid),
    map5095: meanOver(ap, all, valid),
    numGt: numGts.reduce((a, b) => a + b, 0),
    perClass: {},
    perSizeBand: {},
  };
  names.forEach((name, c) => {
    result.perClass[name] = {
      ap50: ap[i50][c],
      ap5095: valid[c] ? ap.reduce((sum, row) => sum + row[c], 0) / ap.length : -1,
      numGt: numGts[c],
    };
  });
  for (const band of bands) {
    const b = apTable(preds, gts, nc, thresholds, band, size);
    const bValid = b.numGts.map((n) => n > 0);
    result.perSizeBand[band.name] = {
      map50: meanOver(b.ap, [i50], bValid),
      map5095: meanOver(b.ap, all, bValid),
      numGt: b.numGts.reduce((x, y) => x + y, 0),
    };
  }
  return result;
}
