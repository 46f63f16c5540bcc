// One image's FrameResult → a COCO-style JSON document: {images, annotations, categories}, boxes as
// [x, y, width, height] in source px, plus each detection's `score`. Category ids are class index + 1
// (COCO keeps 0 free), every label listed, so the file loads in pycocotools and COCO viewers as is.

import type { FrameResult } from '../types.js';
import type { ImageDescription } from './frame-result-to-json.js';

/** A COCO annotation as written (a detection result: with `score`). */
export interface CocoAnnotation {
  id: number;
  image_id: number;
  /** Class index + 1. */
  category_id: number;
  /** [x, y, width, height] in source px. */
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0;
  score: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The detections of one image as a COCO-style document (`image_id` 1). */
export function frameResultToCoco(result: FrameResult, image: ImageDescription, space?: number): string {
  const { boxes, scores, classes, count } = result.detections;
  const annotations: CocoAnnotation[] = [];
  let classCount = result.labels.length;
  for (let i = 0; i < count; i++) {
    const [x1, y1, x2, y2] = [boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]];
    classCount = Math.max(classCount, classes[i] + 1);
    annotations.push({
      id: i + 1,
      image_id: 1,
      category_id: classes[i] + 1,
      bbox: [round(x1, 2), round(y1, 2), round(x2 - x1, 2), round(y2 - y1, 2)],
      area: round((x2 - x1) * (y2 - y1), 2),
      iscrowd: 0,
      score: round(scores[i], 4),
    });
  }
  const categories = Array.from({ length: classCount }, (_, k) => ({ id: k + 1, name: result.labels[k] ?? `class ${k}` }));
  return JSON.stringify({ images: [{ id: 1, file_name: image.fileName, width: image.width, height: image.height }], annotations, categories }, null, space);
}
