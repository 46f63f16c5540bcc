// decode()'s inputs checked before anything is allocated or looped over (issue 16): a tensor's dims
// must be whole, non-negative and multiply to its data's length, so no dims can make the decoder size
// a buffer from one and read it from the other (NaN boxes) or loop over values that do not exist
// (2e7 "rows" of a 1,000-value tensor took 17 s). No allocation on the success path.

import { InputError, UnsupportedModelError } from './errors.js';
import type { LayoutName, ModelOutputs, OutputTensor } from './types.js';

/** Most values one output tensor may hold: 2^28 (1 GiB of float32), far above any YOLO head. */
export const MAX_OUTPUT_VALUES = 2 ** 28;

/** Most candidates one decode call may collect (the score sort packs an index in 22 bits). */
export const MAX_CANDIDATES = 2 ** 22 - 1;

/** Most classes a result can hold (class ids are Uint16). */
const MAX_CLASSES = 65_536;

function shape(dims: unknown): string {
  return Array.isArray(dims) ? `[${dims.join(',')}]` : String(dims);
}

function checkTensor(t: unknown, where: string): void {
  if (typeof t !== 'object' || t === null) throw new InputError(`${where} is ${t === null ? 'null' : typeof t}, not a tensor {data, dims}.`);
  const { data, dims } = t as Partial<OutputTensor>;
  if (!(data instanceof Float32Array) && !(data instanceof Uint16Array)) {
    throw new InputError(`${where}: data must be a Float32Array (or a Uint16Array of float16 bits), got ${Object.prototype.toString.call(data)}.`);
  }
  if (!Array.isArray(dims) || dims.length === 0 || dims.length > 8) {
    throw new InputError(`${where}: dims must be an array of 1 to 8 sizes, got ${shape(dims)}.`);
  }
  let product = 1;
  for (let i = 0; i < dims.length; i++) {
    const d: unknown = dims[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new InputError(`${where}: dims ${shape(dims)} must be whole numbers >= 0 (dimension ${i} is ${String(d)}).`);
    }
    product *= d;
  }
  if (data.length > MAX_OUTPUT_VALUES) {
    throw new InputError(`${where} [${dims.join(',')}] holds ${data.length} values; at most ${MAX_OUTPUT_VALUES} are decoded.`);
  }
  if (product !== data.length) {
    throw new InputError(
      `${where}: dims [${dims.join(',')}] make ${product} values but the data holds ${data.length}; ` +
        'pass the tensor as the runtime returned it (data and dims of the same output).',
    );
  }
}

/**
 * Throws an InputError unless `outputs` is an array or a record of tensors whose dims match their
 * data (whole sizes >= 0, product = data.length, at most MAX_OUTPUT_VALUES values each).
 */
export function checkOutputs(outputs: unknown): asserts outputs is ModelOutputs {
  if (typeof outputs !== 'object' || outputs === null) {
    throw new InputError(`outputs must be an array of tensors or a record of them by name, got ${outputs === null ? 'null' : typeof outputs}.`);
  }
  if (Array.isArray(outputs)) {
    for (let i = 0; i < outputs.length; i++) checkTensor(outputs[i], `output ${i}`);
  } else {
    for (const name in outputs) checkTensor((outputs as Record<string, unknown>)[name], `output '${name}'`);
  }
}

/**
 * Throws an UnsupportedModelError unless `t`'s dimension `axis` (from the end: 1 = last) holds
 * `fixed` values plus between 1 and 65,536 classes.
 */
export function checkClassAxis(t: OutputTensor, layout: LayoutName, axisFromEnd: number, fixed: number): void {
  const size = t.dims[t.dims.length - axisFromEnd];
  if (size === undefined || size < fixed + 1 || size > fixed + MAX_CLASSES) {
    throw new UnsupportedModelError(
      `${layout}: an output of shape [${t.dims.join(',')}] needs ${fixed} box/objectness values plus 1 to ${MAX_CLASSES} classes ` +
        `along dimension ${t.dims.length - axisFromEnd}; check the layout`,
    );
  }
}
