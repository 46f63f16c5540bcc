// The performance log: every frame's stage times, kept for the panel, percentiles and CSV export.
// DOM-free; listeners are told after each record and decide themselves how often to repaint.
// Memory is bounded (issue 16): the frames themselves are kept in a fixed window (perf-window.ts), and
// whole-session statistics are running sums (running-stats.ts), O(1) however long the session.

import type { StageTimings } from '../worker/api.js';
import { PerfSegments, type PerfSegment, type PerfSegmentKey } from './perf-segments.js';
import { csvCell } from './csv-cell.js';
import { PerfWindow } from './perf-window.js';
import { RunningStats, type SeriesStats } from './running-stats.js';

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
  /** The newest frame's value, ms. */
  last: number;
  /** Median and 95th percentile over the window, ms. */
  p50: number;
  p95: number;
}

/** Statistics over every frame of the session, not just the kept window (O(1) memory). */
export interface SessionSummary {
  /** Frames logged since the log was made or cleared (warm-up frames included). */
  frames: number;
  /** Frames still held in the window (the newest ones; the CSV export has these). */
  kept: number;
  /** Detections over all frames. */
  detections: number;
  /** performance.now() of the first and of the latest frame. */
  firstTime: number;
  lastTime: number;
  /** Per stage over every frame of the session: count, mean, standard deviation, min, max (ms). */
  preprocess: SeriesStats;
  inference: SeriesStats;
  postprocess: SeriesStats;
  total: SeriesStats;
  roundTrip: SeriesStats;
}

/** What the panel shows. */
export interface PerfSummary {
  /** Frames logged in total (the warm-up frame included), also those no longer in the window. */
  frames: number;
  /** Frames the live loop skipped because a newer one replaced them (latest wins), in the current segment. */
  dropped: number;
  /** Frames per second over the rolling window. */
  fps: number;
  /** Per stage over the window (the current segment's frames only), ms. */
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
  /** Whole-session statistics (count, mean, stdev, min, max per stage), every segment together. */
  session: SessionSummary;
}

const STAGES = ['preprocessMs', 'inferenceMs', 'postprocessMs', 'totalMs', 'roundTripMs'] as const;
const STAGE_NAMES = ['preprocess', 'inference', 'postprocess', 'total', 'roundTrip'] as const;

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
  /** First frame after the latest model load. */
  firstFrame: PerfEntry | undefined;
  /** Frames skipped by the live loop. */
  dropped = 0;
  /** Runs of frames by model, backend and media; percentiles never mix two segments. */
  readonly segments = new PerfSegments();
  private firstPending = true;
  private readonly listeners = new Set<(log: PerfLog) => void>();
  private readonly frameWindow: PerfWindow;
  private readonly stages = STAGES.map(() => new RunningStats());
  private sessionFrames = 0;
  private sessionDetections = 0;
  private firstTime = 0;
  private lastTime = 0;

  constructor(
    /** Most frames kept for the panel and the CSV export (the newest; about 5 minutes at 30 fps). */
    readonly capacity = 10_000,
    /** Frames in the rolling window of `summary()`. */
    readonly window = 120,
  ) {
    this.frameWindow = new PerfWindow(capacity);
  }

  /** The frames kept (at most `capacity`, the newest), oldest first; a new array of copies each time. */
  get entries(): PerfEntry[] {
    return this.frameWindow.last();
  }

  /** Frames held in the window now (at most `capacity`). */
  get kept(): number {
    return this.frameWindow.length;
  }

  /** The newest `n` frames kept, oldest first (copies; cheaper than `entries` when n is small). */
  recent(n: number): PerfEntry[] {
    return this.frameWindow.last(n);
  }

  /** Whether `e` (a copy from the window) is the warm-up frame. */
  private isFirstFrame(e: PerfEntry): boolean {
    const f = this.firstFrame;
    return f !== undefined && e.frame === f.frame && e.time === f.time && e.segment === f.segment;
  }

  /** Adds one frame's timings. */
  record(entry: PerfEntry): void {
    entry.segment = this.segments.count(entry.segment);
    // a frame still in flight from before the load is not the new model's warm-up frame
    if (this.firstPending && entry.segment === this.segments.current.id) {
      this.firstFrame = entry;
      this.firstPending = false;
    }
    this.frameWindow.push(entry);
    if (this.sessionFrames++ === 0) this.firstTime = entry.time;
    this.lastTime = entry.time;
    this.sessionDetections += entry.detections;
    for (let k = 0; k < STAGES.length; k++) this.stages[k].add(entry[STAGES[k]]);
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

  /**
   * Marks a change of media (a new photo, video, camera, file): a new segment starts when its name
   * changes, or its `source` (e.g. the URL shown) when given, so that two photos of the same name do
   * not share one.
   */
  markMedia(media: string, source?: string): void {
    if (this.segments.change({ media }, source)) this.notify();
  }

  /** Removes every entry and counter. */
  clear(): void {
    this.frameWindow.clear();
    for (const s of this.stages) s.reset();
    this.sessionFrames = 0;
    this.sessionDetections = 0;
    this.firstTime = 0;
    this.lastTime = 0;
    this.firstFrame = undefined;
    this.dropped = 0;
    this.firstPending = true;
    this.segments.reset();
    this.notify();
  }

  /** Percentiles over the last `window` frames (the warm-up frame excluded when others exist) and the frame rate. */
  summary(): PerfSummary {
    const segment = this.segments.current;
    const window = this.frameWindow.last(this.window).filter((e) => e.segment === segment.id);
    // the warm-up frame is shown apart, unless it is all there is (a single photo)
    const recent = window.length > 1 ? window.filter((e) => !this.isFirstFrame(e)) : window;
    const column = (key: (typeof STAGES)[number]) => recent.map((e) => e[key]);
    let fps = 0;
    if (recent.length >= 2) {
      const span = recent[recent.length - 1].time - recent[0].time;
      fps = span > 0 ? ((recent.length - 1) * 1000) / span : 0;
    }
    const tracked = recent.filter((e) => e.trackMs !== undefined).map((e) => e.trackMs as number);
    return {
      ...(tracked.length > 0 ? { track: stats(tracked) } : {}),
      frames: this.sessionFrames,
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
      session: this.session(),
    };
  }

  /** Statistics over the whole session (every frame since the log was made or cleared). */
  session(): SessionSummary {
    const [preprocess, inference, postprocess, total, roundTrip] = this.stages.map((s) => s.stats());
    return {
      frames: this.sessionFrames,
      kept: this.frameWindow.length,
      detections: this.sessionDetections,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      preprocess,
      inference,
      postprocess,
      total,
      roundTrip,
    };
  }

  /** The whole log as CSV (one row per frame, times in ms, with the segment's model, backend and media; `tiles`: model runs of the frame). */
  toCSV(): string {
    const header = 'segment,model,backend,media,frame,time_ms,preprocess_ms,inference_ms,postprocess_ms,total_ms,round_trip_ms,detections,warmup,tiles';
    const kept = this.frameWindow.last();
    const rows = kept.map((e) => {
      const seg = this.segments.byId(e.segment ?? 0);
      return [e.segment ?? 0, csvText(seg?.model), csvText(seg?.backend), csvText(seg?.media), e.frame, e.time.toFixed(1), ...STAGES.map((k) => e[k].toFixed(3)), e.detections, this.isFirstFrame(e) ? 1 : 0, e.tiles ?? 1].join(',');
    });
    return [...this.coverage(kept.length), header, ...rows].join('\n') + '\n';
  }

  /** The CSV's `#` lines: which frames it holds, and the whole session in numbers (issue 16). */
  private coverage(kept: number): string[] {
    const session = this.session();
    const seconds = ((session.lastTime - session.firstTime) / 1000).toFixed(1);
    const lines = [
      kept === session.frames
        ? `# all ${kept} frames of this session (the log keeps the last ${this.capacity})`
        : `# the last ${kept} of ${session.frames} frames of this session (the log keeps the last ${this.capacity}); statistics below cover all ${session.frames}`,
      `# session: ${session.frames} frames over ${seconds} s, ${this.dropped} dropped, ${session.detections} detections`,
    ];
    STAGE_NAMES.forEach((name, k) => {
      const s = session[name];
      const column = STAGES[k].replace('roundTripMs', 'round_trip_ms').replace('Ms', '_ms');
      lines.push(`# ${column}: mean ${s.mean.toFixed(3)}, stdev ${s.stdev.toFixed(3)}, min ${s.min.toFixed(3)}, max ${s.max.toFixed(3)}`);
    });
    return lines;
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
