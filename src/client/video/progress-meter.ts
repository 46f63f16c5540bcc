// Progress of a video job from the frames that arrived: done / total, rate so far, time left.

import type { VideoProgress } from '../../worker/api.js';

/** Counts processed frames of one job and turns them into VideoProgress. */
export class ProgressMeter {
  private done = 0;

  constructor(
    /** Frames the job will process. */
    readonly total: number,
    /** performance.now() when the job started. */
    private readonly startedAt: number,
  ) {}

  /** Records one more finished frame at time `now` (ms) and returns the progress. */
  tick(now: number): VideoProgress {
    this.done++;
    const seconds = (now - this.startedAt) / 1000;
    const framesPerSecond = seconds > 0 ? this.done / seconds : 0;
    const left = Math.max(0, this.total - this.done);
    return { done: this.done, total: this.total, framesPerSecond, etaSeconds: framesPerSecond > 0 ? left / framesPerSecond : 0 };
  }
}
