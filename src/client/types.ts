// Public types of the client API (DESIGN.md contracts 2 and 3).

import type { Detections } from '../postprocess/index.js';
import type { FrameOptions, LoadOptions, ModelSource, StageTimings } from '../worker/api.js';
import type { WorkerFactory } from './worker-bridge.js';

/** One frame's detections (the `yolo-detections` event detail). */
export interface FrameResult {
  /** Frame index (0-based, per detector). */
  frame: number;
  /** Media time in seconds, for video sources. */
  timestamp?: number;
  /** Boxes in source pixels, scores, classes; sorted by score. */
  detections: Detections;
  /** Class labels, index = class id. */
  labels: readonly string[];
  /** Stage times measured in the worker. */
  timings: StageTimings;
}

/** Progress of a model download or a video job (the `yolo-progress` event detail). */
export interface ProgressDetail {
  phase: 'model' | 'video';
  done: number;
  /** 0 when unknown. */
  total: number;
}

/** Options of `createDetector`. */
export interface DetectorOptions extends LoadOptions, FrameOptions {
  /** The model: a URL (relative to the page), its bytes or a File; default the shipped wrgb model. */
  model?: ModelSource | URL;
  /** Cancels the model load. */
  signal?: AbortSignal;
  /** Byte progress of the model download. */
  onProgress?: (progress: ProgressDetail) => void;
  /** Makes the worker (for custom hosting); default the bundled worker. */
  createWorker?: WorkerFactory;
}

/** Per-call options of `detect`. */
export interface DetectOptions extends FrameOptions {
  /** Cancels the call (the result is dropped). */
  signal?: AbortSignal;
}
