// The worker's rarely used features, imported on first use: ByteTrack (a frame or job with `track`),
// tiled inference with its tile cutting and merging (a frame with `tiling`), and the readers of
// VideoFrames' own bytes (the first video frame). Loaded on demand so they
// stay out of the JavaScript every page loads (the 60 KB budget, see docs/architecture.md "Builds").
// One import each, shared by every caller; a failed import is retried on the next call.

/** The tracker classes the worker uses (src/track), from their own chunk. */
export type TrackerModule = typeof import('./tracker-module.js');
/** Tiled inference (src/worker/tiled-inference.ts and the tile plan/merge maths), from its own chunk. */
export type TilingModule = typeof import('./tiled-inference.js');
/** The VideoFrame readers (area-averaging shrink, YUV → RGBA), from their own chunk. */
export type VideoFrameReaders = typeof import('./video-frame-readers.js');

let tracker: Promise<TrackerModule> | undefined;
let tiling: Promise<TilingModule> | undefined;
let videoFrameReaders: Promise<VideoFrameReaders> | undefined;

/** ByteTrack, imported once on the first tracked frame or job. */
export function loadTracker(): Promise<TrackerModule> {
  tracker ??= import('./tracker-module.js').catch((error: unknown) => {
    tracker = undefined;
    throw error;
  });
  return tracker;
}

/** Tiled inference, imported once on the first tiled frame. */
export function loadTiling(): Promise<TilingModule> {
  tiling ??= import('./tiled-inference.js').catch((error: unknown) => {
    tiling = undefined;
    throw error;
  });
  return tiling;
}

/** The VideoFrame readers, imported once on the first VideoFrame that could use them. */
export function loadVideoFrameReaders(): Promise<VideoFrameReaders> {
  videoFrameReaders ??= import('./video-frame-readers.js').catch((error: unknown) => {
    videoFrameReaders = undefined;
    throw error;
  });
  return videoFrameReaders;
}
