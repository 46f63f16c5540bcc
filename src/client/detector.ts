// createDetector(): the programmatic API. A Detector owns one worker and one model; frames go in as
// transferred bitmaps, detections come back as one transferred buffer.

import { proxy, transfer } from 'comlink';
import {
  abortError,
  checkAnnotateOption,
  checkFrameOptions,
  checkVideoSelection,
  DEFAULT_IOU_THRESHOLD,
  DEFAULT_MAX_DETECTIONS,
  DEFAULT_SCORE_THRESHOLD,
  InputError,
  isAbortError,
  ModelLoadError,
  placeImage,
  tilingApplies,
  viewDetections,
  WorkerCrashedError,
} from '../postprocess/index.js';
import type { FrameOptions, LoadOptions, ModelInfo, ModelSource, VideoJobOptions } from '../worker/api.js';
import { defaultModelResizeFilter, defaultModelTrackerDefaults, defaultModelUrl, globalConfig, isShippedModel } from './default-model.js';
import { resolveTrackerOptions } from '../track/tracker-options.js';
import { trackerOptionsFor } from '../track/options-for.js';
import { PerfLog } from './perf-log.js';
import { captureFrame, type DetectSource } from './sources.js';
import type { DetectOptions, DetectorOptions, FrameResult, ProcessVideoOptions, VideoResult } from './types.js';
import { VideoCollector } from './video/video-collector.js';
import type { VideoJobError } from './video/video-job-error.js';
import { DEFAULT_LOAD_STALL_MS, StallWatch } from './load-watch.js';
import { WorkerBridge } from './worker-bridge.js';

/** "60 s", "1.5 s": a limit as the messages say it. */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

let nextJobId = 1;

/** Makes a model source the worker can use: URLs are resolved against the page, not the worker. */
function resolveSource(model: ModelSource | URL | undefined): ModelSource {
  if (model === undefined) return defaultModelUrl();
  if (model instanceof URL) return model.href;
  if (typeof model === 'string') {
    const base = typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
    return new URL(model, base).href;
  }
  return model;
}

function loadOptionsOf(options: DetectorOptions, source: ModelSource): LoadOptions {
  const { model: _model, signal: _signal, onProgress: _onProgress, createWorker: _createWorker, perfLog: _perfLog, loadStallMs: _stall, ...rest } = options;
  const { scoreThreshold: _s, iouThreshold: _i, maxDetections: _m, classAgnostic: _c, track: _t, tiling: _g, ...load } = rest;
  // the shipped model's (and its variants') resize filter and tracker thresholds come from its
  // sidecar, unless the caller chose them
  const shipped = typeof source === 'string' && isShippedModel(source);
  return {
    ...load,
    wasmPaths: load.wasmPaths ?? globalConfig().wasmPaths,
    ...(shipped && load.resizeFilter === undefined && load.smoothing === undefined ? { resizeFilter: defaultModelResizeFilter() } : {}),
    ...(shipped && load.trackerDefaults === undefined ? { trackerDefaults: defaultModelTrackerDefaults() } : {}),
  };
}

/** A loaded detector: `detect()` frames, read `info` and `perf`, `dispose()` when done. */
export class Detector {
  /** Frame timings of every `detect()` (and video frame). */
  readonly perf: PerfLog;
  /** Thresholds used when a call does not give its own; change them any time. */
  frameOptions: FrameOptions;
  private frameIndex = 0;
  private ended = false;
  private modelInfo!: ModelInfo;
  private loadedGeneration = -1;
  /** Why this detector runs differently from what was asked, added to `info.fallbackReason` (a stalled threaded load). */
  private runtimeNote: string | undefined;
  /** Running video jobs, aborted by dispose(). */
  private readonly videoJobs = new Set<AbortController>();

  /** Use `createDetector()`. */
  constructor(
    private readonly bridge: WorkerBridge,
    private readonly source: ModelSource,
    private loadOptions: LoadOptions,
    frameOptions: FrameOptions,
    perf: PerfLog = new PerfLog(),
    /** How long a load may go without progress (DetectorOptions.loadStallMs). */
    private readonly loadStallMs = DEFAULT_LOAD_STALL_MS,
  ) {
    this.frameOptions = frameOptions;
    this.perf = perf;
  }

  /** Whether `dispose()` was called: the detector can no longer be used. */
  get disposed(): boolean {
    return this.ended;
  }

  /** The loaded model: backend, layout, input size, labels, timings. */
  get info(): ModelInfo {
    return this.modelInfo;
  }

  /**
   * Loads the model into the (possibly fresh) worker. A load that makes no progress for
   * `loadStallMs` stops the worker (load-watch.ts): one that stalled after its bytes were in, on a
   * threaded runtime, is tried once more on one thread; otherwise it fails with ModelLoadError.
   */
  async load(signal?: AbortSignal, onProgress?: DetectorOptions['onProgress']): Promise<ModelInfo> {
    const first = await this.loadOnce(signal, onProgress);
    if (first.ok) return first.info;
    if (!first.bytesIn || !this.mayUseThreads()) throw first.error;
    this.loadOptions = { ...this.loadOptions, numThreads: 1 }; // for good: a reload after a crash too
    this.runtimeNote = `the threaded WASM runtime made no progress for ${seconds(this.loadStallMs)} while loading, so it runs on one thread`;
    const second = await this.loadOnce(signal, onProgress);
    if (!second.ok) {
      throw new ModelLoadError(`${second.error.message} It stalled on several threads first, then on one thread too.`, { cause: second.error });
    }
    return second.info;
  }

  /** Whether this load may run on several WASM threads (the case that can stall at start-up). */
  private mayUseThreads(): boolean {
    return this.loadOptions.numThreads !== 1 && globalThis.crossOriginIsolated === true;
  }

  /** One load attempt under the stall watch: its info, or how it stalled. Other failures throw. */
  private async loadOnce(
    signal: AbortSignal | undefined,
    onProgress: DetectorOptions['onProgress'],
  ): Promise<{ ok: true; info: ModelInfo } | { ok: false; error: ModelLoadError; bytesIn: boolean }> {
    const jobId = nextJobId++;
    let bytesIn = typeof this.source !== 'string'; // bytes and files are in at once
    let stall: ModelLoadError | null = null;
    const watch = new StallWatch(this.loadStallMs, () => {
      if (this.bridge.workerAnswered === false) {
        // no sign of life at all: not a stalled load but a worker that never ran (or died at once)
        this.bridge.terminate(
          new WorkerCrashedError(
            `The detector worker gave no sign of life within ${seconds(this.loadStallMs)} of starting (its script did not load, ` +
              'or it stopped at once), so it was stopped. The next call starts a fresh worker.',
          ),
        );
        return;
      }
      stall = new ModelLoadError(
        `The model load made no progress for ${seconds(this.loadStallMs)} ` +
          (bytesIn
            ? '(onnxruntime-web did not finish starting or creating its session), so its worker was stopped.'
            : '(the download stopped sending data), so its worker was stopped. Check the network and the model URL.'),
      );
      this.bridge.terminate(stall);
    });
    const progress = proxy((done: number, total: number) => {
      watch.touch();
      if (total > 0 && done >= total) bytesIn = true;
      onProgress?.({ phase: 'model', done, total });
    });
    const cancel = () => this.cancelJob(jobId);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const loaded = await this.bridge.call((api) => api.load(this.source, this.loadOptions, progress, jobId), signal);
      const note = this.runtimeNote;
      const info = note ? { ...loaded, fallbackReason: loaded.fallbackReason ? `${loaded.fallbackReason}; ${note}` : note } : loaded;
      this.modelInfo = info;
      this.loadedGeneration = this.bridge.generation;
      this.perf.markModelLoad({ model: info.name, backend: info.backend });
      return { ok: true, info };
    } catch (error) {
      if (stall) return { ok: false, error: stall, bytesIn };
      throw error;
    } finally {
      watch.stop();
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Asks the worker to abort a job (a download or a video); a dead worker has nothing to abort. */
  private cancelJob(jobId: number): void {
    this.bridge.call((api) => Promise.resolve(api.cancel(jobId))).catch(() => undefined);
  }

  /** After a worker crash the next call lands in a fresh worker: load the model there first. */
  private async ensureLoaded(signal?: AbortSignal): Promise<void> {
    if (this.ended) throw disposedError();
    if (this.bridge.idle || this.bridge.generation !== this.loadedGeneration) await this.load(signal);
  }

  /**
   * `ensureLoaded`, after one round trip that proves the worker still runs: a worker that died while
   * idle is noticed a few ms later (worker-liveness.ts), and a long job sent to it in that window would
   * fail. Worth it once per video job, not per frame (`detect` captures its frame first, which gives
   * the notice time to land).
   */
  private async ensureAnswering(signal?: AbortSignal): Promise<void> {
    await this.ensureLoaded(signal);
    try {
      await this.bridge.call((api) => api.ping(), signal);
    } catch (error) {
      if (!(error instanceof WorkerCrashedError)) throw error;
      await this.ensureLoaded(signal); // the dead worker was dropped: this starts a fresh one
    }
  }

  /** Detects objects in one image or video frame. */
  async detect(source: DetectSource, options: DetectOptions = {}): Promise<FrameResult> {
    const { signal, ...frameOptions } = options;
    if (this.ended) throw disposedError();
    if (signal?.aborted) throw abortError();
    const start = performance.now();
    const segment = this.perf.segments.current.id; // the frame belongs where it was captured, even if the media changes meanwhile
    const info = this.modelInfo;
    const effective = merge(this.frameOptions, frameOptions);
    // 'smooth': captured at the size the model sees it, the one copy the page makes is also the resize;
    // 'bilinear' (issue 15: the worker resizes exactly as OpenCV does) and tiled frames (the worker cuts
    // the tiles from this one capture) keep full resolution
    const filter = effective.resizeFilter ?? info.resizeFilter;
    const fit = (w: number, h: number) =>
      filter !== 'smooth' || tilingApplies(w, h, info.inputWidth, info.inputHeight, effective.tiling)
        ? { width: w, height: h }
        : placeImage(w, h, info.inputWidth, info.inputHeight, info.preprocess.resize);
    const { frame, timestamp, sourceWidth, sourceHeight } = await captureFrame(source, fit, filter);
    const index = this.frameIndex++;
    if (this.ended) {
      frame.close(); // disposed while the frame was captured: this call was cancelled
      throw abortError('The detector was disposed while this call was running.');
    }
    // Checked right before the call: a worker that died while the frame was captured is replaced (and
    // the model reloaded) here, and nothing can interleave between the check and the call. A crash
    // during the call drops the worker, so the next call's check reloads.
    try {
      await this.ensureLoaded(signal);
    } catch (error) {
      frame.close();
      throw this.ended && !isAbortError(error) ? abortError('The detector was disposed while this call was running.') : error;
    }
    const packed = await this.bridge.call(
      (api) => api.detect(transferFrame(frame), effective, { width: sourceWidth, height: sourceHeight }),
      signal,
    );
    const detections = viewDetections(packed.buffer, packed.count);
    if (packed.trackIds) detections.trackIds = packed.trackIds;
    const result: FrameResult = { frame: index, timestamp, detections, labels: this.modelInfo.labels, timings: packed.timings, tiles: packed.tiles };
    this.perf.record({ frame: index, time: performance.now(), roundTripMs: performance.now() - start, detections: packed.count, tiles: packed.tiles, ...packed.timings , segment });
    return result;
  }

  /**
   * Detects objects in every frame of a video file (MP4/MOV or WebM/MKV; H.264, VP8, VP9, and AV1 where
   * the browser decodes it), in the worker, decoding ahead of inference. Frames stream to `onFrame` in
   * presentation order and are logged in `perf`; `frameStep`/`targetFps` and `start`/`end` choose frames.
   * Rejects with VideoDecodeError (not a video, codec not decodable here, truncated or corrupt: the
   * message names the frame reached), InputError (bad options), WorkerCrashedError, or AbortError when
   * `signal` aborts. The rejection's `partial` (see {@link VideoJobError}) holds the frames done so far.
   */
  async processVideo(file: Blob, options: ProcessVideoOptions = {}): Promise<VideoResult> {
    const { signal, onFrame, onProgress, ...job } = options;
    const stop = new AbortController(); // aborted by `signal`, a throwing callback, or dispose()
    const settings = videoSettings(job, merge(this.frameOptions, job));
    const collector = new VideoCollector({ settings, perf: this.perf, onFrame, onProgress, onCallbackError: () => stop.abort() });
    const onAbort = () => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.videoJobs.add(stop);
    const jobId = nextJobId++;
    const cancel = () => this.cancelJob(jobId);
    stop.signal.addEventListener('abort', cancel, { once: true });
    try {
      if (signal?.aborted) throw abortError('Video processing cancelled.');
      if (!(file instanceof Blob)) throw new InputError('processVideo() takes a video File or Blob.');
      // a bad option fails now, not after the file was opened or on the first frame
      checkFrameOptions(settings);
      checkVideoSelection(settings);
      checkAnnotateOption(settings.annotate);
      await this.ensureAnswering(stop.signal);
      // the tracker settings recorded are those the job runs with: the model's defaults under the caller's
      const track = trackerOptionsFor(settings.track, this.modelInfo.trackerDefaults);
      if (track) settings.track = resolveTrackerOptions(track);
      collector.setModel(this.modelInfo);
      const listener = proxy(collector);
      const summary = await this.bridge.call((api) => api.processVideo(file, settings, listener, jobId), stop.signal);
      return collector.finish(summary);
    } catch (error) {
      const disposed = this.ended && !signal?.aborted;
      const reason = stop.signal.aborted && isAbortError(error) ? abortError(disposed ? 'The detector was disposed during the video job.' : 'Video processing was cancelled.') : error;
      throw collector.fail(reason);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stop.signal.removeEventListener('abort', cancel);
      this.videoJobs.delete(stop);
    }
  }

  /**
   * Forgets the tracks of the live stream (`track` frame option): call it when the frames that follow
   * are of another scene. IDs start again from 1. Frames already sent are tracked with the old tracks.
   */
  resetTracks(): void {
    if (this.ended || this.bridge.idle) return; // no worker, no tracks
    this.bridge.call((api) => Promise.resolve(api.resetTracks())).catch(() => undefined);
  }

  /** Stops the worker and frees the model. The detector cannot be used afterwards; running video jobs reject. */
  dispose(): void {
    if (this.ended) return;
    this.ended = true;
    for (const job of this.videoJobs) job.abort();
    this.bridge.terminate(abortError('The detector was disposed while this call was running.'));
  }
}

/** What a call on a disposed detector rejects with. */
export function disposedError(): InputError {
  return new InputError('This detector was disposed; create a new one (createDetector()).');
}

/** Marks a frame for transfer: Comlink moves it to the worker instead of cloning it. */
function transferFrame<T extends ImageBitmap | VideoFrame>(frame: T): T {
  return transfer(frame, [frame as unknown as Transferable]);
}

/** `base` overridden by the keys of `override` that are defined. */
function merge(base: FrameOptions, override: FrameOptions): FrameOptions {
  const out: FrameOptions = { ...base };
  for (const [key, value] of Object.entries(override) as [keyof FrameOptions, never][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A video job's settings as recorded in its result: the selection given, thresholds with defaults filled in. */
function videoSettings(job: VideoJobOptions, frame: FrameOptions): VideoJobOptions {
  const settings: VideoJobOptions = {};
  // only the known keys: whatever else the caller's object holds must not reach structured cloning
  for (const key of ['frameStep', 'targetFps', 'start', 'end', 'annotate'] as const) {
    if (job[key] !== undefined) (settings as Record<typeof key, unknown>)[key] = job[key];
  }
  settings.scoreThreshold = frame.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  settings.iouThreshold = frame.iouThreshold ?? DEFAULT_IOU_THRESHOLD;
  settings.maxDetections = frame.maxDetections ?? DEFAULT_MAX_DETECTIONS;
  settings.classAgnostic = frame.classAgnostic ?? false;
  if (frame.track) settings.track = frame.track;
  if (frame.tiling !== undefined && frame.tiling !== 'off') settings.tiling = frame.tiling;
  if (frame.resizeFilter !== undefined) settings.resizeFilter = frame.resizeFilter;
  return settings;
}

/**
 * Creates a detector: starts its worker, loads the model (default: the shipped wrgb model), runs a
 * warm-up frame, and resolves once it is ready. Rejects with ModelLoadError, UnsupportedModelError or
 * BackendUnavailableError (typed, with a message that says what to do), or InputError for an option
 * no load or frame could honour.
 */
export async function createDetector(options: DetectorOptions = {}): Promise<Detector> {
  const { scoreThreshold, iouThreshold, maxDetections, classAgnostic, track, tiling } = options;
  checkFrameOptions({ scoreThreshold, iouThreshold, maxDetections, classAgnostic, track, tiling }); // before a worker starts
  const bridge = new WorkerBridge(options.createWorker);
  const source = resolveSource(options.model);
  const detector = new Detector(bridge, source, loadOptionsOf(options, source), {
    scoreThreshold,
    iouThreshold,
    maxDetections,
    classAgnostic,
    track,
    tiling,
  }, options.perfLog, options.loadStallMs);
  try {
    await detector.load(options.signal, options.onProgress);
  } catch (error) {
    detector.dispose();
    throw error;
  }
  return detector;
}
