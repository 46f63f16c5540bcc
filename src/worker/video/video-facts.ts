// What a video job knows of its file once opened, wherever it was opened (the video thread or the
// detector worker), and the check that needs only that: whether a WebM/MKV file was cut short.

import { VideoDecodeError } from '../../postprocess/index.js';
import type { VideoMetadata } from '../api.js';
import type { FrameTable } from './frame-table.js';

/** An opened video's facts: what the job reports, times its frames by, and decodes with. */
export interface VideoFacts {
  /** The WebCodecs decoder config (checked: this browser decodes it). */
  config: VideoDecoderConfig;
  /** What the container says, as the job reports it. */
  metadata: VideoMetadata;
  /** Every frame's presentation time, in presentation order. */
  table: FrameTable;
  /**
   * The duration the header declares, for containers whose frame list comes from scanning the data
   * (WebM/MKV: a cut file simply has fewer frames); null for MP4/MOV, whose index lists every frame.
   */
  declaredEnd: number | null;
}

/**
 * For a container without a frame index (WebM/MKV), the error to report when its header says it runs
 * well past its last frame: the file was cut. Null when complete, or when `rangeEnd` stops before the cut.
 * The margin (0.5 s or 3 frames) leaves room for an audio track that outlasts the video a little.
 */
export function truncationError(video: Pick<VideoFacts, 'declaredEnd' | 'table'>, processed: number, rangeEnd = Infinity): VideoDecodeError | null {
  const { declaredEnd, table } = video;
  if (declaredEnd === null || rangeEnd <= table.end) return null;
  const margin = Math.max(0.5, 3 * table.durations[table.count - 1]);
  if (!(declaredEnd - table.end > margin)) return null;
  const last = table.count - 1;
  return new VideoDecodeError(
    `The video ends early: its header says it lasts ${declaredEnd.toFixed(3)} s, but its data stops after frame ${last} ` +
      `(t = ${table.timestamps[last].toFixed(3)} s). The file is truncated (an interrupted download or copy); ` +
      `the ${processed} frames before that point were processed.`,
  );
}
