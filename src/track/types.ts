// Public types of the tracker (DESIGN.md contract 5).

/** ByteTrack's parameters (Zhang et al., ECCV 2022), with ByteTrack's defaults. */
export interface TrackerOptions {
  /** Detections scoring above this take part in the first association (ByteTrack `track_thresh`); default 0.5. */
  highThreshold?: number;
  /** Detections scoring above this (and not above highThreshold) can continue a track in the second association; default 0.1. */
  lowThreshold?: number;
  /** An unmatched detection starts a track when its score is at least this; default highThreshold + 0.1. */
  newTrackThreshold?: number;
  /** Largest cost (1 − IoU·score) of a first-association match (ByteTrack `match_thresh`); default 0.8. */
  matchThreshold?: number;
  /** A lost track is removed after this many frames without a detection (ByteTrack `track_buffer` at 30 fps); default 30. */
  maxLostFrames?: number;
  /**
   * Added to the cost of pairing a track with a detection of another class (not in ByteTrack, which
   * ignores classes). Default Infinity: tracks only continue with detections of their own class, so two
   * lights of different colours that cross keep their IDs. 0 gives plain ByteTrack.
   */
  classPenalty?: number;
}

/** TrackerOptions with every default filled in. */
export type ResolvedTrackerOptions = Required<TrackerOptions>;

/** What one tracker step returns: views into the tracker's reused buffers, valid until the next step. */
export interface TrackStep {
  /** Number of detections kept. */
  count: number;
  /** Index of each kept detection in the input, in input order (so still sorted by score). */
  indices: Int32Array;
  /** Track ID of each kept detection; 0 when it belongs to no confirmed track. */
  trackIds: Uint32Array;
}
