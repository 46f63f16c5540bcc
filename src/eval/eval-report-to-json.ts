// The report as a JSON file: typed arrays become plain arrays, boxes are rounded to 0.01 px and scores
// to 1e-5, so a 1,000-image report stays a few MB.

import type { EvalReport } from './eval-report.js';

/** Format tag written into the file. */
export const EVAL_JSON_FORMAT = 'yolo-detector/eval-report@1';

const round = (v: number, k: number) => Math.round(v * k) / k;

/** The report as JSON text (`{format, ...report}`), per-image detections and labels included. */
export function evalReportToJson(report: EvalReport): string {
  const perImage = report.perImage.map((im) => ({
    name: im.name,
    width: im.width,
    height: im.height,
    labels: im.labels,
    truePositives: im.truePositives,
    falsePositives: im.falsePositives,
    misses: im.misses,
    detections: {
      count: im.detections.count,
      boxes: Array.from(im.detections.boxes, (v) => round(v, 100)),
      scores: Array.from(im.detections.scores, (v) => round(v, 1e5)),
      classes: Array.from(im.detections.classes),
    },
    groundTruth: { boxes: Array.from(im.groundTruth.boxes, (v) => round(v, 100)), classes: Array.from(im.groundTruth.classes) },
  }));
  return JSON.stringify({ format: EVAL_JSON_FORMAT, ...report, perImage });
}
