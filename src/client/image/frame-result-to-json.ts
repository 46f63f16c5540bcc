// One image's FrameResult → JSON: {format, version, image, model, labels, detections: [{box, score,
// classId, label, track_id?}]}, the same detection shape as the video export.

import type { ModelInfo } from '../../worker/api.js';
import type { FrameResult } from '../types.js';
import { detectionsToJson } from '../detections-to-json.js';

/** Identifies the document (and its version) for whoever reads it back. */
export const IMAGE_JSON_FORMAT = 'yolo-detector/image-detections';

/** What the image exports need to know about the picture. */
export interface ImageDescription {
  /** File name written into the export (e.g. 'street.jpg'). */
  fileName: string;
  /** Source pixel size (the space the boxes are in). */
  width: number;
  height: number;
}

/** The detections of one image as JSON (boxes in source px, 0.01 px; scores 1e-4). */
export function frameResultToJson(result: FrameResult, image: ImageDescription, model?: ModelInfo, space?: number): string {
  const doc = {
    format: IMAGE_JSON_FORMAT,
    version: 1,
    image: { fileName: image.fileName, width: image.width, height: image.height },
    model: model ? { name: model.name, layout: model.layout, inputWidth: model.inputWidth, inputHeight: model.inputHeight, backend: model.backend } : null,
    labels: result.labels,
    timings: result.timings,
    detections: detectionsToJson(result.detections, result.labels),
  };
  return JSON.stringify(doc, null, space);
}
