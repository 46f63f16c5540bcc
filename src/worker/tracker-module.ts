// The tracker as the worker imports it on demand (see lazy-features.ts): only what the worker calls,
// so its chunk holds ByteTrack and not the metrics that tests and tools use.
export { ByteTracker } from '../track/byte-tracker.js';
export { resolveTrackerOptions, sameTrackerOptions } from '../track/tracker-options.js';
