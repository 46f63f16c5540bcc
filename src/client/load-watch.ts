// A model load that stops making progress: onnxruntime-web's threaded build has been reported to never
// finish starting or creating a session on some devices and pages (onnxruntime issue 26858; Chrome on
// an iPhone under cross-origin isolation), with no error: the page would wait forever. The
// detector watches its load: each download chunk is progress; when none comes for `limitMs`, the load
// counts as stalled, the worker is stopped, and the load fails or is tried once more on one thread.

/** How long a model load may go without progress by default, in ms (download chunks reset it). */
export const DEFAULT_LOAD_STALL_MS = 60_000;

/** Calls `onStall` once `limitMs` pass without `touch()`; `limitMs` <= 0 never calls it. */
export class StallWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly limitMs: number,
    private readonly onStall: () => void,
  ) {
    this.touch();
  }

  /** Progress was made: the limit starts again. */
  touch(): void {
    clearTimeout(this.timer);
    if (this.stopped || !(this.limitMs > 0)) return;
    this.timer = setTimeout(() => {
      this.stopped = true;
      this.onStall();
    }, this.limitMs);
  }

  /** The load settled: never call `onStall`. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
