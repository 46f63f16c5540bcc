// <yolo-detector>: embeds a YOLO detector in any page (docs/contracts.md, contract 2). It takes a slotted
// <img>/<video>/<canvas>, the `source` property or the camera, runs detection in the worker, draws
// boxes over the media and emits typed events. It never touches tensors: that is the client's job.

import { html, LitElement, nothing, type PropertyValues } from 'lit';
import {
  createDetector,
  PerfLog,
  type BackendName,
  type DetectSource,
  type Detector,
  type FrameResult,
  type ModelInfo,
  type ProcessVideoOptions,
  type VideoResult,
} from '../../client/index.js';
import { abortError, InputError, isAbortError, planTiles, type ResizeFilter, type Tiling } from '../../postprocess/index.js';
import { emit, type ErrorDetail } from '../events.js';
import { contentRect, type ObjectFit } from '../media-geometry.js';
import type { LabelMode } from '../label-layout.js';
import { drawDetections, type OverlayStyle } from '../overlay.js';
import { TrackTrails } from '../track-trails.js';
import { drawTileGrid } from '../tile-grid.js';
import { describeDetections, parseClassFilter, sameDetectionsText, type DetectionsText } from './detections-text.js';
import { closeCamera, openCamera } from './camera.js';
import { DEFAULT_FRAMES_IN_FLIGHT, FrameLoop, type FrameLoopHost } from './frame-loop.js';
import { mediaName, mediaSource } from './media-name.js';
import { parseTilingAttribute } from './tiling-attribute.js';
import { yoloDetectorStyles } from './yolo-detector.styles.js';

type Media = HTMLImageElement | HTMLVideoElement | HTMLCanvasElement;

/** A video's text alternative changes at most this often: a live region that speaks every frame drowns a screen reader. */
const DESCRIBE_VIDEO_MS = 3000;
type Status = 'idle' | 'loading' | 'ready' | 'error';

/** Splits a comma-separated colour list, keeping the commas inside rgb(...) / hsl(...). */
function splitColors(list: string): string[] {
  return (list.match(/[^,(]+(\([^)]*\))?/g) ?? []).map((c) => c.trim()).filter(Boolean);
}

/** Intrinsic pixel size of a source (the space the boxes are in). */
function sourceSize(source: DetectSource | Media): { width: number; height: number } {
  if (source instanceof HTMLImageElement) return { width: source.naturalWidth, height: source.naturalHeight };
  if (source instanceof HTMLVideoElement) return { width: source.videoWidth, height: source.videoHeight };
  if (typeof VideoFrame !== 'undefined' && source instanceof VideoFrame) return { width: source.displayWidth, height: source.displayHeight };
  if ('width' in source && 'height' in source) return { width: source.width, height: source.height };
  return { width: 0, height: 0 };
}

/**
 * Runs a YOLO model on an image, a video, the camera or a video file, draws boxes over the media and
 * emits the detections.
 *
 * @tag yolo-detector
 * @slot - An `<img>`, `<video>` or `<canvas>` to run detection on.
 * @attr track - Track objects across frames (ByteTrack): labels show their IDs (`r #12`).
 * @attr trails - With `track`, draw a short trail behind each tracked object.
 * @fires yolo-ready - The model is loaded; detail: ModelInfo (backend, layout, input size, labels).
 * @fires yolo-detections - A frame was processed; detail: FrameResult.
 * @fires yolo-progress - Model download or video job progress; detail: `{phase, done, total}`.
 * @fires yolo-error - Something went wrong; detail: `{name, message}` (a typed error name).
 * @csspart stage - The box holding the media and the overlay.
 * @csspart overlay - The canvas the boxes are drawn on.
 * @csspart status - The loading message.
 * @csspart error - The error message.
 * @csspart perf - The performance panel (with `show-perf`).
 * @csspart detection-list - The visually hidden list of detections (the overlay's text alternative).
 * @cssprop --yolo-box-width - Box line width (default 2px).
 * @cssprop --yolo-label-font - Label font (default 600 12px system-ui).
 * @cssprop --yolo-label-color - Label text colour (default: black or white, whichever contrasts with the box).
 * @cssprop --yolo-colors - Comma-separated colours per class (default: 80 distinct colours, CLASS_PALETTE).
 * @cssprop --yolo-error-background - Error message background.
 * @cssprop --yolo-error-color - Error message text colour.
 */
export class YoloDetectorElement extends LitElement implements FrameLoopHost {
  static override styles = yoloDetectorStyles;

  static override properties = {
    model: { type: String, reflect: true, noAccessor: true },
    backend: { type: String, reflect: true },
    scoreThreshold: { type: Number, attribute: 'score-threshold', reflect: true },
    iouThreshold: { type: Number, attribute: 'iou-threshold', reflect: true },
    maxDetections: { type: Number, attribute: 'max-detections', reflect: true },
    resizeFilter: { type: String, attribute: 'resize-filter', reflect: true },
    labels: { type: String, reflect: true },
    camera: { type: Boolean, reflect: true },
    showPerf: { type: Boolean, attribute: 'show-perf', reflect: true },
    paused: { type: Boolean, reflect: true },
    framesInFlight: { type: Number, attribute: 'frames-in-flight', reflect: true },
    track: { type: Boolean, reflect: true },
    trails: { type: Boolean, reflect: true },
    wasmPaths: { type: String, attribute: 'wasm-paths', reflect: true },
    labelMode: { type: String, attribute: 'label-mode', reflect: true },
    showClasses: { type: String, attribute: 'show-classes', reflect: true },
    described: { state: true, hasChanged: (next: DetectionsText, previous: DetectionsText) => !sameDetectionsText(next, previous) },
    tiling: { type: String, reflect: true },
    tileOverlap: { type: Number, attribute: 'tile-overlap', reflect: true },
    showTiles: { type: Boolean, attribute: 'show-tiles', reflect: true },
    source: { attribute: false },
    status: { state: true },
    errorDetail: { state: true },
    stillUsing: { state: true },
    loadPercent: { state: true },
  };

  /** Undefined until the constructor sets it: that first set is a change, so the first update loads the model. */
  private modelUrl: string | undefined;
  /** Model URL; empty for the shipped default model. Set after `dispose()`, even to the same URL, it loads again. */
  get model(): string {
    return this.modelUrl ?? '';
  }
  set model(value: string) {
    const old = this.modelUrl;
    this.modelUrl = value;
    // the same URL is no change, except on a disposed element, where setting it is the way back (README)
    this.requestUpdate('model', old, this.disposed && value === old ? { hasChanged: () => true } : undefined);
  }
  /** Inference backend: 'auto' (WebGPU on a hardware adapter, else WASM), 'webgpu' or 'wasm'. */
  declare backend: BackendName;
  /** Detections scoring at or below this are dropped (0..1). */
  declare scoreThreshold: number;
  /** NMS IoU threshold (0..1). */
  declare iouThreshold: number;
  /** At most this many detections per frame. */
  declare maxDetections: number;
  /** How frames are resized to the model's input: 'bilinear' (as Python's OpenCV), 'smooth' (area-averaging), or '' for the model's own choice. */
  declare resizeFilter: '' | ResizeFilter;
  /** Comma-separated class names; overrides the model's metadata. */
  declare labels: string;
  /** Use the device camera as the media; turns itself off again (with a `yolo-error`) when no camera can be opened. */
  declare camera: boolean;
  /** Show the performance panel under the media. */
  declare showPerf: boolean;
  /** Stop processing video/camera frames. */
  declare paused: boolean;
  /**
   * Video/camera frames in flight: 2 (default) captures and sends the next frame while the worker runs
   * the current one (more frames per second); 1 waits for each result first (the serial loop).
   */
  declare framesInFlight: number;
  /** Track objects across the frames of the media (ByteTrack); labels show the track ID. */
  declare track: boolean;
  /** With `track`: draw each tracked object's path over the last 30 frames. */
  declare trails: boolean;
  /** Base URL of onnxruntime-web's .wasm files, when they are hosted apart from the library (default: next to it). */
  declare wasmPaths: string;
  /** Box labels: 'auto' (smaller on small displays, none on tiny boxes or over another label), 'all', or 'none'. */
  declare labelMode: LabelMode;
  /** Only these classes are drawn and described (comma-separated names or ids); empty: all. Events still carry every detection. */
  declare showClasses: string;
  /** Tiled inference for small objects in large frames: 'off', 'auto' or a grid 'CxR' such as '3x2' (docs: tiling). */
  declare tiling: string;
  /** Fraction of a tile side shared with its neighbour (0 to below 1; default 0.2). */
  declare tileOverlap: number;
  /** Draw the tile grid of the last frame over the media. */
  declare showTiles: boolean;
  /** Media given by property instead of a slotted element (an image-like value or a <video>). */
  declare source: DetectSource | null;
  declare private status: Status;
  declare private errorDetail: ErrorDetail | null;
  /** Name of the model still in use after a newer one failed to load ('' otherwise): the error then sits under the media. */
  declare private stillUsing: string;
  declare private loadPercent: number;
  /** The text alternative of the overlay, refreshed at most every DESCRIBE_VIDEO_MS for video. */
  declare private described: DetectionsText;
  private describeTimer = 0;

  /** Frame timings, kept across model swaps (the panel reads it). */
  readonly perf = new PerfLog();
  private detector: Detector | null = null;
  private ready: Promise<Detector>;
  private resolveReady!: (detector: Detector) => void;
  private rejectReady!: (error: Error) => void;
  private loadController: AbortController | null = null;
  private loadToken = 0;
  private loadError: Error | null = null;
  private readonly loop = new FrameLoop(this);
  private media: Media | null = null;
  private lastResult: FrameResult | null = null;
  private lastSize = { width: 0, height: 0 };
  private readonly trackTrails = new TrackTrails();
  private cameraStream: MediaStream | null = null;
  private cameraVideo: HTMLVideoElement | null = null;
  private visible = true;
  private resizeObserver: ResizeObserver | null = null;
  private intersectionObserver: IntersectionObserver | null = null;
  private disconnectTimer = 0;
  private frameToken = 0;
  /** Token of the newest frame drawn: a result of an older frame arriving later is not drawn over it. */
  private shownToken = 0;
  /** Counts the pictures the media has shown (new media, source, image src, video src): a result of an older one is dropped. */
  private picture = 0;
  /** The error shown came from a model load (a successful load clears it; other errors wait for a good frame). */
  private loadErrorShown = false;
  /** Set by dispose(); the next connection or `model` change loads again (issue 16). */
  private disposed = false;
  /** Counts dispose() calls, so a call that was waiting when one ran knows it was cancelled. */
  private disposals = 0;

  constructor() {
    super();
    this.model = '';
    this.backend = 'auto';
    this.scoreThreshold = 0.25;
    this.iouThreshold = 0.45;
    this.maxDetections = 300;
    this.resizeFilter = '';
    this.labels = '';
    this.camera = false;
    this.showPerf = false;
    this.paused = false;
    this.framesInFlight = DEFAULT_FRAMES_IN_FLIGHT;
    this.track = false;
    this.trails = false;
    this.wasmPaths = '';
    this.labelMode = 'auto';
    this.showClasses = '';
    this.described = { summary: '', items: [] };
    this.tiling = 'off';
    this.tileOverlap = 0.2;
    this.showTiles = false;
    this.source = null;
    this.status = 'idle';
    this.errorDetail = null;
    this.stillUsing = '';
    this.loadPercent = 0;
    this.ready = this.newReadyPromise();
  }

  /** The loaded model's description, or null before `yolo-ready`. */
  get info(): ModelInfo | null {
    return this.detector?.info ?? null;
  }

  /** The detections drawn last. */
  get lastDetections(): FrameResult | null {
    return this.lastResult;
  }

  /** True while frame processing should pause: `paused`, off-screen, or the page is hidden. */
  get blocked(): boolean {
    return this.paused || !this.visible || (typeof document !== 'undefined' && document.hidden);
  }

  private newReadyPromise(): Promise<Detector> {
    const promise = new Promise<Detector>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    promise.catch(() => undefined);
    return promise;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.disconnectTimer);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.resizeObserver ??= new ResizeObserver(() => this.redraw());
    this.resizeObserver.observe(this);
    this.intersectionObserver ??= new IntersectionObserver((entries) => {
      this.visible = entries[entries.length - 1].isIntersecting;
      if (!this.blocked) this.loop.resume();
    });
    this.intersectionObserver.observe(this);
    if (this.disposed && this.hasUpdated) this.revive();
  }

  /** After dispose() (or removal from the page): load the model again and pick the media up again. */
  private revive(): void {
    void this.loadModel();
    if (this.camera) void this.updateCamera();
    else this.attachMedia();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.resizeObserver?.disconnect();
    this.intersectionObserver?.disconnect();
    // Moving the element in the DOM disconnects and reconnects it: free the model only if it stays out.
    this.disconnectTimer = window.setTimeout(() => {
      if (!this.isConnected) this.dispose();
    }, 0);
  }

  private readonly onVisibility = (): void => {
    if (!this.blocked) this.loop.resume();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    // a load starts in updated(); its state is set here, so that this render shows it (set there, it
    // would schedule a second render right after this one)
    if (changed.has('model') || changed.has('backend') || changed.has('wasmPaths')) this.showLoading();
    if (changed.has('labels') && this.lastResult) this.lastResult = { ...this.lastResult, labels: this.labelList() };
    if (changed.has('labels') || changed.has('showClasses')) this.described = describeDetections(this.lastResult, this.classFilter());
    if (changed.has('source') && this.hasUpdated) {
      // updated() attaches the new source (it needs this render's canvas): what that clears is cleared
      // here, so that this render shows it instead of scheduling another one
      this.lastResult = null;
      this.described = describeDetections(null, this.classFilter());
      if (this.errorDetail?.name === 'InputError') this.errorDetail = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('model') || changed.has('backend') || changed.has('wasmPaths')) void this.loadModel();
    if (changed.has('track')) this.forgetTracks();
    if (changed.has('trails')) this.trackTrails.clear();
    if (
      changed.has('scoreThreshold') || changed.has('iouThreshold') || changed.has('maxDetections') || changed.has('track') ||
      changed.has('tiling') || changed.has('tileOverlap') || changed.has('resizeFilter')
    ) {
      if (this.detector) this.detector.frameOptions = this.frameOptions();
      // a still image has no next frame: run it again with the new thresholds
      if (!changed.has('model') && this.detector && this.media && !(this.media instanceof HTMLVideoElement)) void this.detectMedia();
    }
    if (changed.has('camera')) void this.updateCamera();
    if (changed.has('source')) this.attachMedia();
    if (changed.has('framesInFlight')) this.loop.depth = this.framesInFlight >= 2 ? 2 : 1; // at most 2: latency stays bounded
    if (changed.has('paused') && !this.paused) this.loop.resume();
    if (changed.has('labels') || changed.has('labelMode') || changed.has('showClasses') || changed.has('showTiles')) this.redraw();
  }

  protected override firstUpdated(): void {
    this.attachMedia();
  }

  // ---- model ---------------------------------------------------------------------------------

  private frameOptions() {
    return {
      scoreThreshold: this.scoreThreshold,
      iouThreshold: this.iouThreshold,
      maxDetections: this.maxDetections,
      track: this.track,
      resizeFilter: this.resizeFilter || undefined, // an unknown value reaches the worker, which answers with an InputError
      tiling: this.tilingOption(),
    };
  }

  /** The `tiling` / `tile-overlap` attributes as a frame option; a bad value is shown and means off. */
  private tilingOption(): Tiling {
    try {
      return parseTilingAttribute(this.tiling, this.tileOverlap ?? 0.2);
    } catch (error) {
      this.showError(error);
      return 'off';
    }
  }

  private labelList(): readonly string[] {
    const override = this.labels ? this.labels.split(',').map((l) => l.trim()) : [];
    return override.length > 0 ? override : (this.detector?.info.labels ?? []);
  }

  /** The state of a load that is starting: shown at once, the previous error cleared. */
  private showLoading(): void {
    this.status = 'loading';
    this.loadError = null;
    this.loadPercent = 0;
  }

  /** Loads `model` on `backend`; the previous detector stays in use until the new one is ready. */
  private async loadModel(): Promise<void> {
    const token = ++this.loadToken;
    this.disposed = false;
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    this.showLoading();
    try {
      const labels = this.labels ? this.labels.split(',').map((l) => l.trim()) : undefined;
      const detector = await createDetector({
        model: this.model || undefined,
        backend: this.backend || 'auto',
        wasmPaths: this.wasmPaths || undefined,
        labels,
        perfLog: this.perf,
        signal: controller.signal,
        onProgress: (p) => {
          if (token !== this.loadToken) return;
          if (p.total > 0) this.loadPercent = Math.round((p.done / p.total) * 100);
          emit(this, 'yolo-progress', p);
        },
        ...this.frameOptions(),
      });
      if (token !== this.loadToken) {
        detector.dispose(); // a newer model or backend was asked for meanwhile
        return;
      }
      const previous = this.detector;
      this.detector = detector;
      previous?.dispose(); // the swap frees the old worker and its session
      this.status = 'ready';
      this.trackTrails.clear(); // the new worker tracks from scratch
      if (this.loadErrorShown) this.errorDetail = null; // another error (a camera refused before the load) stays until a good frame
      this.loadErrorShown = false;
      this.stillUsing = '';
      this.resolveReady(detector);
      emit(this, 'yolo-ready', detector.info);
      if (!this.media) this.attachMedia(); // dispose() let the media go: pick it up again (detects it)
      else if (!(this.media instanceof HTMLVideoElement)) void this.detectMedia();
      else this.loop.resume();
    } catch (error) {
      if (token !== this.loadToken || isAbortError(error)) return;
      if (this.detector) {
        // the previous model keeps detecting: say so, and keep the message off the picture (issue 14, bug 2)
        this.status = 'ready';
        this.stillUsing = this.detector.info.name;
        this.showError(error);
        this.loadErrorShown = true;
        return;
      }
      this.status = 'error';
      this.loadError = error as Error;
      this.rejectReady(error as Error);
      this.ready = this.newReadyPromise();
      this.showError(error);
      this.loadErrorShown = true;
    }
  }

  /** Resolves with the ready detector (waits for the load in progress). */
  private async whenReady(): Promise<Detector> {
    const disposals = this.disposals;
    const detector = await this.readyDetector();
    if (disposals !== this.disposals) throw abortError('The <yolo-detector> was disposed while this call was waiting.');
    return detector;
  }

  private async readyDetector(): Promise<Detector> {
    if (this.detector) return this.detector;
    if (this.disposed) {
      throw new InputError('This <yolo-detector> was disposed: add it to the document again or set `model` to load a model.');
    }
    if (this.status === 'error' && this.loadError) throw this.loadError;
    if (this.status === 'idle' && !this.isConnected) {
      throw new InputError('The element is not connected: add it to the document (or call detect() after yolo-ready).');
    }
    return this.ready;
  }

  // ---- media ---------------------------------------------------------------------------------

  private slotMedia(): Media | null {
    const slot = this.renderRoot.querySelector('slot');
    for (const el of slot?.assignedElements({ flatten: true }) ?? []) {
      if (el instanceof HTMLImageElement || el instanceof HTMLVideoElement || el instanceof HTMLCanvasElement) return el;
    }
    return null;
  }

  /** A slotted <img> loaded (again: it can change its src): a new picture. */
  private readonly onImageLoad = (): void => {
    this.newPicture();
    void this.detectMedia();
  };
  /** A slotted <img> whose (new) src cannot be shown: its old boxes go, and the error says which file. */
  private readonly onImageError = (): void => {
    const image = this.media as HTMLImageElement;
    this.newPicture();
    this.showError(new InputError(`The image ${image.currentSrc || image.src} could not be loaded or decoded.`));
  };
  /** A <video> given a new src: its frames are another clip's (tracks restart, old boxes go). */
  private readonly onVideoEmptied = (): void => this.newPicture();
  private readonly onVideoResize = (): void => this.redraw();

  /** The media shows another picture: results of the old one are not drawn, tracks and the perf segment restart. */
  private newPicture(): void {
    this.picture++;
    this.markMediaSegment(this.media);
    this.lastResult = null;
    this.forgetTracks();
    this.redraw();
    this.describe();
  }

  /** Tells the perf log what is detected on now: its name, and its URL (a new photo of the same name starts afresh too). */
  private markMediaSegment(media: Media | null): void {
    this.perf.markMedia(mediaName(media, media !== null && media === this.cameraVideo), mediaSource(media));
  }

  /** Picks the media to watch: camera, then `source`, then the slotted element. */
  private attachMedia(): void {
    const source = this.source;
    const next: Media | null =
      this.cameraVideo ?? (source instanceof HTMLVideoElement ? source : source ? this.displayCanvas() : this.slotMedia());
    if (next === this.media && !(source && !(source instanceof HTMLVideoElement))) return;
    this.detachMedia();
    this.media = next;
    if (this.errorDetail?.name === 'InputError') this.errorDetail = null; // it was about the media that left
    this.newPicture();
    if (!next) return;
    this.resizeObserver?.observe(next);
    if (next instanceof HTMLVideoElement) {
      next.addEventListener('resize', this.onVideoResize);
      next.addEventListener('emptied', this.onVideoEmptied);
      this.loop.start(next);
    } else if (next instanceof HTMLImageElement) {
      next.addEventListener('load', this.onImageLoad);
      next.addEventListener('error', this.onImageError);
      if (next.complete && next.naturalWidth > 0) void this.detectMedia();
    } else {
      if (source && !(source instanceof HTMLVideoElement)) void this.showSource(source);
      else void this.detectMedia();
    }
  }

  private detachMedia(): void {
    const media = this.media;
    this.loop.stop();
    if (!media) return;
    this.resizeObserver?.unobserve(media);
    media.removeEventListener('load', this.onImageLoad);
    media.removeEventListener('error', this.onImageError);
    media.removeEventListener('resize', this.onVideoResize);
    media.removeEventListener('emptied', this.onVideoEmptied);
    this.media = null;
  }

  private onSlotChange(): void {
    if (!this.cameraVideo && !this.source) this.attachMedia();
  }

  private displayCanvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector('canvas.media') as HTMLCanvasElement;
  }

  /** Shows an image-like `source` in the internal canvas, then detects on it. */
  private async showSource(source: DetectSource): Promise<void> {
    const canvas = this.displayCanvas();
    if (!canvas) return;
    const picture = this.picture;
    try {
      const bitmap =
        source instanceof ImageBitmap || (typeof VideoFrame !== 'undefined' && source instanceof VideoFrame)
          ? source
          : await createImageBitmap(source as ImageBitmapSource);
      if (picture !== this.picture) {
        // a newer source was set while this one was decoded (a large image decodes slower): it must not draw over it
        if (bitmap !== source) (bitmap as ImageBitmap).close();
        return;
      }
      const { width, height } = sourceSize(bitmap);
      canvas.width = width;
      canvas.height = height;
      canvas.getContext('2d')?.drawImage(bitmap as CanvasImageSource, 0, 0);
      if (bitmap !== source) (bitmap as ImageBitmap).close();
    } catch (cause) {
      this.showError(new InputError(`The source could not be drawn (${(cause as Error).message}).`, { cause }));
      return;
    }
    await this.detectMedia();
  }

  private async updateCamera(): Promise<void> {
    if (this.camera) {
      try {
        const stream = await openCamera();
        if (!this.camera) return closeCamera(stream);
        this.cameraStream = stream;
        await this.updateComplete;
        const video = this.renderRoot.querySelector('video.camera') as HTMLVideoElement;
        video.srcObject = stream;
        await video.play().catch(() => undefined);
        this.cameraVideo = video;
        this.attachMedia();
      } catch (error) {
        // the attribute says what is on: no camera, no attribute (and setting it again retries; issue 14, bug 3)
        this.camera = false;
        this.showError(error);
      }
    } else if (this.cameraStream || this.cameraVideo) {
      closeCamera(this.cameraStream);
      this.cameraStream = null;
      this.cameraVideo = null;
      this.attachMedia();
    }
  }

  // ---- detection -----------------------------------------------------------------------------

  /** FrameLoopHost: detects the current video frame (errors are shown, never thrown). */
  async processFrame(video: HTMLVideoElement): Promise<void> {
    await this.detectMedia(video);
  }

  /** FrameLoopHost: frames skipped by latest-wins. */
  framesDropped(count: number): void {
    this.perf.recordDropped(count);
  }

  /** Detects on the current media and shows the result; reports errors instead of throwing. */
  private async detectMedia(media: Media | null = this.media): Promise<void> {
    if (!media || !this.detector) return;
    const token = ++this.frameToken;
    const picture = this.picture;
    try {
      const result = await this.detector.detect(media);
      if (media !== this.media || picture !== this.picture) return; // the media (or its picture) changed meanwhile
      this.show(result, media, token);
    } catch (error) {
      if (!isAbortError(error)) this.showError(error);
    }
  }

  /**
   * Detects objects in one frame: `source` when given, else the current media. Resolves with the
   * FrameResult (also emitted as `yolo-detections`).
   */
  async detect(source?: DetectSource): Promise<FrameResult> {
    let detector = await this.whenReady();
    const target = source ?? this.media ?? this.slotMedia();
    if (!target) {
      throw new InputError('No media to detect on: slot an <img>, <video> or <canvas>, set `source`, or pass one to detect().');
    }
    try {
      let result: FrameResult;
      try {
        result = await detector.detect(target);
      } catch (error) {
        // a model swap disposed the detector mid-call: run the frame on the new one
        if (!isAbortError(error) || !this.detector || this.detector === detector) throw error;
        detector = this.detector;
        result = await detector.detect(target);
      }
      this.show(result, target, ++this.frameToken);
      return result;
    } catch (error) {
      if (!isAbortError(error)) this.showError(error);
      throw error;
    }
  }

  /**
   * Processes every frame of a video file in the worker (not real-time bound). Emits `yolo-progress`
   * with phase 'video' and `yolo-detections` per frame; resolves with the whole VideoResult.
   */
  async processVideo(file: Blob, options: ProcessVideoOptions = {}): Promise<VideoResult> {
    const detector = await this.whenReady();
    this.perf.markMedia(`video file ${(file as File).name ?? ''}`.trim());
    try {
      return await detector.processVideo(file, {
        ...options,
        onProgress: (p) => {
          emit(this, 'yolo-progress', { phase: 'video', done: p.done, total: p.total });
          options.onProgress?.(p);
        },
        onFrame: (frame) => {
          const result = { ...frame, labels: this.labelList() };
          emit(this, 'yolo-detections', result);
          options.onFrame?.(result);
        },
      });
    } catch (error) {
      if (!isAbortError(error)) this.showError(error);
      throw error;
    } finally {
      if (this.media) this.markMediaSegment(this.media);
    }
  }

  /** Stops the camera and frame loop and frees the worker and its model. */
  dispose(): void {
    this.disposed = true;
    this.disposals++;
    this.loadToken++;
    this.loadController?.abort();
    this.detachMedia();
    closeCamera(this.cameraStream);
    this.cameraStream = null;
    this.cameraVideo = null;
    this.detector?.dispose();
    this.detector = null;
    this.status = 'idle';
    // calls waiting for a model settle: cancelled, like the load they waited for
    this.rejectReady(abortError('The <yolo-detector> was disposed before its model was ready.'));
    this.ready = this.newReadyPromise();
  }

  private show(result: FrameResult, target: DetectSource | Media, token: number): void {
    const labelled = { ...result, labels: this.labelList() };
    // frames in flight come back in order; a newer frame drawn already (a detect() call) wins
    if (target === this.media && token > this.shownToken) {
      this.shownToken = token;
      this.lastResult = labelled;
      this.lastSize = sourceSize(target);
      if (this.trails && labelled.detections.trackIds) this.trackTrails.add(labelled.detections);
      // a good frame clears a frame's error (InputError, VideoDecodeError, WorkerCrashedError…); a failed
      // model load stays up (with "Still using …") until a load succeeds or it is dismissed
      if (this.errorDetail && !this.loadError && !this.stillUsing) this.errorDetail = null;
      this.redraw();
      this.describe(target instanceof HTMLVideoElement);
    }
    emit(this, 'yolo-detections', labelled);
  }

  /** New media or tracking switched: the old tracks (worker) and trails (here) mean nothing now. */
  private forgetTracks(): void {
    this.detector?.resetTracks();
    this.trackTrails.clear();
  }
  /** Hides the error message shown in the element (the next error shows again). */
  readonly dismissError = (): void => {
    this.errorDetail = null;
    this.stillUsing = '';
  };

  private showError(error: unknown): void {
    const e = error as Error;
    const detail = { name: e?.name || 'Error', message: e?.message || String(error) };
    this.errorDetail = detail;
    emit(this, 'yolo-error', detail);
  }

  // ---- drawing -------------------------------------------------------------------------------

  private overlayStyle(): OverlayStyle {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const colors = read('--yolo-colors', '');
    return {
      lineWidth: parseFloat(read('--yolo-box-width', '2')) || 2,
      font: read('--yolo-label-font', '600 12px system-ui, sans-serif'),
      labelColor: read('--yolo-label-color', 'auto'),
      palette: colors ? splitColors(colors) : undefined,
      showScores: true,
      labels: this.labelMode === 'all' || this.labelMode === 'none' ? this.labelMode : 'auto',
      classes: this.classFilter(),
    };
  }

  private classFilter(): Set<number> | null {
    return this.showClasses ? parseClassFilter(this.showClasses, this.labelList()) : null;
  }

  /** Refreshes the text alternative now (or after the throttle: a video must not flood screen readers). */
  private describe(throttled = false): void {
    if (throttled && this.describeTimer) return;
    clearTimeout(this.describeTimer);
    this.describeTimer = 0;
    const update = () => {
      this.described = describeDetections(this.lastResult, this.classFilter());
    };
    if (!throttled) return update();
    update();
    this.describeTimer = window.setTimeout(() => {
      this.describeTimer = 0;
      update();
    }, DESCRIBE_VIDEO_MS);
  }

  /** Redraws the last detections over the media as it is displayed now (object-fit, size, DPR). */
  private redraw(): void {
    const canvas = this.renderRoot?.querySelector('canvas.overlay') as HTMLCanvasElement | null;
    const stage = this.renderRoot?.querySelector('.stage') as HTMLElement | null;
    if (!canvas || !stage) return;
    const media = this.media;
    const stageBox = stage.getBoundingClientRect();
    let content = { x: 0, y: 0, width: stageBox.width, height: stageBox.height };
    if (media) {
      const box = media.getBoundingClientRect();
      const css = getComputedStyle(media);
      const { width, height } = this.lastSize.width > 0 ? this.lastSize : sourceSize(media);
      const inner = contentRect(width, height, box.width, box.height, (css.objectFit || 'fill') as ObjectFit, css.objectPosition);
      content = { x: box.left - stageBox.left + inner.x, y: box.top - stageBox.top + inner.y, width: inner.width, height: inner.height };
    }
    const result = this.lastResult; // reset whenever the media changes, so it is this media's
    const style = this.overlayStyle();
    drawDetections(
      canvas,
      stageBox.width,
      stageBox.height,
      content,
      this.lastSize.width,
      this.lastSize.height,
      result?.detections ?? null,
      result?.labels ?? [],
      style,
    );
    if (this.trails && this.trackTrails.size > 0) {
      this.trackTrails.draw(canvas, content, this.lastSize.width, this.lastSize.height, Math.max(1, style.lineWidth - 0.5), style.palette);
    }
    const info = this.detector?.info;
    if (this.showTiles && result && result.tiles > 1 && info) {
      try {
        const plan = planTiles(this.lastSize.width, this.lastSize.height, info.inputWidth, info.inputHeight, this.tilingOption());
        drawTileGrid(canvas, content, this.lastSize.width, this.lastSize.height, plan.tiles, 'rgba(255, 255, 255, 0.55)');
      } catch {
        // a bad tiling option is already shown as an error
      }
    }
  }

  override render() {
    const usesSourceCanvas = this.source !== null && !(this.source instanceof HTMLVideoElement);
    const error = this.errorDetail;
    // with no media (or an image that failed to load) the stage has no size: a message laid over it
    // would be squeezed to a sliver
    const noPicture = this.media === null || (this.media instanceof HTMLImageElement && this.media.naturalWidth === 0);
    // under the media when a model still detects (the picture stays visible), or when there is no picture to lay it over
    const errorBelow = error !== null && (this.stillUsing !== '' || noPicture);
    const statusClass = noPicture ? 'status below' : 'status';
    return html`
      <div part="stage" class="stage">
        <slot @slotchange=${this.onSlotChange}></slot>
        ${this.camera ? html`<video class="media camera" muted playsinline autoplay></video>` : nothing}
        ${usesSourceCanvas ? html`<canvas class="media"></canvas>` : nothing}
        <canvas part="overlay" class="overlay" aria-hidden="true"></canvas>
        <div class="visually-hidden" role="status" aria-live="polite">${this.described.summary}</div>
        ${this.described.items.length
          ? html`<ul part="detection-list" class="visually-hidden" aria-label="Detections">${this.described.items.map((item) => html`<li>${item}</li>`)}</ul>`
          : nothing}
        ${this.status === 'loading'
          ? html`<div part="status" class=${statusClass} role="status">Loading model${this.loadPercent ? ` ${this.loadPercent}%` : '…'}</div>`
          : nothing}
        ${error && !errorBelow ? html`<div part="error" class="error" role="alert">${error.name}: ${error.message}</div>` : nothing}
      </div>
      ${errorBelow
        ? html`<div part="error" class="error below" role="alert">
            <span>${error.name}: ${error.message}${this.stillUsing ? html` <b>Still using ${this.stillUsing}.</b>` : nothing}</span>
            <button type="button" class="dismiss" aria-label="Dismiss" @click=${this.dismissError}>×</button>
          </div>`
        : nothing}
      ${this.showPerf ? html`<yolo-perf-panel part="perf" .log=${this.perf} .info=${this.info}></yolo-perf-panel>` : nothing}
    `;
  }
}
