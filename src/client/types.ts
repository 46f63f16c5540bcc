// Public types of the client API (docs/contracts.md contracts 2 and 3).

import type { Detections } from '../postprocess/index.js';
import type {
  FrameOptions,
  LoadOptions,
  ModelSource,
  StageTimings,
  VideoJobOptions,
  VideoMetadata,
  VideoProgress,
} from '../worker/api.js';
import type { PerfLog } from './perf-log.js';
import type { WorkerFactory } from './worker-bridge.js';
import type { TrackSummary } from './video/track-summary.js';

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
  /** Stage times measured in the worker (summed over the tiles of a tiled frame). */
  timings: StageTimings;
  /** Model runs spent on this frame: tiles plus the full frame (1 without tiling). */
  tiles: number;
}

/** Progress of a model download or a video job (the `yolo-progress` event detail). */
export interface ProgressDetail {
  /** What progresses: the model download, or a video job's frames. */
  phase: 'model' | 'video';
  /** Bytes or frames done so far. */
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
  /** Log to record frame timings into (e.g. one shared across model swaps); default a new one. */
  perfLog?: PerfLog;
  /**
   * How long the model load may go without progress, in ms (default 60,000; 0: no limit). Each
   * download chunk is progress. A load that stalls stops its worker; one that stalled after the model's
   * bytes were in, on several WASM threads, is tried once more on one thread (`info.fallbackReason`
   * says so), else the load fails with ModelLoadError. Raise it for very large models on slow devices.
   */
  loadStallMs?: number;
}

/** Per-call options of `detect`. */
export interface DetectOptions extends FrameOptions {
  /** Cancels the call (the result is dropped). */
  signal?: AbortSignal;
}

/** Options of `processVideo`. */
export interface ProcessVideoOptions extends VideoJobOptions {
  /** Cancels the job promptly; the promise rejects with AbortError (partial results on `error.partial`). */
  signal?: AbortSignal;
  /** Called with each frame's result as soon as it is made. */
  onFrame?: (frame: FrameResult) => void;
  /** Called as frames complete (frames done / total, rate, ETA). */
  onProgress?: (progress: VideoProgress) => void;
}

/** Everything a video job produced (also what the JSON export holds). */
export interface VideoResult {
  /** One entry per processed frame, in presentation order. */
  frames: FrameResult[];
  /** The file's container, codec, size, duration and frame rate. */
  metadata: VideoMetadata;
  /** Class names, indexed by class id. */
  labels: readonly string[];
  /** The model and backend that made it. */
  model: { name: string; layout: string; inputWidth: number; inputHeight: number; backend: string };
  /** The thresholds and frame selection used; when tracked, every tracker option as the job ran it (the model's defaults filled in). */
  settings: VideoJobOptions;
  /** Wall time and per-stage medians. */
  timing: { wallMs: number; framesPerSecond: number; preprocessMs: number; inferenceMs: number; postprocessMs: number };
  /** The annotated video, when asked for and supported. */
  annotated?: Blob;
  /** Why there is no annotated video although one was asked for (e.g. no encoder for the format). */
  annotatedUnavailableReason?: string;
  /**
   * The annotated video keeps the source's audio track (remuxed, not re-encoded) when the container
   * holds its codec; otherwise it is silent and this says why (e.g. AAC audio with `format: 'webm'`).
   */
  annotatedAudioDroppedReason?: string;
  /** When tracked (`track` option): every confirmed track, by ID (class, first and last frame, frames seen). */
  tracks?: TrackSummary[];
}
