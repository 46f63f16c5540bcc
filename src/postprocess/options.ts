// Decode options with every default filled in and validated once per call.

import {
  DEFAULT_IOU_THRESHOLD,
  DEFAULT_MAX_DETECTIONS,
  DEFAULT_PRE_NMS_TOP_K,
  DEFAULT_SCORE_THRESHOLD,
} from './defaults.js';
import { InputError } from './errors.js';
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
    throw new InputError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function finiteNumber(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new InputError(`${name} must be a finite number, got ${value}`);
  return value;
}

/** Fills in defaults and rejects impossible values with an InputError. */
export function resolveOptions(options: DecodeOptions): ResolvedOptions {
  const transform = options.transform;
  if (transform !== undefined) {
    for (const key of ['scaleX', 'scaleY', 'srcWidth', 'srcHeight'] as const) {
      if (!(transform[key] > 0) || !Number.isFinite(transform[key])) {
        throw new InputError(`transform.${key} must be a positive number, got ${transform[key]}`);
      }
    }
    finiteNumber('transform.padX', transform.padX);
    finiteNumber('transform.padY', transform.padY);
  }
  return {
    inputWidth: positiveInteger('inputWidth', options.inputWidth),
    inputHeight: positiveInteger('inputHeight', options.inputHeight),
    // Scores of 0 or below are never detections (and the score sort relies on positive scores).
    scoreThreshold: Math.max(0, finiteNumber('scoreThreshold', options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD)),
    iouThreshold: finiteNumber('iouThreshold', options.iouThreshold ?? DEFAULT_IOU_THRESHOLD),
    maxDetections: Math.max(0, Math.floor(options.maxDetections ?? DEFAULT_MAX_DETECTIONS)),
    preNmsTopK: Math.max(0, Math.floor(options.preNmsTopK ?? DEFAULT_PRE_NMS_TOP_K)),
    classAgnostic: options.classAgnostic ?? false,
    anchors: options.anchors,
    strides: options.strides,
    transform,
  };
}
