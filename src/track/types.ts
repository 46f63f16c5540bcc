// Public types of the tracker (docs/contracts.md, contract 5).

/**
 * ByteTrack's parameters (Zhang et al., ECCV 2022) with ByteTrack's defaults, plus four additions (`classPenalty`,
 * `buffer`, `lostBufferGrowth`, `recoveryGrowth`); `{classPenalty: 0, recoveryGrowth: 0}` is plain ByteTrack.
 */
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
   * ignores classes), so two lights of different colours that cross keep their IDs. Default 0.4: a
   * track still follows its object through a frame where the detector got the colour wrong, unless a
   * detection of its own colour fits nearly as well. 0 is class-blind like ByteTrack; Infinity never
   * pairs across classes.
   */
  classPenalty?: number;
  /**
   * Buffered IoU (C-BIoU, Yang et al., WACV 2023; not in ByteTrack): both boxes grow by this fraction of
   * their width and height on every side before the IoU is taken, so small or fast objects whose
   * consecutive boxes barely overlap can still be associated. Default 0 (ByteTrack's IoU).
   */
  buffer?: number;
  /** Extra buffer per frame a lost track has been unseen (its position grows less certain); default 0. */
  lostBufferGrowth?: number;
  /**
   * Lost-track recovery (not in ByteTrack): high detections left after the IoU associations are matched
   * to lost tracks by centre distance, within a radius of the object's size × (0.5 + this × frames
   * lost). Catches objects that reappear beside their IoU-predicted box (small lights leaving an
   * occluder, whose shrinking boxes slowed the Kalman velocity down). Class-aware like the rest
   * (`classPenalty`). Default 0.25; 0 turns it off (ByteTrack).
   */
  recoveryGrowth?: number;
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
