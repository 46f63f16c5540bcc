// The evaluation report (docs/contracts.md, contract 6) and the pure maths that makes it from scored images:
// COCO mAP (101-point interpolation), per class AP, precision / recall at the best-F1 threshold, PR
// curves, the Ultralytics-style confusion matrix, COCO size bands, and what each image scored.

import type { Detections } from '../postprocess/types.js';
import { bestF1, type ClassRanking } from './best-f1.js';
import { addToConfusion, CONFUSION_DEFAULTS, emptyConfusion } from './confusion-matrix.js';
import type { LabelIssue, LabelIssueKind } from './dataset.js';
import { LABEL_ISSUE_KINDS } from './dataset.js';
import { evaluateMap, interpolatedPrecision101, type Box, type SizeBand } from './map.js';
import { matchAtIoU } from './match-at-iou.js';

/** COCO's size bands by box area in source pixels: small < 32², medium 32²..96², large >= 96². */
export const COCO_SIZE_BANDS: readonly SizeBand[] = [
  { name: 'small', min: 0, max: 32 },
  { name: 'medium', min: 32, max: 96 },
  { name: 'large', min: 96, max: Infinity },
];

/** How the numbers were made (part of the report, so a JSON file explains itself). */
export const EVAL_METHOD = {
  ap: 'COCO 101-point interpolation as pycocotools computes it: the best precision at recall >= r for r = 0, 0.01, ..., 1, averaged (not a trapezoid integral); mAP over classes with labels',
  matching: 'per image and class, detections by descending score take the unmatched label of their class with the highest IoU >= the threshold; duplicates are false positives',
  iouThresholds: '0.5 for mAP@0.5, PR curves, precision/recall and per-image counts; 0.5, 0.55, ..., 0.95 averaged for mAP@0.5:0.95',
  bestF1: 'the score threshold in 0, 0.001, ..., 0.999 (detections scoring above it are kept) with the highest mean F1 over classes with labels, at IoU 0.5; precision and recall per class are read there',
  confusion: `Ultralytics ConfusionMatrix: detections scoring > ${CONFUSION_DEFAULTS.scoreThreshold}, paired class-agnostically with labels at IoU > ${CONFUSION_DEFAULTS.iouThreshold} (best pairs first, each used once); confusion[predicted][true], last row/column = background`,
  sizeBands: 'COCO: box area in source px, small < 32², medium 32²..96², large >= 96² (labels and detections outside a band are ignored for it)',
} as const;

/** One image as it was scored. */
export interface EvalImage {
  /** Path in the dataset. */
  name: string;
  /** Decoded size in px (the space of every box below). */
  width: number;
  height: number;
  /** The detector's output (score > the evaluation threshold), boxes in source px. */
  detections: Detections;
  /** Number of labels scored. */
  labels: number;
  /** The labels: flat x1 y1 x2 y2 in source px, and classes. */
  groundTruth: { boxes: Float32Array; classes: Uint16Array };
  /** At the best-F1 threshold and IoU 0.5: matched labels, unmatched detections, missed labels. */
  truePositives: number;
  falsePositives: number;
  misses: number;
}

/** One class's row of the report. */
export interface EvalClass {
  /** The class name (the dataset's, else the model's). */
  name: string;
  /** Number of labels of this class. */
  labels: number;
  /** AP at IoU 0.5 and averaged over 0.5:0.95; -1 when the class has no labels (left out of the means). */
  ap50: number;
  ap50to95: number;
  /** At the best-F1 threshold, IoU 0.5 (precision 1 when nothing is kept; recall -1 without labels). */
  precision: number;
  recall: number;
}

/** mAP of one size band (-1 when the band has no labels). */
export interface EvalSizeBand {
  /** 'small', 'medium' or 'large'. */
  name: string;
  /** Labels in the band. */
  labels: number;
  /** mAP at IoU 0.5 and over 0.5:0.95, counting only labels and detections in the band. */
  map50: number;
  map50to95: number;
}

/** What `evaluate` reports. */
export interface EvalReport {
  /** Images scored (unreadable ones are not). */
  images: number;
  /** Labels scored. */
  labels: number;
  /** Images without a label file or without objects (every detection on them is a false positive). */
  backgroundImages: number;
  /** mAP at IoU 0.5 over the classes with labels (COCO 101-point interpolation). */
  map50: number;
  /** mAP averaged over IoU 0.5, 0.55, ..., 0.95. */
  map50to95: number;
  /** One row per class of `classNames`. */
  perClass: EvalClass[];
  /** The score threshold with the highest mean F1 over classes (IoU 0.5), and that F1. */
  bestF1: { threshold: number; f1: number };
  /** (nc+1) x (nc+1), `confusion[predicted][true]`, last row/column = background (see `method.confusion`). */
  confusion: number[][];
  /** mAP per COCO size band (small, medium, large). */
  sizeBands: EvalSizeBand[];
  /** 101-point interpolated precision per class at IoU 0.5 (the curve AP@0.5 averages), at `recall`. */
  prCurves: { recall: number[]; precision: number[][] };
  /** Mean F1 over classes with labels at score threshold i / 1000. */
  f1Curve: number[];
  /** Every image as it was scored, in dataset order. */
  perImage: EvalImage[];
  /** Label problems, and how many of each kind. */
  issues: LabelIssue[];
  /** How many issues of each kind. */
  issueCounts: Record<LabelIssueKind, number>;
  /** Class names used (the dataset's, else the model's). */
  classNames: string[];
  /** Notes on the run (e.g. dataset and model names differ). */
  warnings: string[];
  /** How the numbers were made (EVAL_METHOD), so that a saved report explains itself. */
  method: typeof EVAL_METHOD;
  /** Filled in by `evaluate`: the detector and settings used, and wall time. */
  settings?: Record<string, unknown>;
}

/** An image with its detections and its labels in source px, ready to score. */
export interface ScoredImageInput {
  name: string;
  width: number;
  height: number;
  detections: Detections;
  groundTruth: { boxes: Float32Array; classes: Uint16Array };
  /** true when the image had no label file. */
  background?: boolean;
}

/** sqrt(area): compared to 32 and 96, it sorts boxes into COCO's area bands. */
function sqrtArea(box: Box): number {
  return Math.sqrt(Math.max(box[2] - box[0], 0) * Math.max(box[3] - box[1], 0));
}

/**
 * Scores images: the whole report but `settings`. Classes are 0..classNames.length-1; detections of
 * other classes are not scored.
 */
export function buildEvalReport(
  images: readonly ScoredImageInput[],
  classNames: readonly string[],
  issues: readonly LabelIssue[] = [],
  warnings: readonly string[] = [],
): EvalReport {
  const nc = classNames.length;
  const map = evaluateMap(
    images.map((im) => im.detections),
    images.map((im) => im.groundTruth),
    { numClasses: nc, sizeBands: COCO_SIZE_BANDS, boxSize: sqrtArea },
  );
  const rankings: ClassRanking[] = classNames.map(() => ({ scores: [], truePositive: [], labels: 0 }));
  const matches = images.map((im) => {
    const m = matchAtIoU(im.detections, im.groundTruth, 0.5);
    for (let d = 0; d < im.detections.count; d++) {
      const r = rankings[im.detections.classes[d]];
      if (!r) continue;
      r.scores.push(im.detections.scores[d]);
      r.truePositive.push(m.truePositive[d] === 1);
    }
    for (const c of im.groundTruth.classes) if (rankings[c]) rankings[c].labels++;
    return m;
  });
  const f1 = bestF1(rankings);
  const confusion = emptyConfusion(nc);
  for (const im of images) addToConfusion(confusion, im.detections, im.groundTruth);

  const perImage: EvalImage[] = images.map((im, i) => {
    let tp = 0;
    let fp = 0;
    for (let d = 0; d < im.detections.count; d++) {
      if (im.detections.scores[d] <= f1.threshold || im.detections.classes[d] >= nc) continue;
      if (matches[i].truePositive[d]) tp++;
      else fp++;
    }
    let misses = 0;
    for (const s of matches[i].matchedScore) if (s <= f1.threshold) misses++;
    return {
      name: im.name,
      width: im.width,
      height: im.height,
      detections: im.detections,
      labels: im.groundTruth.classes.length,
      groundTruth: im.groundTruth,
      truePositives: tp,
      falsePositives: fp,
      misses,
    };
  });
  const issueCounts = Object.fromEntries(LABEL_ISSUE_KINDS.map((k) => [k, 0])) as Record<LabelIssueKind, number>;
  for (const issue of issues) issueCounts[issue.kind]++;
  return {
    images: images.length,
    labels: map.numGt,
    backgroundImages: images.filter((im) => im.background || im.groundTruth.classes.length === 0).length,
    map50: map.map50,
    map50to95: map.map5095,
    perClass: classNames.map((name, c) => ({
      name,
      labels: rankings[c].labels,
      ap50: map.perClass[String(c)].ap50,
      ap50to95: map.perClass[String(c)].ap5095,
      precision: f1.precision[c],
      recall: f1.recall[c],
    })),
    bestF1: { threshold: f1.threshold, f1: f1.f1 },
    confusion,
    sizeBands: COCO_SIZE_BANDS.map((b) => {
      const v = map.perSizeBand[b.name];
      return { name: b.name, labels: v.numGt, map50: v.map50, map50to95: v.map5095 };
    }),
    prCurves: {
      recall: Array.from({ length: 101 }, (_, r) => r / 100),
      precision: rankings.map((r) => Array.from(interpolatedPrecision101(r.scores, r.truePositive, r.labels))),
    },
    f1Curve: f1.curve,
    perImage,
    issues: [...issues],
    issueCounts,
    classNames: [...classNames],
    warnings: [...warnings],
    method: EVAL_METHOD,
  };
}
