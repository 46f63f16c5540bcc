// The worker's typed API (docs/contracts.md, contract 3's engine side). The client imports these as types only.

import type {
  BoxTransform,
  LayoutName,
  PreprocessConvention,
  ResizeFilter,
  Tiling,
} from '../postprocess/index.js';
import type { TrackerOptions } from '../track/types.js';

/** Which engine runs the model. `auto` tries WebGPU on a hardware adapter, then WASM. */
export type BackendName = 'auto' | 'webgpu' | 'wasm';

/** Where the model comes from: a URL, or its bytes. */
export type ModelSource = string | ArrayBuffer | Uint8Array | Blob;

/** Options of `load`: every automatic choice can be overridden. */
export interface LoadOptions {
  /** Backend to use; default 'auto'. */
  backend?: BackendName;
  /** WASM threads; default: all cores when crossOriginIsolated (max 8), else 1. */
  numThreads?: number;
  /** Output layout; default detected from the warm-up run's outputs. */
  layout?: LayoutName | 'auto';
  /** Model input size when the model's input is dynamic (or to override `imgsz`). */
  inputWidth?: number;
  /** See inputWidth. */
  inputHeight?: number;
  /** Preprocessing; default the layout family's convention (docs/contracts.md conventions table), merged field by field. */
  preprocess?: Partial<PreprocessConvention>;
  /** Class labels; default from the model's `names` metadata, else COCO-80 for 80 classes, else `class N`. */
  labels?: readonly string[];
  /** Anchors per level for layouts that need them; default from metadata, else the layout's defaults. */
  anchors?: readonly (readonly number[])[];
  /** Strides per level; default from metadata, else the layout's defaults. */
  strides?: readonly number[];
  /** A display name for the model (default: the URL's file name or the Blob's name). */
  name?: string;
  /**
   * How frames are resampled to the input size unless a frame says otherwise: 'bilinear' (default, as
   * OpenCV INTER_LINEAR in the Python pipelines) or 'smooth' (area-averaging when shrinking, for models
   * trained on such images). The shipped model's default comes from its sidecar (models/README.md).
   */
  resizeFilter?: ResizeFilter;
  /** Older spelling of `resizeFilter`: 'low' is 'bilinear', 'medium' and 'high' are 'smooth'. */
  smoothing?: 'low' | 'medium' | 'high';
  /**
   * The tracker options this model's tracks start from: `track: true` uses them, and a frame's `track`
   * object is merged over them field by field. Default ByteTrack's (docs/tracking.md). A model's score
   * scale decides its thresholds; the shipped model's come from its sidecar (models/README.md).
   */
  trackerDefaults?: TrackerOptions;
  /** Base URL of onnxruntime-web's .wasm/.mjs files; default: next to the bundled worker. */
  wasmPaths?: string;
}

/** What a loaded model is and how it runs (the `yolo-ready` event detail). */
export interface ModelInfo {
  /** Display name of the model. */
  name: string;
  /** Size of the model file in bytes. */
  bytes: number;
  /** The backend that runs it. */
  backend: 'webgpu' | 'wasm';
  /** WASM threads in use (1 on WebGPU's CPU fallback counts too). */
  threads: number;
  /** Why the backend differs from the one asked for (e.g. WebGPU unavailable), if it does. */
  fallbackReason?: string;
  /** Whether the page is crossOriginIsolated (needed for WASM threads). */
  crossOriginIsolated: boolean;
  /** The decoded output layout. */
  layout: LayoutName;
  /** Model input width in px. */
  inputWidth: number;
  /** Model input height in px. */
  inputHeight: number;
  /** Element type of the input tensor. */
  inputType: 'float32' | 'float16';
  /** Class labels, index = class id. */
  labels: readonly string[];
  /** Where the labels came from. */
  labelSource: 'option' | 'metadata' | 'coco80' | 'generic';
  /** The preprocessing in use. */
  preprocess: PreprocessConvention;
  /** The model's resize filter (frames may override it with `FrameOptions.resizeFilter`). */
  resizeFilter: ResizeFilter;
  /** The tracker options this model's tracks start from (`LoadOptions.trackerDefaults`; {} = ByteTrack's). */
  trackerDefaults: Readonly<TrackerOptions>;
  /** Anchors in use (anchor-based layouts only). */
  anchors?: readonly (readonly number[])[];
  /** Strides in use (grid layouts only). */
  strides?: readonly number[];
  /** The model's metadata_props. */
  metadata: Readonly<Record<string, string>>;
  /** Session creation time in ms. */
  loadMs: number;
  /** The warm-up run's time in ms (first runs are several times slower than steady state). */
  warmupMs: number;
}

/** Per-call decode settings (thresholds apply to the next frame). */
export interface FrameOptions {
  /** Detections scoring at or below this are dropped; default the detector's (0.25). */
  scoreThreshold?: number;
  /** NMS suppresses a box overlapping a kept one by more than this IoU; default the detector's (0.45). */
  iouThreshold?: number;
  /** At most this many detections per frame, the best scores kept; default the detector's (300). */
  maxDetections?: number;
  /** NMS across classes instead of per class; default false. */
  classAgnostic?: boolean;
  /** Resize filter for this frame; default the model's (`ModelInfo.resizeFilter`). */
  resizeFilter?: ResizeFilter;
  /**
   * Track objects across the frames of this stream (ByteTrack, docs/contracts.md contract 5; docs/tracking.md):
   * `true` for the model's tracker defaults (`ModelInfo.trackerDefaults`, else ByteTrack's), or
   * parameters merged over them. Results then carry `trackIds`.
   */
  track?: boolean | TrackerOptions;
  /** Run the model on overlapping tiles at full resolution and merge (docs/contracts.md, contract 4); default 'off'. */
  tiling?: Tiling;
}

/** A width and height in px. */
export interface SourceSize {
  width: number;
  height: number;
}

/** Per-stage times of one frame, measured in the worker. */
export interface StageTimings {
  /** Reading the frame and making the input tensor (letterbox, resize, pack). */
  preprocessMs: number;
  /** onnxruntime's `session.run`. */
  inferenceMs: number;
  /** Decoding the outputs, NMS and mapping boxes to source px (tiled frames: merging too). */
  postprocessMs: number;
  /** Tracker time (only when tracking; included in totalMs). */
  trackMs?: number;
  /** The frame's time in the worker: preprocessing, inference, postprocessing and tracking. */
  totalMs: number;
}

/** One frame's result as it crosses the boundary: the detections' single buffer is transferred. */
export interface PackedFrameResult {
  /** Buffer holding boxes, scores and classes (see `viewDetections`). */
  buffer: ArrayBuffer;
  /** Number of detections in `buffer`. */
  count: number;
  /** Source size in px (the boxes' coordinate space). */
  sourceWidth: number;
  sourceHeight: number;
  /** The letterbox mapping used. */
  transform: BoxTransform;
  timings: StageTimings;
  /** When tracking: the track ID of each detection (0 = none confirmed), in its own transferred buffer. */
  trackIds?: Uint32Array;
  /** Model runs spent on this frame: tiles plus the full frame (1 without tiling). */
  tiles: number;
}

/** Byte progress of a model download (total is 0 when the server does not say). */
export type ProgressCallback = (done: number, total: number) => void;

/** The API the worker exposes through Comlink. */
export interface EngineApi {
  /** Loads (or replaces) the model; resolves once a warm-up run has succeeded. */
  load(source: ModelSource, options: LoadOptions, onProgress?: ProgressCallback, jobId?: number): Promise<ModelInfo>;
  /**
   * Runs one frame. The frame is closed by the worker. `source` is the size of what the frame was
   * captured from, when the page already shrank it to the model's view: boxes come back in that space.
   */
  detect(frame: ImageBitmap | VideoFrame, options: FrameOptions, source?: SourceSize): Promise<PackedFrameResult>;
  /**
   * Detects objects in every selected frame of a video file (docs/video.md). Frames go to `listener.frame`
   * as they are made, in presentation order; rejects with VideoDecodeError, InputError or AbortError
   * (after `cancel(jobId)`), the frames sent so far being the partial result.
   */
  processVideo(file: Blob, options: VideoJobOptions, listener: VideoJobListener, jobId?: number): Promise<VideoJobSummary>;
  /** Forgets the live stream's tracks (the next tracked frame starts from ID 1). */
  resetTracks(): void;
  /** Aborts the job with this id (a model download or a video job). */
  cancel(jobId: number): void;
  /** Answers at once: the page's check that the worker still runs before it starts a long job. */
  ping(): boolean;
  /** Releases the session. */
  dispose(): Promise<void>;
}

/** What the container says about a video. */
export interface VideoMetadata {
  /** Container format, e.g. 'mp4', 'webm'. */
  container: string;
  /** WebCodecs codec string, e.g. 'avc1.42c016', 'vp09.00.10.08'. */
  codec: string;
  /** Display size in px. */
  width: number;
  height: number;
  /** Duration in seconds. */
  durationSeconds: number;
  /** Number of video frames in the container (every sample of the track). */
  frameCount: number;
  /** Average frame rate (frames / duration); variable-rate videos have per-frame timestamps. */
  frameRate: number;
}

/** Which frames of a video to process; default every frame. */
export interface VideoSelection {
  /** Process every n-th frame (1 = all). */
  frameStep?: number;
  /** Or: at most this many frames per second of media time (picks the first frame of each slot). */
  targetFps?: number;
  /** Media time range in seconds: [start, end). */
  start?: number;
  end?: number;
}

/** Options of a video job inside the worker. */
export interface VideoJobOptions extends VideoSelection, FrameOptions {
  /** Also produce an annotated copy of the video (boxes drawn), where the browser can encode. */
  annotate?: boolean | { format?: 'mp4' | 'webm'; bitrate?: number };
}

/** One processed video frame as it crosses the boundary (detections in a transferred buffer). */
export interface PackedVideoFrame extends PackedFrameResult {
  /** Index of the frame in the container (decode order sorted by presentation time). */
  frame: number;
  /** Presentation time in seconds. */
  timestamp: number;
  /** Frame duration in seconds, when known. */
  duration?: number;
}

/** Progress of a video job. */
export interface VideoProgress {
  /** Frames processed so far. */
  done: number;
  /** Frames that will be processed (after selection). */
  total: number;
  /** Processing rate so far. */
  framesPerSecond: number;
  /** Estimated seconds left. */
  etaSeconds: number;
}

/** Receives a video job's stream (a Comlink proxy on the client side); return values are ignored. */
export interface VideoJobListener {
  /** The container was read: what it holds, and how many frames the selection will process. */
  start(metadata: VideoMetadata, total: number): void;
  /** One processed frame; its detections' buffer was transferred. */
  frame(frame: PackedVideoFrame): void;
}

/** The end of a video job in the worker (the frames themselves went through onFrame). */
export interface VideoJobSummary {
  metadata: VideoMetadata;
  /** Frames processed. */
  processed: number;
  /** Wall time of the job in ms. */
  wallMs: number;
  /** The annotated video, when asked for and supported. */
  annotated?: Blob;
  /** Why the annotated video is missing, when asked for but impossible (e.g. no encoder). */
  annotatedUnavailableReason?: string;
  /** Why the annotated video has no sound although the source has (its audio codec does not fit the container). */
  annotatedAudioDroppedReason?: string;
}
