// The perf log's bounded window: the last `capacity` frames as numbers in one Float64Array ring, made
// once (on the first frame) and never grown, so a session of any length holds the same memory and a
// frame is recorded without allocating (issue 16: the log used to keep up to 100,000 entry objects).

import type { PerfEntry } from './perf-log.js';

/** The PerfEntry fields stored per frame, in column order (a new numeric PerfEntry field goes here too). */
const FIELDS = ['frame', 'time', 'preprocessMs', 'inferenceMs', 'postprocessMs', 'totalMs', 'roundTripMs', 'detections'] as const;
/** Optional fields: stored as NaN when absent, given back as absent. */
const OPTIONAL = ['segment', 'tiles', 'trackMs'] as const;
const WIDTH = FIELDS.length + OPTIONAL.length;

/** The newest `capacity` PerfEntries, oldest dropped first. */
export class PerfWindow {
  private rows: Float64Array | null = null; // capacity x WIDTH, allocated on the first push
  private start = 0;
  private size = 0;

  constructor(
    /** Most frames kept. */
    readonly capacity: number,
  ) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
  }

  /** Frames held now (at most `capacity`). */
  get length(): number {
    return this.size;
  }

  /** Adds one frame; when full, the oldest is dropped. */
  push(entry: PerfEntry): void {
    const rows = (this.rows ??= new Float64Array(this.capacity * WIDTH));
    let slot: number;
    if (this.size < this.capacity) slot = (this.start + this.size++) % this.capacity;
    else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    const o = slot * WIDTH;
    for (let k = 0; k < FIELDS.length; k++) rows[o + k] = entry[FIELDS[k]];
    for (let k = 0; k < OPTIONAL.length; k++) rows[o + FIELDS.length + k] = entry[OPTIONAL[k]] ?? NaN;
  }

  /** The frame `i` places from the oldest held (0 = oldest), as a new PerfEntry. */
  at(i: number): PerfEntry | undefined {
    if (!this.rows || i < 0 || i >= this.size) return undefined;
    const o = ((this.start + i) % this.capacity) * WIDTH;
    const r = this.rows;
    const entry: PerfEntry = {
      frame: r[o],
      time: r[o + 1],
      preprocessMs: r[o + 2],
      inferenceMs: r[o + 3],
      postprocessMs: r[o + 4],
      totalMs: r[o + 5],
      roundTripMs: r[o + 6],
      detections: r[o + 7],
    };
    for (let k = 0; k < OPTIONAL.length; k++) {
      const v = r[o + FIELDS.length + k];
      if (!Number.isNaN(v)) entry[OPTIONAL[k]] = v;
    }
    return entry;
  }

  /** The newest `n` frames (all when n is larger), oldest first. */
  last(n: number = this.size): PerfEntry[] {
    const count = Math.max(0, Math.min(n, this.size));
    const out: PerfEntry[] = [];
    for (let i = this.size - count; i < this.size; i++) out.push(this.at(i)!);
    return out;
  }

  /** Drops every frame (the storage is kept for reuse). */
  clear(): void {
    this.start = 0;
    this.size = 0;
  }
}
