// One image's FrameResult → a YOLO label file: one line per detection, `class cx cy w h` normalised
// to the image size (6 decimals), optionally followed by the score (Ultralytics' save_conf).

import type { FrameResult } from '../types.js';

/** YOLO-format lines for the detections of a `width` x `height` image. */
export function frameResultToYoloTxt(result: FrameResult, width: number, height: number, options: { scores?: boolean } = {}): string {
  const { boxes, scores, classes, count } = result.detections;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const [x1, y1, x2, y2] = [boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]];
    const fields = [((x1 + x2) / 2) / width, ((y1 + y2) / 2) / height, (x2 - x1) / width, (y2 - y1) / height].map((v) => v.toFixed(6));
    lines.push([classes[i], ...fields, ...(options.scores ? [scores[i].toFixed(4)] : [])].join(' '));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
