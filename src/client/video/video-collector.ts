// The client end of a video job: receives the worker's stream (start, then one packed frame at a
// time), turns frames into FrameResults, logs each in the detector's PerfLog, reports progress, and
// builds the VideoResult, complete or partial.

import { viewDetections } from '../../postprocess/index.js';
import type { ModelInfo, PackedVideoFrame, VideoJobListener, VideoJobOptions, VideoJobSummary, VideoMetadata } from '../../worker/api.js';
import type { PerfLog } from '../perf-log.js';
import type { FrameResult, ProcessVideoOptions, VideoResult } from '../types.js';
import { ProgressMeter } from './progress-meter.js';
import { summarizeTracks } from './track-summary.js';
import { withPartial, type VideoJobError } from './video-job-error.js';

/** Metadata of a video that could not be read (a partial result of a job that failed to open it). */
const UNREAD: VideoMetadata = { container: '', codec: '', width: 0, height: 0, durationSeconds: 0, frameCount: 0, frameRate: 0 };

/** What the collector needs besides the stream. */
export interface VideoCollectorOptions {
  /** The effective job settings (thresholds with their defaults filled in). */
  settings: VideoJobOptions;
  perf: PerfLog;
  onFrame?: ProcessVideoOptions['onFrame'];
  onProgress?: ProcessVideoOptions['onProgress'];
  /** Called once if onFrame/onProgress throws: the caller cancels the job, which rejects with that error. */
  onCallbackError(error: unknown): void;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Collects one job's frames. Pass it (through Comlink.proxy) as the worker's VideoJobListener. */
export class VideoCollector implements VideoJobListener {
  /** Frames received so far, in presentation order. */
  readonly frames: FrameResult[] = [];
  /** The error a user callback threw, if one did. */
  callbackError: unknown;
  private metadata = UNREAD;
  private model: ModelInfo | undefined;
  private meter: ProgressMeter | undefined;
  private closed = false;
  private readonly startedAt = performance.now();
  private lastArrival = this.startedAt;

  constructor(private readonly options: VideoCollectorOptions) {}

  /** The model the job runs on (labels and the result's model block). */
  setModel(info: ModelInfo): void {
    this.model = info;
  }

  /** The worker read the container: its metadata, and how many frames will come. */
  start(metadata: VideoMetadata, total: number): void {
    if (this.closed) return;
    this.metadata = metadata;
    this.meter = new ProgressMeter(total, this.startedAt);
  }

  /** One processed frame from the worker (its buffer was transferred): record, log, report. */
  frame(packed: PackedVideoFrame): void {
    if (this.closed) return; // the job was settled (cancelled): late frames are dropped
    const now = performance.now();
    const result: FrameResult = {
      frame: packed.frame,
      timestamp: packed.timestamp,
      detections: viewDetections(packed.buffer, packed.count),
      labels: this.model?.labels ?? [],
      timings: packed.timings,
      tiles: packed.tiles,
    };
    if (packed.trackIds) result.detections.trackIds = packed.trackIds;
    this.frames.push(result);
    // round trip = time between results: the job's real per-frame cost as the perf panel shows it
    this.options.perf.record({ frame: packed.frame, time: now, roundTripMs: now - this.lastArrival, detections: packed.count, tiles: packed.tiles, ...packed.timings });
    this.lastArrival = now;
    const progress = (this.meter ??= new ProgressMeter(this.frames.length, this.startedAt)).tick(now);
    try {
      this.options.onFrame?.(result);
      this.options.onProgress?.(progress);
    } catch (error) {
      this.closed = true;
      this.callbackError = error;
      this.options.onCallbackError(error);
    }
  }

  /** The complete result. Stops accepting frames. */
  finish(summary: VideoJobSummary): VideoResult {
    this.closed = true;
    this.metadata = summary.metadata;
    const result = this.result(summary.wallMs);
    if (summary.annotated) result.annotated = summary.annotated;
    if (summary.annotatedUnavailableReason) result.annotatedUnavailableReason = summary.annotatedUnavailableReason;
    if (summary.annotatedAudioDroppedReason) result.annotatedAudioDroppedReason = summary.annotatedAudioDroppedReason;
    return result;
  }

  /** `error` (a user callback's error first) with the frames done so far on `partial`. Stops accepting frames. */
  fail(error: unknown): VideoJobError {
    this.closed = true;
    return withPartial(this.callbackError ?? error, this.result(performance.now() - this.startedAt));
  }

  private result(wallMs: number): VideoResult {
    const frames = this.frames;
    const stage = (key: 'preprocessMs' | 'inferenceMs' | 'postprocessMs') => median(frames.map((f) => f.timings[key]));
    const info = this.model;
    const result: VideoResult = {
      frames,
      metadata: this.metadata,
      labels: info?.labels ?? [],
      model: {
        name: info?.name ?? '',
        layout: info?.layout ?? '',
        inputWidth: info?.inputWidth ?? 0,
        inputHeight: info?.inputHeight ?? 0,
        backend: info?.backend ?? '',
      },
      settings: this.options.settings,
      timing: {
        wallMs,
        framesPerSecond: wallMs > 0 ? (frames.length * 1000) / wallMs : 0,
        preprocessMs: stage('preprocessMs'),
        inferenceMs: stage('inferenceMs'),
        postprocessMs: stage('postprocessMs'),
      },
    };
    if (this.options.settings.track) result.tracks = summarizeTracks(frames, result.labels);
    return result;
  }
}
