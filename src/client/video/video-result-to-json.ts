// VideoResult → one JSON document: {format, version, video, model, settings, labels, timing, frames:
// [{frame, timestamp, detections: [{box: [x1,y1,x2,y2] source px, score, classId, label, track_id?}]}],
// tracks?: [{id, classId, label, firstFrame, lastFrame, frames}]}.

import { detectionsToJson } from '../detections-to-json.js';
import type { VideoResult } from '../types.js';

/** Identifies the document (and its version) for whoever reads it back. */
export const VIDEO_JSON_FORMAT = 'yolo-detector/video-detections';

export type { JsonDetection } from '../detections-to-json.js';

/**
 * The whole result as one JSON document: video metadata, model, settings, labels, timing, then one
 * entry per processed frame (index, timestamp in seconds, detections). Timestamps are the container's,
 * unrounded. `space` indents like JSON.stringify (default: compact).
 */
export function videoResultToJson(result: VideoResult, space?: number): string {
  const { labels } = result;
  const frames = result.frames.map((f) => {
    const detections = detectionsToJson(f.detections, labels);
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
