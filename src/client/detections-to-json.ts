// One frame's Detections → the JSON detection list that the image and video exports share.

import type { Detections } from '../postprocess/types.js';

/** One detection as the JSON exports write it. */
export interface JsonDetection {
  /** [x1, y1, x2, y2] in source pixels, 0.01 px precision. */
  box: [number, number, number, number];
  /** Score, 1e-4 precision. */
  score: number;
  /** Class index into `labels`. */
  classId: number;
  /** The class label (`class N` beyond the label list). */
  label: string;
  /** Track ID when the frame was tracked (0 = no confirmed track); named as in the CSV and MOT exports. */
  track_id?: number;
}

/** Rounds to `digits` decimals: boxes to 0.01 px and scores to 1e-4 say all a detector can. */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The detections of one frame as plain JSON objects, in score order, with `track_id` when tracked. */
export function detectionsToJson(detections: Detections, labels: readonly string[]): JsonDetection[] {
  const { boxes, scores, classes, count, trackIds } = detections;
  const out: JsonDetection[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      box: [round(boxes[i * 4], 2), round(boxes[i * 4 + 1], 2), round(boxes[i * 4 + 2], 2), round(boxes[i * 4 + 3], 2)],
      score: round(scores[i], 4),
      classId: classes[i],
      label: labels[classes[i]] ?? `class ${classes[i]}`,
      ...(trackIds ? { track_id: trackIds[i] } : {}),
    });
  }
  return out;
}
