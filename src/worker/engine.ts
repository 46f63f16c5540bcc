// The worker's engine: one model session at a time, frames in, packed detections out.
// Every call is serialised (onnxruntime-web allows one run per session at a time).

import { transfer } from 'comlink';
import {
  abortError,
  checkResizeFilter,
  decode,
  DEFAULT_RESIZE_FILTER,
  DEFAULT_SCORE_THRESHOLD,
  viewDetections,
  InputError,
  ModelLoadError,
  ULTRALYTICS_CONVENTION,
  type ImagePlacement,
  type OutputTensor,
  type ResizeFilter,
} from '../postprocess/index.js';
import type {
  EngineApi,
  FrameOptions,
  LoadOptions,
  ModelInfo,
  ModelSource,
  PackedFrameResult,
  ProgressCallback,
  SourceSize,
  StageTimings,
  VideoJobListener,
  VideoJobOptions,
  VideoJobSummary,
} from './api.js';
import { resolveInput, resolveModel, type ResolvedInput } from './model-config.js';
import { readModelBytes } from './model-source.js';
import { checkLoadOptions } from './load-options.js';
import { readOnnxHeader } from './onnx-metadata.js';
import { createRuntimeSession, type Ort, type OrtSession, type RuntimeSession } from './ort-runtime.js';
import { FramePreprocessor, frameSize, type Frame } from './preprocess.js';
import { InputTensor } from './input-tensor.js';
import { decodeThreshold, LiveTracking, trackDetections } from './frame-tracking.js';
import { trackerOptionsFor } from '../track/options-for.js';
import { loadTiling, loadTracker } from './lazy-features.js';
import type { TiledInference } from './tiled-inference.js';
import type { ByteTracker, TrackerOptions } from '../track/index.js';
import { runFailure } from './run-failure.js';
import type { PreparedInput } from './video/video-thread-protocol.js';

interface LoadedModel {
  runtime: RuntimeSession;
  input: ResolvedInput;
  /** The tensor over wherever a frame's preprocessing left the input (`preprocessor.data`). */
  frameTensor: InputTensor;
  preprocessor: FramePreprocessor;
  info: ModelInfo;
  /** Tiled inference on this model, made on the first tiled frame (docs/contracts.md, contract 4). */
  tiled?: TiledInference;
}

type OrtOutputs = Awaited<ReturnType<OrtSession['run']>>;

/** Output tensors as decode() reads them: in place, float32 or float16 bits. */
function outputTensors(session: OrtSession, outputs: OrtOutputs): OutputTensor[] {
  return session.outputNames.map((name) => {
    const t = outputs[name];
    let data = t.data as unknown as Float32Array | Uint16Array;
    if (t.type === 'float16' && !(data instanceof Uint16Array)) {
      const view = data as unknown as ArrayBufferView; // a Float16Array: read its bits in place
      data = new Uint16Array(view.buffer, view.byteOffset, view.byteLength / 2);
    } else if (!(data instanceof Float32Array) && !(data instanceof Uint16Array)) {
      throw new ModelLoadError(`Output '${name}' is ${t.type}; detector outputs must be float32 or float16.`);
    }
    return { data, dims: t.dims };
  });
}

function disposeOutputs(outputs: OrtOutputs): void {
  for (const name in outputs) outputs[name].dispose();
}

function closeFrame(frame: Frame): void {
  try {
    frame.close();
  } catch {
    // already closed: nothing to free
  }
}

/** The model's resize filter from the load options (`smoothing` is its older spelling; checkLoadOptions checked them). */
function modelResizeFilter(options: LoadOptions): ResizeFilter {
  if (options.resizeFilter !== undefined) return options.resizeFilter;
  if (options.smoothing !== undefined) return options.smoothing === 'low' ? 'bilinear' : 'smooth';
  return DEFAULT_RESIZE_FILTER;
}

/** A frame's resize filter: its own option (checked), else the model's. */
function frameResizeFilter(options: FrameOptions, info: ModelInfo): ResizeFilter {
  return options.resizeFilter === undefined ? info.resizeFilter : checkResizeFilter(options.resizeFilter);
}

/** The load option's tracker defaults, checked now so that a bad value fails the load, not a later frame. */
async function modelTrackerDefaults(options: LoadOptions): Promise<Readonly<TrackerOptions>> {
  const defaults = { ...options.trackerDefaults };
  // ByteTrack's module is loaded only to check given values: a model without them keeps it out
  if (Object.keys(defaults).length > 0) (await loadTracker()).resolveTrackerOptions(defaults);
  return Object.freeze(defaults);
}

/** Implements the worker API. */
export class Engine implements EngineApi {
  private model: LoadedModel | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly jobs = new Map<number, AbortController>();
  /** The live stream's tracks (detect() calls); a video job has its own. */
  private readonly tracking = new LiveTracking();

  /** Runs `task` after every earlier call has settled (one session.run in flight). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async load(source: ModelSource, options: LoadOptions, onProgress?: ProgressCallback, jobId?: number): Promise<ModelInfo> {
    checkLoadOptions(options);
    const controller = new AbortController();
    if (jobId !== undefined) this.jobs.set(jobId, controller);
    try {
      const { bytes, name } = await readModelBytes(source, controller.signal, onProgress);
      const header = readOnnxHeader(bytes);
      if (controller.signal.aborted) throw abortError('Model loading cancelled.');
      return await this.serial(() => this.createModel(bytes, name, header.metadata, options, controller.signal));
    } finally {
      if (jobId !== undefined) this.jobs.delete(jobId);
    }
  }

  private async createModel(
    bytes: Uint8Array,
    name: string,
    metadata: Record<string, string>,
    options: LoadOptions,
    signal: AbortSignal,
  ): Promise<ModelInfo> {
    const t0 = performance.now();
    const runtime = await createRuntimeSession(bytes, {
      backend: options.backend ?? 'auto',
      numThreads: options.numThreads,
      wasmPaths: options.wasmPaths,
    });
    const { session, ort } = runtime;
    try {
      const inputs = session.inputNames.map((inputName, i) => {
        const meta = session.inputMetadata[i];
        return { name: inputName, type: meta.isTensor ? meta.type : 'non-tensor', dims: meta.isTensor ? meta.shape : [] };
      });
      const input = resolveInput(inputs, metadata, options);
      const loadMs = performance.now() - t0;
      const preprocessor = new FramePreprocessor(input.width, input.height, input.type);
      const dims = [1, 3, input.height, input.width];
      const frameTensor = new InputTensor(ort, input.type, dims);
      // Warm-up on a plain frame: the first run is several times slower, and its outputs tell the layout.
      preprocessor.blank({ ...ULTRALYTICS_CONVENTION, ...options.preprocess }); // the layout (hence its convention) is not known yet
      const w0 = performance.now();
      const outputs = await session.run({ [input.name]: frameTensor.over(preprocessor.data) }).catch((e: unknown) => {
        throw runFailure(e, runtime.backend, 'warm-up');
      });
      const warmupMs = performance.now() - w0;
      let resolved: ReturnType<typeof resolveModel>;
      try {
        const tensors = outputTensors(session, outputs);
        resolved = resolveModel(tensors, metadata, options);
        // Decode once so a layout/option mismatch fails now, with its message, not on the first frame.
        decode(tensors, { layout: resolved.layout, inputWidth: input.width, inputHeight: input.height, anchors: resolved.anchors, strides: resolved.strides });
      } finally {
        disposeOutputs(outputs);
      }
      if (signal.aborted) throw abortError('Model loading cancelled.');
      const info: ModelInfo = {
        name: options.name ?? name,
        bytes: bytes.length,
        backend: runtime.backend,
        threads: runtime.threads,
        fallbackReason: runtime.fallbackReason,
        crossOriginIsolated: self.crossOriginIsolated,
        inputWidth: input.width,
        inputHeight: input.height,
        inputType: input.type,
        metadata,
        loadMs,
        warmupMs,
        resizeFilter: modelResizeFilter(options),
        trackerDefaults: await modelTrackerDefaults(options),
        ...resolved,
      };
      const previous = this.model;
      this.model = { runtime, input, frameTensor, preprocessor, info };
      this.tracking.reset(); // tracks of the old model's boxes mean nothing to the new one
      if (previous) await previous.runtime.session.release(); // swap without leaking the old session
      return info;
    } catch (error) {
      await session.release().catch(() => undefined);
      throw error;
    }
  }

  detect(frame: Frame, options: FrameOptions, source?: SourceSize): Promise<PackedFrameResult> {
    return this.serial(async () => {
      const tracker = await this.tracking.forFrame(trackerOptionsFor(options.track, this.model?.info.trackerDefaults ?? {}));
      const result = await this.runFrame(frame, options, this.model, source, tracker);
      return transfer(result, result.trackIds ? [result.buffer, result.trackIds.buffer] : [result.buffer]);
    });
  }

  async processVideo(file: Blob, options: VideoJobOptions, listener: VideoJobListener, jobId?: number): Promise<VideoJobSummary> {
    const controller = new AbortController();
    if (jobId !== undefined) this.jobs.set(jobId, controller);
    try {
      const model = this.model; // the whole video runs on the model loaded now
      if (!model) throw new InputError('No model is loaded: call load() first.');
      if (!(file instanceof Blob)) throw new InputError('processVideo() takes a video File or Blob.');
      // loaded on the first video job: the demuxers and muxers (~500 kB) stay out of image-only pages
      const { runVideoJob } = await import('./video/run-video-job.js');
      const track = trackerOptionsFor(options.track, model.info.trackerDefaults);
      const tracker = track ? new (await loadTracker()).ByteTracker(track) : null; // each job tracks from scratch
      return await runVideoJob({
        file,
        options,
        listener,
        signal: controller.signal,
        labels: model.info.labels,
        // one frame at a time through the shared queue, so detect() calls interleave with a long video
        runFrame: (frame, frameOptions) => this.serial(() => this.runFrame(frame, frameOptions, model, undefined, tracker)),
        runPrepared: (input, frameOptions) => this.serial(() => this.runPrepared(input, frameOptions, model, tracker)),
        // the video thread makes each frame into this input while inference runs; tiles need the frame
        prepare:
          options.tiling !== undefined && options.tiling !== 'off'
            ? undefined
            : {
                width: model.input.width,
                height: model.input.height,
                type: model.input.type,
                convention: model.info.preprocess,
                filter: frameResizeFilter(options, model.info),
                keepFrames: Boolean(options.annotate),
              },
      });
    } finally {
      if (jobId !== undefined) this.jobs.delete(jobId);
    }
  }

  /** The one-frame step shared by detect() and video jobs: preprocess → infer → decode. Always closes `frame`. */
  private async runFrame(
    frame: Frame,
    options: FrameOptions,
    model: LoadedModel | null,
    source?: SourceSize,
    tracker: ByteTracker | null = null,
  ): Promise<PackedFrameResult> {
    try {
      if (!model) throw new InputError('No model is loaded: call load() first.');
      if (model !== this.model) throw new InputError('The model was replaced while the video was processed; start the job again.');
      return await this.inferFrame(frame, options, model, source, tracker);
    } finally {
      closeFrame(frame);
    }
  }

  /** A video frame the video thread already made into the model's input: the rest of the one-frame step. */
  private async runPrepared(input: PreparedInput, options: FrameOptions, model: LoadedModel, tracker: ByteTracker | null): Promise<PackedFrameResult> {
    if (model !== this.model) throw new InputError('The model was replaced while the video was processed; start the job again.');
    return this.inferInput(input.data, input.placement, input.preprocessMs, options, model, tracker);
  }

  private async inferFrame(
    frame: Frame,
    options: FrameOptions,
    model: LoadedModel,
    source: SourceSize | undefined,
    tracker: ByteTracker | null,
  ): Promise<PackedFrameResult> {
    const { runtime, input, frameTensor, preprocessor, info } = model;
    if (options.tiling !== undefined && options.tiling !== 'off') {
      const own = frameSize(frame);
      const size = source && source.width > 0 && source.height > 0 ? source : own;
      // loaded on the first tiled frame: the tile cutter and merge stay out of every page's worker
      model.tiled ??= new (await loadTiling()).TiledInference({
        ort: runtime.ort, session: runtime.session, inputName: input.name, inputType: input.type, preprocessor, info,
        readOutputs: outputTensors, disposeOutputs,
      });
      // a frame the plan does not cut (e.g. 'auto' on a small one) takes the one-run path below
      if (model.tiled.plan(size.width, size.height, options.tiling).tiles.length > 0) {
        const tiled = await model.tiled.run(frame, { ...options, scoreThreshold: decodeThreshold(options, tracker) }, source);
        if (!tracker) return tiled;
        // the merged boxes are tracked like one run's (ByteTrack's low candidates included)
        const t0 = performance.now();
        const { detections, trackIds } = trackDetections(tracker, viewDetections(tiled.buffer, tiled.count), options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD);
        const trackMs = performance.now() - t0;
        const timings = { ...tiled.timings, trackMs, totalMs: tiled.timings.totalMs + trackMs };
        return { ...tiled, buffer: detections.boxes.buffer as ArrayBuffer, count: detections.count, timings, trackIds };
      }
    }
    const t0 = performance.now();
    const placement = await preprocessor.run(frame, info.preprocess, frameResizeFilter(options, info), source);
    closeFrame(frame); // free the pixels as soon as they are packed
    return this.inferInput(preprocessor.data, placement, performance.now() - t0, options, model, tracker);
  }

  /**
   * Inference and decode of an input already prepared (`preprocessMs`: what preparing it took, where it
   * was done): the rest of the one-frame step.
   */
  private async inferInput(
    data: Float32Array | Uint16Array,
    placement: ImagePlacement,
    preprocessMs: number,
    options: FrameOptions,
    model: LoadedModel,
    tracker: ByteTracker | null,
  ): Promise<PackedFrameResult> {
    const { runtime, input, frameTensor, info } = model;
    const t1 = performance.now();
    const outputs = await runtime.session.run({ [input.name]: frameTensor.over(data) }).catch((e: unknown) => {
      throw runFailure(e, runtime.backend, 'frame');
    });
    const t2 = performance.now();
    let detections;
    const { track: _track, resizeFilter: _filter, ...decodeOptions } = options;
    try {
      detections = decode(outputTensors(runtime.session, outputs), {
        layout: info.layout,
        inputWidth: input.width,
        inputHeight: input.height,
        anchors: info.anchors,
        strides: info.strides,
        transform: placement.transform,
        ...decodeOptions,
        scoreThreshold: decodeThreshold(options, tracker), // tracking keeps low candidates for ByteTrack's second pass
      });
    } finally {
      disposeOutputs(outputs);
    }
    const t3 = performance.now();
    let trackIds: Uint32Array | undefined;
    if (tracker) ({ detections, trackIds } = trackDetections(tracker, detections, options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD));
    const t4 = performance.now();
    const timings: StageTimings = { preprocessMs, inferenceMs: t2 - t1, postprocessMs: t3 - t2, totalMs: preprocessMs + (t4 - t1) };
    if (trackIds) timings.trackMs = t4 - t3;
    return {
      buffer: detections.boxes.buffer as ArrayBuffer,
      count: detections.count,
      sourceWidth: placement.transform.srcWidth,
      sourceHeight: placement.transform.srcHeight,
      transform: placement.transform,
      timings,
      tiles: 1,
      ...(trackIds ? { trackIds } : {}),
    };
  }

  resetTracks(): void {
    // in call order: frames sent before the reset are still tracked with the old tracks
    void this.serial(async () => this.tracking.reset());
  }

  cancel(jobId: number): void {
    this.jobs.get(jobId)?.abort();
  }

  ping(): boolean {
    return true;
  }

  async dispose(): Promise<void> {
    await this.serial(async () => {
      const model = this.model;
      this.model = null;
      if (model) await model.runtime.session.release();
    });
  }
}
