// Integer views of float tensors and thresholds in bit space. For non-negative floats (float32 and
// float16 alike) the IEEE bit pattern, read as a signed integer, grows with the value; negative values
// read as negative integers. So `bits > T`, with T the bits of the largest float <= threshold, passes
// exactly the values above the threshold (plus NaNs, which the exact test after it rejects), at the
// cost of one integer compare: the cheapest pre-filter a scan over every class score can have.

import { halfTable } from './half.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

let lastF32: Float32Array | null = null;
let lastI32: Int32Array = new Int32Array(0);
let lastF16: Uint16Array | null = null;
let lastI16: Int16Array = new Int16Array(0);

/** `data`'s bits as an Int32Array over the same memory (the view is reused while `data` is). */
export function int32Bits(data: Float32Array): Int32Array {
  if (data !== lastF32) {
    lastF32 = data;
    lastI32 = new Int32Array(data.buffer, data.byteOffset, data.length);
  }
  return lastI32;
}

/** float16 bits (as onnxruntime returns them) viewed as signed 16-bit integers, over the same memory. */
export function int16Bits(data: Uint16Array): Int16Array {
  if (data !== lastF16) {
    lastF16 = data;
    lastI16 = new Int16Array(data.buffer, data.byteOffset, data.length);
  }
  return lastI16;
}

/** The bits (as int32) of the largest float32 <= `threshold` (threshold >= 0, finite). */
export function float32ThresholdBits(threshold: number): number {
  f32[0] = threshold;
  const bits = i32[0];
  // fround may round up; then the float just below is the largest one <= threshold
  return f32[0] > threshold ? bits - 1 : bits;
}

/** The largest float32 value <= `threshold` (threshold >= 0, finite). */
export function float32AtOrBelow(threshold: number): number {
  i32[0] = float32ThresholdBits(threshold);
  return f32[0];
}

/** The bits (as int16) of the largest float16 <= `threshold` (threshold >= 0, finite). */
export function float16ThresholdBits(threshold: number): number {
  const table = halfTable();
  // binary search over the positive finite halves 0x0000..0x7bff, whose values ascend with the bits
  let lo = 0;
  let hi = 0x7bff;
  if (table[hi] <= threshold) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table[mid] <= threshold) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
