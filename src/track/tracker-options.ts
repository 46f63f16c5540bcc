// TrackerOptions with the defaults filled in and validated.

import { InputError } from '../postprocess/errors.js';
import type { ResolvedTrackerOptions, TrackerOptions } from './types.js';

/**
 * ByteTrack's defaults (`track_thresh` 0.5, 0.1 for the second association, `match_thresh` 0.8, `track_buffer` 30)
 * and the additions' (class penalty 0.4, lost-track recovery 0.25; no IoU buffer).
 */
export const DEFAULT_TRACKER_OPTIONS: Readonly<ResolvedTrackerOptions> = Object.freeze({
  highThreshold: 0.5,
  lowThreshold: 0.1,
  newTrackThreshold: 0.6,
  matchThreshold: 0.8,
  maxLostFrames: 30,
  classPenalty: 0.4,
  buffer: 0,
  lostBufferGrowth: 0,
  recoveryGrowth: 0.25,
});

function inUnitRange(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new InputError(`track.${name} must be a number from 0 to 1, got ${value}`);
  return value;
}

/** Fills in defaults; throws InputError for values a tracker cannot use. */
export function resolveTrackerOptions(options: TrackerOptions | boolean | undefined): ResolvedTrackerOptions {
  const o = typeof options === 'object' && options !== null ? options : {};
  const highThreshold = inUnitRange('highThreshold', o.highThreshold ?? DEFAULT_TRACKER_OPTIONS.highThreshold);
  const lowThreshold = inUnitRange('lowThreshold', o.lowThreshold ?? DEFAULT_TRACKER_OPTIONS.lowThreshold);
  if (lowThreshold > highThreshold) {
    throw new InputError(`track.lowThreshold (${lowThreshold}) must not be above track.highThreshold (${highThreshold})`);
  }
  const newTrackThreshold = o.newTrackThreshold ?? Math.min(1, highThreshold + 0.1);
  if (!(newTrackThreshold >= 0)) throw new InputError(`track.newTrackThreshold must be a number >= 0, got ${newTrackThreshold}`);
  const matchThreshold = inUnitRange('matchThreshold', o.matchThreshold ?? DEFAULT_TRACKER_OPTIONS.matchThreshold);
  const maxLostFrames = o.maxLostFrames ?? DEFAULT_TRACKER_OPTIONS.maxLostFrames;
  if (!(maxLostFrames >= 0) || Math.floor(maxLostFrames) !== maxLostFrames) {
    throw new InputError(`track.maxLostFrames must be a whole number >= 0, got ${maxLostFrames}`);
  }
  const classPenalty = o.classPenalty ?? DEFAULT_TRACKER_OPTIONS.classPenalty;
  if (!(classPenalty >= 0)) throw new InputError(`track.classPenalty must be a number >= 0 (Infinity allowed), got ${classPenalty}`);
  const buffer = o.buffer ?? DEFAULT_TRACKER_OPTIONS.buffer;
  if (!(buffer >= 0 && buffer <= 10)) throw new InputError(`track.buffer must be a number from 0 to 10, got ${buffer}`);
  const lostBufferGrowth = o.lostBufferGrowth ?? DEFAULT_TRACKER_OPTIONS.lostBufferGrowth;
  if (!(lostBufferGrowth >= 0 && lostBufferGrowth <= 10)) {
    throw new InputError(`track.lostBufferGrowth must be a number from 0 to 10, got ${lostBufferGrowth}`);
  }
  const recoveryGrowth = o.recoveryGrowth ?? DEFAULT_TRACKER_OPTIONS.recoveryGrowth;
  if (!(recoveryGrowth >= 0 && recoveryGrowth <= 10)) throw new InputError(`track.recoveryGrowth must be a number from 0 to 10, got ${recoveryGrowth}`);
  return { highThreshold, lowThreshold, newTrackThreshold, matchThreshold, maxLostFrames, classPenalty, buffer, lostBufferGrowth, recoveryGrowth };
}

/** True when two resolved option sets are the same (a tracker can keep its state). */
export function sameTrackerOptions(a: ResolvedTrackerOptions, b: ResolvedTrackerOptions): boolean {
  return (
    a.highThreshold === b.highThreshold &&
    a.lowThreshold === b.lowThreshold &&
    a.newTrackThreshold === b.newTrackThreshold &&
    a.matchThreshold === b.matchThreshold &&
    a.maxLostFrames === b.maxLostFrames &&
    a.classPenalty === b.classPenalty &&
    a.buffer === b.buffer &&
    a.lostBufferGrowth === b.lostBufferGrowth &&
    a.recoveryGrowth === b.recoveryGrowth
  );
}
