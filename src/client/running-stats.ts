// Whole-session statistics of one series in O(1) memory: count, mean, standard deviation (Welford's
// update, stable over millions of values), min and max (issue 16: the perf log keeps a bounded window,
// and these cover everything before it too).

/** What `RunningStats` reports. */
export interface SeriesStats {
  /** Values seen. */
  count: number;
  /** Their mean (0 when none). */
  mean: number;
  /** Their population standard deviation (0 when fewer than 2). */
  stdev: number;
  /** Smallest value (0 when none). */
  min: number;
  /** Largest value (0 when none). */
  max: number;
}

/** Running count, mean, standard deviation, min and max of a series. */
export class RunningStats {
  private n = 0;
  private m = 0;
  private s = 0; // sum of squared deviations from the running mean
  private lo = Infinity;
  private hi = -Infinity;

  /** Adds one value (non-finite values are ignored). */
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.n++;
    const delta = value - this.m;
    this.m += delta / this.n;
    this.s += delta * (value - this.m);
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  /** The statistics so far. */
  stats(): SeriesStats {
    if (this.n === 0) return { count: 0, mean: 0, stdev: 0, min: 0, max: 0 };
    return { count: this.n, mean: this.m, stdev: Math.sqrt(this.s / this.n), min: this.lo, max: this.hi };
  }

  /** Forgets every value. */
  reset(): void {
    this.n = 0;
    this.m = 0;
    this.s = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}
