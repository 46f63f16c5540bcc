// Which frames of a video a job processes: every frame by default, else every n-th (frameStep) or the
// first of each 1/targetFps slot of media time, within the time range [start, end). Pure (Node tests).

import { checkVideoSelection, InputError } from '../../postprocess/index.js';
import type { VideoSelection } from '../api.js';

/** The chosen frames, by presentation index. */
export interface FrameSelection {
  /** 1 for each frame to process, by presentation index. */
  mask: Uint8Array;
  /** Number of frames chosen. */
  count: number;
  /** First and last chosen index (-1 when none). */
  first: number;
  last: number;
}

/** Chooses frames by presentation time (seconds, ascending). Throws InputError for bad options or an empty choice. */
export function selectFrames(timestamps: ArrayLike<number>, selection: VideoSelection = {}): FrameSelection {
  checkVideoSelection(selection);
  const { frameStep = 1, targetFps, start = -Infinity, end = Infinity } = selection;
  const n = timestamps.length;
  const mask = new Uint8Array(n);
  let count = 0;
  let first = -1;
  let last = -1;
  let inRange = 0;
  let origin = NaN;
  let lastSlot = -1;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (t < start || t >= end) continue;
    let take: boolean;
    if (targetFps !== undefined) {
      if (Number.isNaN(origin)) origin = t;
      // 1e-6: a frame stamped exactly on a slot boundary (2/3 s at 3 fps) must not fall into the slot before
      const slot = Math.floor((t - origin) * targetFps + 1e-6);
      take = slot > lastSlot;
      if (take) lastSlot = slot;
    } else take = inRange % frameStep === 0;
    inRange++;
    if (!take) continue;
    mask[i] = 1;
    count++;
    if (first < 0) first = i;
    last = i;
  }
  if (count === 0) {
    const span = n > 0 ? `${timestamps[0].toFixed(3)}-${timestamps[n - 1].toFixed(3)} s` : 'nothing (no frames)';
    throw new InputError(`No frame lies in the range [${selection.start ?? 0}, ${selection.end ?? '∞'}) s; the video's frames span ${span}.`);
  }
  return { mask, count, first, last };
}
