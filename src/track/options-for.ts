// The tracker options a frame or video job runs with: the model's defaults under its own. A module of
// its own, free of the tracker's code, so the worker's main chunk can import it (lazy-features.ts
// keeps ByteTrack itself out until the first tracked frame).

import type { TrackerOptions } from './types.js';

/**
 * The tracker options of a frame or video job: none when it does not track, else the model's defaults
 * with the frame's own `track` object merged over them.
 */
export function trackerOptionsFor(track: boolean | TrackerOptions | undefined, modelDefaults: Readonly<TrackerOptions>): TrackerOptions | null {
  if (!track) return null;
  return track === true ? { ...modelDefaults } : { ...modelDefaults, ...track };
}
