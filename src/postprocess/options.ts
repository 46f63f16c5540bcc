// Decode options with every default filled in and validated once per call.

import {
  DEFAULT_IOU_THRESHOLD,
  DEFAULT_MAX_DETECTIONS,
  DEFAULT_PRE_NMS_TOP_K,
  DEFAULT_SCORE_THRESHOLD,
} from './defaults.js';
import { InputError } from './errors.js';
import { booleanOption, describeValue, numberOption } from './option-checks.js';
import type { BoxTransform, DecodeOptions } from './types.js';

/** DecodeOptions after defaults: what the decoders read. */
export interface ResolvedOptions {
  inputWidth: number;
  inputHeight: number;
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  preNmsTopK: number;
  classAgnostic: boolean;
  anchors: readonly (readonly number[])[] | undefined;
  strides: readonly number[] | undefined;
  transform: BoxTransform | undefined;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0 || Math.floor(value) !== value) {
    throw new InputError(`${name} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/** Throws unless `values` is a list of positive finite numbers (a stride or anchor list). */
function positiveList(name: string, values: unknown): void {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))) {
    throw new InputError(`${name} must be a list of positive numbers, got ${Array.isArray(values) ? `[${values.join(',')}]` : String(values)}`);
  }
}

/** Fills in defaults and rejects impossible values with an InputError. */
export function resolveOptions(options: DecodeOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new InputError('decode() needs options with at least inputWidth and inputHeight');
  const transform = options.transform;
  if (options.strides !== undefined) positiveList('strides', options.strides);
  if (options.anchors !== undefined) {
    if (!Array.isArray(options.anchors)) throw new InputError(`anchors must be one list per level, got ${String(options.anchors)}`);
    options.anchors.forEach((level, l) => positiveList(`anchors[${l}]`, level));
  }
  if (transform !== undefined) {
    if (typeof transform !== 'object' || transform === null) throw new InputError(`transform must be an object, got ${String(transform)}`);
    for (const key of ['scaleX', 'scaleY', 'srcWidth', 'srcHeight'] as const) {
      if (!(transform[key] > 0) || !Number.isFinite(transform[key])) {
        throw new InputError(`transform.${key} must be a positive number, got ${transform[key]}`);
      }
    }
    numberOption('transform.padX', transform.padX, true);
    numberOption('transform.padY', transform.padY, true);
  }
  return {
    inputWidth: positiveInteger('inputWidth', options.inputWidth),
    inputHeight: positiveInteger('inputHeight', options.inputHeight),
    // Scores of 0 or below are never detections (and the score sort relies on positive scores).
    scoreThreshold: Math.max(0, numberOption('scoreThreshold', options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD, true)),
    iouThreshold: numberOption('iouThreshold', options.iouThreshold ?? DEFAULT_IOU_THRESHOLD, true),
    maxDetections: Math.max(0, Math.floor(numberOption('maxDetections', options.maxDetections ?? DEFAULT_MAX_DETECTIONS, false))),
    preNmsTopK: Math.max(0, Math.floor(numberOption('preNmsTopK', options.preNmsTopK ?? DEFAULT_PRE_NMS_TOP_K, false))),
    classAgnostic: booleanOption('classAgnostic', options.classAgnostic),
    anchors: options.anchors,
    strides: options.strides,
    transform,
  };
}
