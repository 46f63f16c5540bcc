// A load's options, checked before anything is downloaded: a value no load could honour is an
// InputError that names it (a wrong input size would otherwise surface as a typed-array RangeError,
// a wrong preprocessing override as a model that silently detects nothing).

import { describeValue, InputError, LAYOUT_NAMES, checkResizeFilter } from '../postprocess/index.js';
import type { LoadOptions } from './api.js';

/** The largest input side a load accepts (a 16384² float32 input is already 3 GB). */
export const MAX_INPUT_SIDE = 16384;

const RESIZE_MODES = ['letterbox', 'letterbox-top-left', 'stretch'];

function fail(name: string, expected: string, value: unknown): never {
  throw new InputError(`${name} must be ${expected}, got ${describeValue(value)}.`);
}

function checkTriple(name: string, value: unknown, positive: boolean): void {
  if (!Array.isArray(value) || value.length !== 3 || value.some((v) => typeof v !== 'number' || !Number.isFinite(v) || (positive && !(v > 0)))) {
    fail(name, `three ${positive ? 'positive ' : ''}finite numbers (one per channel, in the tensor's channel order)`, value);
  }
}

/** Checks a preprocessing override (any subset of the convention's fields). */
function checkPreprocess(preprocess: unknown): void {
  if (typeof preprocess !== 'object' || preprocess === null || Array.isArray(preprocess)) {
    fail('preprocess', 'an object with any of resize, pad, channels, scale, mean, std', preprocess);
  }
  const p = preprocess as Record<string, unknown>;
  if (p.resize !== undefined && !RESIZE_MODES.includes(p.resize as string)) fail('preprocess.resize', `one of ${RESIZE_MODES.map((m) => `'${m}'`).join(', ')}`, p.resize);
  if (p.pad !== undefined && !(typeof p.pad === 'number' && p.pad >= 0 && p.pad <= 255)) fail('preprocess.pad', 'a pixel value from 0 to 255', p.pad);
  if (p.channels !== undefined && p.channels !== 'RGB' && p.channels !== 'BGR') fail('preprocess.channels', "'RGB' or 'BGR'", p.channels);
  if (p.scale !== undefined && !(typeof p.scale === 'number' && p.scale > 0 && Number.isFinite(p.scale))) {
    fail('preprocess.scale', 'a positive number (1/255 for inputs in 0..1, 1 for 0..255)', p.scale);
  }
  if (p.mean !== undefined) checkTriple('preprocess.mean', p.mean, false);
  if (p.std !== undefined) checkTriple('preprocess.std', p.std, true);
}

/** Rejects load options no load could honour, before anything is downloaded. */
export function checkLoadOptions(options: LoadOptions): void {
  const { backend, numThreads, layout, inputWidth, inputHeight, labels, name, smoothing } = options;
  if (backend !== undefined && backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm') {
    throw new InputError(`backend must be 'auto', 'webgpu' or 'wasm', got ${describeValue(backend)}.`);
  }
  if (numThreads !== undefined && !(Number.isInteger(numThreads) && numThreads >= 1)) {
    throw new InputError(`numThreads must be a whole number >= 1, got ${describeValue(numThreads)}.`);
  }
  if (layout !== undefined && layout !== 'auto' && !LAYOUT_NAMES.includes(layout)) {
    fail('layout', `'auto' or one of ${LAYOUT_NAMES.join(', ')}`, layout);
  }
  for (const [key, side] of [['inputWidth', inputWidth], ['inputHeight', inputHeight]] as const) {
    if (side !== undefined && !(Number.isInteger(side) && side >= 1 && side <= MAX_INPUT_SIDE)) {
      fail(key, `a whole number of pixels from 1 to ${MAX_INPUT_SIDE} (leave it unset to use the model's own size)`, side);
    }
  }
  if (options.preprocess !== undefined) checkPreprocess(options.preprocess);
  if (labels !== undefined && !(Array.isArray(labels) && labels.every((l) => typeof l === 'string'))) {
    fail('labels', "a list of class names (['person', 'bicycle', ...])", labels);
  }
  if (name !== undefined && typeof name !== 'string') fail('name', 'a string', name);
  if (options.resizeFilter !== undefined) checkResizeFilter(options.resizeFilter);
  if (smoothing !== undefined && smoothing !== 'low' && smoothing !== 'medium' && smoothing !== 'high') {
    fail('smoothing', "'low', 'medium' or 'high' (or use resizeFilter)", smoothing);
  }
}
