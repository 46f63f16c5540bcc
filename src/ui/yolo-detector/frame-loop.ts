// The live frame loop of a <video> (file or camera): one frame in the worker at a time, never a queue.
// While a frame is being detected, newer frames only raise a flag; when the result is back, the newest
// frame is taken at once (latest wins) and the frames skipped in between are reported as dropped.

/** What the loop asks of its owner. */
export interface FrameLoopHost {
  /** Detects the video's current frame. */
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
  private busy = false;
  private waiting = 0; // frames presented while busy
  private lastTime = -1;

  constructor(private readonly host: FrameLoopHost) {}

  /** True while a video is attached. */
  get running(): boolean {
    return this.video !== null;
  }

  /** Starts following `video`'s frames (stops following any previous one). */
  start(video: HTMLVideoElement): void {
    this.stop();
    this.video = video as VideoWithFrameCallback;
    this.usesVideoCallback = typeof this.video.requestVideoFrameCallback === 'function';
    this.lastTime = -1;
    this.schedule();
    this.tick(); // the frame on screen now counts too (e.g. a paused video)
  }

  /** Stops following frames; a frame in flight still completes. */
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
    this.tick();
  };

  private tick(): void {
    const video = this.video;
    if (!video || this.host.blocked || video.readyState < 2) return;
    // requestAnimationFrame fires per display refresh: only a new media time is a new frame
    if (!this.usesVideoCallback && video.currentTime === this.lastTime) return;
    if (this.busy) {
      this.waiting++;
      return;
    }
    void this.run(video);
  }

  private async run(video: HTMLVideoElement): Promise<void> {
    this.busy = true;
    this.lastTime = video.currentTime;
    try {
      await this.host.processFrame(video);
    } finally {
      this.busy = false;
    }
    if (this.waiting > 0) {
      // the newest frame is processed now; the ones before it were skipped
      if (this.waiting > 1) this.host.framesDropped(this.waiting - 1);
      this.waiting = 0;
      if (this.video === video && !this.host.blocked && video.currentTime !== this.lastTime) void this.run(video);
    }
  }
}
