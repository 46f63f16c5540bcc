// The live frame loop of a <video> (file or camera), pipelined (issue 15): up to `depth` frames are in
// flight, so the next frame is captured and sent while the worker runs the current one (the worker runs
// them in order) and the worker never waits for the page. Never a queue: while `depth` frames are in
// flight, newer frames only raise a flag; when a result is back, the newest frame is taken at once
// (latest wins) and the frames skipped in between are reported as dropped. A frame therefore waits
// behind at most `depth - 1` others, so latency stays bounded. A result that comes back while another
// frame is still in flight means the worker is preparing that frame right now: the next capture waits
// `staggerMs` so the page's capture does not land on the worker's preprocessing (measured under load:
// the worker's preprocessing went from 5.5 to 36 ms when the two met, and back to 7 ms with a 4 ms stagger).

/** Frames the loop keeps in flight by default: one in the worker, the next one captured and waiting. */
export const DEFAULT_FRAMES_IN_FLIGHT = 2;

/** How long a capture waits after a result when another frame is in flight (see above). */
export const CAPTURE_STAGGER_MS = 4;

/** What the loop asks of its owner. */
export interface FrameLoopHost {
  /** Detects the video's current frame (captures it synchronously, before its first await). */
  processFrame(video: HTMLVideoElement): Promise<void>;
  /** Frames that were presented but skipped because a newer one replaced them. */
  framesDropped(count: number): void;
  /** True while detection should pause (paused attribute, off-screen, hidden page). */
  readonly blocked: boolean;
}

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (callback: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Drives detection over a video element's frames (requestVideoFrameCallback, else requestAnimationFrame). */
export class FrameLoop {
  private video: VideoWithFrameCallback | null = null;
  private handle = 0;
  private usesVideoCallback = false;
  private active = 0; // frames in flight (of any video: a frame of the previous one still counts until it settles)
  private waiting = 0; // frames presented while `depth` were in flight
  private lastTime = -1;
  private holds = 0; // staggers running: frames presented meanwhile wait
  private readyWait: HTMLVideoElement | null = null; // a video whose frame came before its readyState said so
  /** Most frames in flight: 1 runs strictly one after the other (the serial baseline), 2 pipelines. */
  depth: number;

  constructor(
    private readonly host: FrameLoopHost,
    depth = DEFAULT_FRAMES_IN_FLIGHT,
    /** Wait before a capture that follows a result while another frame is in flight (0: none). */
    private readonly staggerMs = CAPTURE_STAGGER_MS,
  ) {
    this.depth = depth;
  }

  /** True while a video is attached. */
  get running(): boolean {
    return this.video !== null;
  }

  /** Frames sent and not yet settled. */
  get inFlight(): number {
    return this.active;
  }

  /** Starts following `video`'s frames (stops following any previous one). */
  start(video: HTMLVideoElement): void {
    this.stop();
    this.video = video as VideoWithFrameCallback;
    this.usesVideoCallback = typeof this.video.requestVideoFrameCallback === 'function';
    this.lastTime = -1;
    this.waiting = 0; // frames skipped of the previous video are not this one's
    this.schedule();
    this.tick(); // the frame on screen now counts too (e.g. a paused video)
  }

  /** Stops following frames; frames in flight still complete. */
  stop(): void {
    const video = this.video;
    this.video = null;
    if (!video) return;
    if (this.usesVideoCallback) video.cancelVideoFrameCallback?.(this.handle);
    else cancelAnimationFrame(this.handle);
  }

  /** Re-checks after `blocked` turned false (unpaused, visible again). */
  resume(): void {
    this.lastTime = -1;
    this.tick();
  }

  private schedule(): void {
    const video = this.video;
    if (!video) return;
    this.handle = this.usesVideoCallback
      ? video.requestVideoFrameCallback!(this.onFrame)
      : requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (): void => {
    this.schedule();
    this.tick(true);
  };

  /** `presented`: called for a frame the video just presented (its frame callback), which must not be lost. */
  private tick(presented = false): void {
    const video = this.video;
    if (!video || this.host.blocked) return;
    if (video.readyState < 2) {
      if (presented) this.tickWhenReady(video);
      return;
    }
    // requestAnimationFrame fires per display refresh: only a new media time is a new frame
    if (!this.usesVideoCallback && video.currentTime === this.lastTime) return;
    if (this.holds > 0 || this.active >= Math.max(1, this.depth)) {
      this.waiting++;
      return;
    }
    void this.run(video);
  }

  private async run(video: HTMLVideoElement): Promise<void> {
    this.active++;
    this.lastTime = video.currentTime;
    try {
      await this.host.processFrame(video);
    } finally {
      this.active--;
    }
    if (this.active > 0 && this.staggerMs > 0) {
      this.holds++;
      await new Promise((resolve) => setTimeout(resolve, this.staggerMs));
      this.holds--;
    }
    this.runWaiting();
  }

  /**
   * Ticks again once `video` has data. A paused video presents the frame a seek lands on (its frame
   * callback fires) a moment before its readyState leaves HAVE_METADATA: without this, that frame was
   * skipped and no other came (measured: 1-4 of 5 seeks detected).
   */
  private tickWhenReady(video: HTMLVideoElement): void {
    if (this.readyWait === video) return;
    this.readyWait = video;
    const again = () => {
      video.removeEventListener('seeked', again);
      video.removeEventListener('loadeddata', again);
      if (this.readyWait === video) this.readyWait = null;
      if (this.video === video) this.tick();
    };
    video.addEventListener('seeked', again);
    video.addEventListener('loadeddata', again);
  }

  /** Takes the newest frame if frames were presented while none could start; the ones before it were skipped. */
  private runWaiting(): void {
    if (this.waiting === 0 || this.holds > 0) return;
    if (this.waiting > 1) this.host.framesDropped(this.waiting - 1);
    this.waiting = 0;
    const current = this.video;
    if (!current || this.host.blocked || current.readyState < 2 || current.currentTime === this.lastTime) return;
    if (this.active < Math.max(1, this.depth)) void this.run(current);
  }
}
