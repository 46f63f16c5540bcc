// The performance log: every frame's stage times, kept for the panel, percentiles and CSV export.
// DOM-free; listeners are told after each record and decide themselves how often to repaint.

import type { StageTimings } from '../worker/api.js';
import { PerfSegments, type PerfSegment, type PerfSegmentKey } from './perf-segments.js';
import { csvCell } from './csv-cell.js';

/** One frame in the log. */
export interface PerfEntry extends StageTimings {
  /** Frame index. */
  frame: number;
  /** performance.now() when the result arrived on the main thread. */
  time: number;
  /** Main-thread time from the call to the result (includes the worker hop and frame capture). */
  roundTripMs: number;
  /** Number of detections. */
  detections: number;
  /** Id of the segment (model, backend, media) the frame belongs to: give the one current when the frame was captured, else the log sets the current one. */
  segment?: number;
  /** Model runs spent on the frame (tiles plus the full frame; 1 without tiling). */
  tiles?: number;
}

/** p50 / p95 / last of one stage over the rolling window. */
export interface StageStats {
  last: number;
  p50: number;
  p95: number;
}

/** What the panel shows. */
export interface PerfSummary {
  /** Frames logged in total (the warm-up frame included). */
  frames: number;
  /** Frames the live loop skipped because a newer one replaced them (latest wins), in the current segment. */
  dropped: number;
  /** Frames per second over the rolling window. */
  fps: number;
  preprocess: StageStats;
  inference: StageStats;
  postprocess: StageStats;
  total: StageStats;
  roundTrip: StageStats;
  /** Tracker time, when frames in the window were tracked. */
  track?: StageStats;
  /** The first frame after a model load, shown apart: it pays for warm-up. */
  firstFrame?: PerfEntry;
  /** The current segment: the stats above cover only its frames. */
  segment: PerfSegment;
  /** Model runs per frame (tiles plus the full frame; 1 without tiling). */
  tiles: StageStats;
  /** Inference time per model run (inference / tiles): what one tile costs. */
  inferencePerTile: StageStats;
}

const STAGES = ['preprocessMs', 'inferenceMs', 'postprocessMs', 'totalMs', 'roundTripMs'] as const;

function stats(values: number[]): StageStats {
  if (values.length === 0) return { last: 0, p50: 0, p95: 0 };
  const last = values[values.length - 1];
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1))];
  return { last, p50: at(0.5), p95: at(0.95) };
}

/** A text cell: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvText(value = ''): string {
  return csvCell(value); // names come from files and models: neutralised against formula injection (issue 16)
}

/** Frame timings of one detector; `summary()` for the live view, `toCSV()` for the whole log. */
export class PerfLog {
  /** Entries kept (the oldest are dropped beyond `capacity`). */
  readonly entries: PerfEntry[] = [];
  /** First frame after the latest model load. */
  firstFrame: PerfEntry | undefined;
  /** Frames skipped by the live loop. */
  dropped = 0;
  /** Runs of frames by model, backend and media; percentiles never mix two segments. */
  readonly segments = new PerfSegments();
  private firstPending = true;
  private readonly listeners = new Set<(log: PerfLog) => void>();

  constructor(
    /** Most entries kept for export. */
    readonly capacity = 100_000,
    /** Frames in the rolling window of `summary()`. */
    readonly window = 120,
  ) {}

  /** Adds one frame's timings. */
  record(entry: PerfEntry): void {
    entry.segment = this.segments.count(entry.segment);
    // a frame still in flight from before the load is not the new model's warm-up frame
    if (this.firstPending && entry.segment === this.segments.current.id) {
      this.firstFrame = entry;
      this.firstPending = false;
    }
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.notify();
  }

  /** Counts frames the live loop skipped. */
  recordDropped(count = 1): void {
    this.dropped += count;
    this.segments.current.dropped += count;
    this.notify();
  }

  /**
   * Marks a model (re)load: the next frame is reported as the warm-up frame, and frames from now on
   * form a new segment when the model or backend differs.
   */
  markModelLoad(model?: Pick<PerfSegmentKey, 'model' | 'backend'>): void {
    this.firstPending = true;
    if (model) this.segments.change(model);
  }

  /** Marks a change of media (a new photo, video, camera, file): a new segment starts. */
  markMedia(media: string): void {
    if (this.segments.change({ media })) this.notify();
  }

  /** Removes every entry and counter. */
  clear(): void {
    this.entries.length = 0;
    this.firstFrame = undefined;
    this.dropped = 0;
    this.firstPending = true;
    this.segments.reset();
    this.notify();
  }

  /** Percentiles over the last `window` frames (the warm-up frame excluded when others exist) and the frame rate. */
  summary(): PerfSummary {
    const segment = this.segments.current;
    const window = this.entries.slice(-this.window).filter((e) => e.segment === segment.id);
    // the warm-up frame is shown apart, unless it is all there is (a single photo)
    const recent = window.length > 1 ? window.filter((e) => e !== this.firstFrame) : window;
    const column = (key: (typeof STAGES)[number]) => recent.map((e) => e[key]);
    let fps = 0;
    if (recent.length >= 2) {
      const span = recent[recent.length - 1].time - recent[0].time;
      fps = span > 0 ? ((recent.length - 1) * 1000) / span : 0;
    }
    const tracked = recent.filter((e) => e.trackMs !== undefined).map((e) => e.trackMs as number);
    return {
      ...(tracked.length > 0 ? { track: stats(tracked) } : {}),
      frames: this.entries.length,
      dropped: segment.dropped,
      fps,
      preprocess: stats(column('preprocessMs')),
      inference: stats(column('inferenceMs')),
      postprocess: stats(column('postprocessMs')),
      total: stats(column('totalMs')),
      roundTrip: stats(column('roundTripMs')),
      firstFrame: this.firstFrame?.segment === segment.id ? this.firstFrame : undefined,
      segment,
      tiles: stats(recent.map((e) => e.tiles ?? 1)),
      inferencePerTile: stats(recent.map((e) => e.inferenceMs / (e.tiles ?? 1))),
    };
  }

  /** The whole log as CSV (one row per frame, times in ms, with the segment's model, backend and media). */
  toCSV(): string {
    const header = 'segment,model,backend,media,frame,time_ms,preprocess_ms,inference_ms,postprocess_ms,total_ms,round_trip_ms,detections,warmup';
    const rows = this.entries.map((e) => {
      const seg = this.segments.byId(e.segment ?? 0);
      return [e.segment ?? 0, csvText(seg?.model), csvText(seg?.backend), csvText(seg?.media), e.frame, e.time.toFixed(1), ...STAGES.map((k) => e[k].toFixed(3)), e.detections, e === this.firstFrame ? 1 : 0].join(',');
    });
    return [header, ...rows].join('\n') + '\n';
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (log: PerfLog) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this);
  }
}
