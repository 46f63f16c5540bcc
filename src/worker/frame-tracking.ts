// Tracking in the worker: the live stream's tracker (reset with the media, the model or the options)
// and the step that turns one frame's decoded detections into the tracked result.

import { allocateDetections, DEFAULT_SCORE_THRESHOLD, type Detections } from '../postprocess/index.js';
import type { ByteTracker, TrackerOptions } from '../track/index.js';
import type { FrameOptions } from './api.js';
import { loadTracker } from './lazy-features.js';

/** A tracked frame: the kept detections (a new buffer) and their track IDs (another). */
export interface TrackedFrame {
  detections: Detections;
  trackIds: Uint32Array;
}

/** The score threshold to decode at: down to the tracker's low threshold, for its second association. */
export function decodeThreshold(options: FrameOptions, tracker: ByteTracker | null): number {
  const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  return tracker ? Math.min(threshold, tracker.options.lowThreshold) : threshold;
}

/**
 * Runs `tracker` on detections decoded at `decodeThreshold` and packs what ByteTrack keeps: every
 * detection above `scoreThreshold` and the lower ones that continue a confirmed track, in score order.
 * The tracker itself allocates nothing; the two result buffers are what the worker transfers.
 */
export function trackDetections(tracker: ByteTracker, decoded: Detections, scoreThreshold: number): TrackedFrame {
  const step = tracker.update(decoded, scoreThreshold);
  const out = allocateDetections(step.count);
  const trackIds = new Uint32Array(step.count);
  for (let k = 0; k < step.count; k++) {
    const i = step.indices[k];
    out.boxes[k * 4] = decoded.boxes[i * 4];
    out.boxes[k * 4 + 1] = decoded.boxes[i * 4 + 1];
    out.boxes[k * 4 + 2] = decoded.boxes[i * 4 + 2];
    out.boxes[k * 4 + 3] = decoded.boxes[i * 4 + 3];
    out.scores[k] = decoded.scores[i];
    out.classes[k] = decoded.classes[i];
    trackIds[k] = step.trackIds[k];
  }
  return { detections: out, trackIds };
}

/** The live stream's tracker: kept while frames ask for the same options, dropped otherwise. */
export class LiveTracking {
  private tracker: ByteTracker | null = null;

  /**
   * The tracker for a frame with these options (`trackerOptionsFor`; null when not tracking: the old
   * tracks are forgotten). Async because ByteTrack is imported on the first tracked frame (lazy-features.ts).
   */
  async forFrame(track: TrackerOptions | null): Promise<ByteTracker | null> {
    if (!track) {
      this.tracker = null;
      return null;
    }
    const { ByteTracker, resolveTrackerOptions, sameTrackerOptions } = await loadTracker();
    const options = resolveTrackerOptions(track);
    if (!this.tracker || !sameTrackerOptions(this.tracker.options, options)) this.tracker = new ByteTracker(options);
    return this.tracker;
  }

  /** Forgets every track (new media, new model, or resetTracks()). */
  reset(): void {
    this.tracker?.reset();
  }
}
