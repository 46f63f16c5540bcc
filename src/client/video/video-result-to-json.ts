// VideoResult → one JSON document: {format, version, video, model, settings, labels, timing, frames:
// [{frame, timestamp, detections: [{box: [x1,y1,x2,y2] source px, score, classId, label, track_id?}]}],
// tracks?: [{id, classId, label, firstFrame, lastFrame, frames}]}.

import type { VideoResult } from '../types.js';

/** Identifies the document (and its version) for whoever reads it back. */
export const VIDEO_JSON_FORMAT = 'yolo-detector/video-detections';

/** Rounds to `digits` decimals: boxes to 0.01 px and scores to 1e-4 say all a detector can. */
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One detection as the JSON export writes it. */
export interface JsonDetection {
  /** [x1, y1, x2, y2] in source pixels, 0.01 px precision. */
  box: [number, number, number, number];
  /** Score, 1e-4 precision. */
  score: number;
  /** Class index into `labels`. */
  classId: number;
  /** The class label (`class N` beyond the label list). */
  label: string;
  /** Track ID when the job was tracked (0 = no confirmed track); named as in the CSV and MOT exports. */
  track_id?: number;
}

/**
 * The whole result as one JSON document: video metadata, model, settings, labels, timing, then one
 * entry per processed frame (index, timestamp in seconds, detections). Timestamps are the container's,
 * unrounded. `space` indents like JSON.stringify (default: compact).
 */
export function videoResultToJson(result: VideoResult, space?: number): string {
  const { labels } = result;
  const frames = result.frames.map((f) => {
    const { boxes, scores, classes, count, trackIds } = f.detections;
    const detections: JsonDetection[] = [];
    for (let i = 0; i < count; i++) {
      detections.push({
        box: [round(boxes[i * 4], 2), round(boxes[i * 4 + 1], 2), round(boxes[i * 4 + 2], 2), round(boxes[i * 4 + 3], 2)],
        score: round(scores[i], 4),
        classId: classes[i],
        label: labels[classes[i]] ?? `class ${classes[i]}`,
        ...(trackIds ? { track_id: trackIds[i] } : {}),
      });
    }
    return { frame: f.frame, timestamp: f.timestamp ?? null, detections };
  });
  const document = {
    format: VIDEO_JSON_FORMAT,
    version: 1,
    video: result.metadata,
    model: result.model,
    settings: result.settings,
    labels,
    timing: result.timing,
    frames,
    ...(result.tracks ? { tracks: result.tracks } : {}),
  };
  return JSON.stringify(document, null, space);
}
