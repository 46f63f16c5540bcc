// Early checks of the options a page passes in: the page runs them (createDetector, processVideo: a
// bad value fails before a worker starts or a file is opened), and the worker's frame selection runs
// the video one again on what reaches it. Each throws InputError naming the option, the value as given
// (a string shows as one) and what is accepted. Ranges that have a meaning stay accepted: a negative score threshold is 0, an
// IoU threshold above 1 suppresses nothing (torchvision's semantics).

import { InputError } from './errors.js';
import { checkResizeFilter } from './resize-filter.js';
import { validateTiling, type Tiling } from './tile-plan.js';

/** A value as an error message shows it: strings quoted and named, so that '0.5' does not read as 0.5. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** `value` when it is a number (not NaN; finite too when `finite`), else an InputError naming `name`. */
export function numberOption(name: string, value: unknown, finite: boolean): number {
  if (typeof value !== 'number' || Number.isNaN(value) || (finite && !Number.isFinite(value))) {
    throw new InputError(`${name} must be a ${finite ? 'finite ' : ''}number, got ${describeValue(value)}.`);
  }
  return value;
}

/** `value` when it is a boolean, false when it is undefined, else an InputError naming `name`. */
export function booleanOption(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new InputError(`${name} must be true or false, got ${describeValue(value)}.`);
  return value ?? false;
}

/** The per-frame options checked here (the worker's FrameOptions, structurally). */
export interface CheckedFrameOptions {
  scoreThreshold?: unknown;
  iouThreshold?: unknown;
  maxDetections?: unknown;
  classAgnostic?: unknown;
  resizeFilter?: unknown;
  tiling?: unknown;
  track?: unknown;
}

/**
 * Checks the types of per-frame options (thresholds, class-agnostic NMS, resize filter, tiling,
 * tracking); throws InputError. Tracker option values are checked where the tracker is made.
 */
export function checkFrameOptions(options: CheckedFrameOptions): void {
  if (options.scoreThreshold !== undefined) numberOption('scoreThreshold', options.scoreThreshold, true);
  if (options.iouThreshold !== undefined) numberOption('iouThreshold', options.iouThreshold, true);
  if (options.maxDetections !== undefined) numberOption('maxDetections', options.maxDetections, false);
  booleanOption('classAgnostic', options.classAgnostic);
  if (options.resizeFilter !== undefined) checkResizeFilter(options.resizeFilter);
  validateTiling(options.tiling as Tiling | undefined);
  const track = options.track;
  if (track !== undefined && typeof track !== 'boolean' && (typeof track !== 'object' || track === null || Array.isArray(track))) {
    throw new InputError(`track must be true, false or an object of tracker options, got ${describeValue(track)}.`);
  }
}

/** Which frames of a video a job takes (the worker's VideoSelection, structurally). */
export interface CheckedVideoSelection {
  frameStep?: unknown;
  targetFps?: unknown;
  start?: unknown;
  end?: unknown;
}

/** Checks a video job's frame choice (types and ranges; whether frames lie in the range needs the file). */
export function checkVideoSelection(selection: CheckedVideoSelection): void {
  const { frameStep, targetFps, start, end } = selection;
  if (frameStep !== undefined && !(Number.isInteger(frameStep) && (frameStep as number) >= 1)) {
    throw new InputError(`frameStep must be a whole number >= 1 (1 = every frame); got ${describeValue(frameStep)}.`);
  }
  if (targetFps !== undefined && !(typeof targetFps === 'number' && targetFps > 0 && Number.isFinite(targetFps))) {
    throw new InputError(`targetFps must be a positive number of frames per second; got ${describeValue(targetFps)}.`);
  }
  if (frameStep !== undefined && (frameStep as number) > 1 && targetFps !== undefined) {
    throw new InputError('Give either frameStep or targetFps, not both.');
  }
  if (start !== undefined && !(typeof start === 'number' && start >= 0 && Number.isFinite(start))) {
    throw new InputError(`start must be a time in seconds >= 0; got ${describeValue(start)}.`);
  }
  if (end !== undefined && typeof end !== 'number') throw new InputError(`end must be a time in seconds; got ${describeValue(end)}.`);
  if (end !== undefined && !(end > ((start as number | undefined) ?? 0))) {
    throw new InputError(`end (${end} s) must be after start (${(start as number | undefined) ?? 0} s): the range is [start, end).`);
  }
}

/** The annotated-copy formats a video job can write. */
const ANNOTATE_FORMATS = ['mp4', 'webm'];

/** Checks a video job's `annotate` option: true/false, or { format?: 'mp4' | 'webm', bitrate?: bits per second }. */
export function checkAnnotateOption(annotate: unknown): void {
  if (annotate === undefined || typeof annotate === 'boolean') return;
  if (typeof annotate !== 'object' || annotate === null || Array.isArray(annotate)) {
    throw new InputError(`annotate must be true, false or { format?: 'mp4' | 'webm', bitrate?: number }, got ${describeValue(annotate)}.`);
  }
  const { format, bitrate } = annotate as { format?: unknown; bitrate?: unknown };
  if (format !== undefined && !ANNOTATE_FORMATS.includes(format as string)) {
    throw new InputError(`annotate.format must be 'mp4' or 'webm', got ${describeValue(format)}.`);
  }
  if (bitrate !== undefined && !(Number.isInteger(bitrate) && (bitrate as number) > 0)) {
    throw new InputError(`annotate.bitrate must be a whole number of bits per second > 0, got ${describeValue(bitrate)}.`);
  }
}
