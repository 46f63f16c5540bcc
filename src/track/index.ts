// Public surface of the tracker (docs/contracts.md, contract 5). Pure TypeScript: runs in Node and the worker.

export type { ResolvedTrackerOptions, TrackerOptions, TrackStep } from './types.js';
export { ByteTracker } from './byte-tracker.js';
export { DEFAULT_TRACKER_OPTIONS, resolveTrackerOptions, sameTrackerOptions } from './tracker-options.js';
export { LinearAssignment } from './linear-assignment.js';
export { KalmanBank } from './kalman-bank.js';
export type { TrackFrame, TrackingMetrics } from './metrics.js';
export { trackingMetrics } from './metrics.js';
