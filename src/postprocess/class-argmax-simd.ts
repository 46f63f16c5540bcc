// in: a YOLOv8-style output [4+nc, N] (float32, channel-major); out: each anchor's best class score
// and class, computed by a 350-byte WebAssembly SIMD kernel (source: tools/wasm/class-argmax.wat).
//
// Why WebAssembly (issue 15): every one of the 80 x 8400 class scores must be looked at, and scalar JS
// cannot read them faster than ~0.3 ms on the build machine (one bounds-checked load per value; the
// integer-bits scan of decode-yolov8.ts is already there). The kernel compares four scores per
// instruction against the anchors' running maxima: 0.08 ms, plus 0.06 ms to copy the tensor into its
// memory (measured in Node, load average 7). Where WebAssembly or its SIMD is unavailable (an old
// browser, a page whose CSP forbids compiling WebAssembly) the caller falls back to the JS scan.

import { instantiateKernel } from './wasm-kernel.js';

/** The kernel's bytes (`node tools/wasm/build.mjs class-argmax` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d01000000010a0160067f7f7f7f7f7d00030201000503010001071302066d656d6f72790200066172676d6178' +
  '00000acb0201c80202037f077b2005fd13210b02400340200720044f0d01200120076a200bfd0b0400200120076a200b' +
  'fd0b0410200220076afd0c00000000000000000000000000000000fd0b0400200220076afd0c00000000000000000000' +
  '000000000000fd0b0410200741206a21070c000b0b2000210802400340200620034f0d012006fd11210f410021070240' +
  '0340200720044f0d01200820076afd0004002109200820076afd000410210a200120076afd000400210b200120076afd' +
  '000410210c2009200bfd44210d200a200cfd44210e200d200efd50fd530440200120076a2009200b200dfd52fd0b0400' +
  '200120076a200a200c200efd52fd0b0410200220076a200f200220076afd000400200dfd52fd0b0400200220076a200f' +
  '200220076afd000410200efd52fd0b04100b200741206a21070c000b0b200820046a2108200641016a21060c000b0b0b';

type ArgmaxFn = (rows: number, best: number, cls: number, nc: number, rowBytes: number, thr: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  argmax: ArgmaxFn;
}

/** Where the last `simdClassArgmax` left its results: anchor i's score is scores[offset + i]. */
export interface ArgmaxResult {
  /** A view of the kernel's memory (replaced when the memory grows). */
  scores: Float32Array;
  /** The same memory as int32: anchor i's class is classes[offset + i]. */
  classes: Int32Array;
  /** Index of anchor 0's score in `scores` (and of its class in `classes`, shifted by `classOffset`). */
  offset: number;
  /** Index of anchor 0's class in `classes`. */
  classOffset: number;
}

/** The results of the last successful call; one object, updated in place (no allocation per frame). */
export const argmaxResult: ArgmaxResult = { scores: new Float32Array(0), classes: new Int32Array(0), offset: 0, classOffset: 0 };

let kernel: Kernel | null | undefined; // undefined: not loaded yet; null: unavailable here
let enabled = true;
let data32 = new Float32Array(0); // the kernel's memory as float32, rebuilt when it grows

function load(): Kernel | null {
  const exports = instantiateKernel(KERNEL_HEX);
  return exports ? { memory: exports.memory as WebAssembly.Memory, argmax: exports.argmax as ArgmaxFn } : null;
}

/** Turns the WebAssembly kernel off (every call then returns false: the JS scan runs) or back on. For tests and benchmarks. */
export function setSimdArgmaxEnabled(on: boolean): void {
  enabled = on;
}

/** Whether `simdClassArgmax` can run here (WebAssembly with SIMD, and not turned off). */
export function simdArgmaxAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return enabled && kernel !== null;
}

/**
 * For each of the `n` anchors of `data` ([channels, n], class rows from row 4), the largest class
 * score strictly above `threshold32` (a float32 value; NaN never wins, the first maximum wins ties)
 * and its class, into `argmaxResult`; an anchor without one keeps score `threshold32` and class 0.
 * Returns false, doing nothing, where the kernel is unavailable. Allocates only when the kernel's
 * memory must grow for a larger output than any before.
 */
export function simdClassArgmax(data: Float32Array, channels: number, n: number, threshold32: number): boolean {
  if (!simdArgmaxAvailable() || channels <= 4 || n === 0) return false;
  const k = kernel as Kernel;
  const padded = Math.ceil(n / 8) * 8; // the kernel works in steps of eight anchors
  const dataBytes = channels * n * 4;
  const bestAt = Math.ceil((dataBytes + 32) / 16) * 16; // 32 bytes of slack: the last step reads past row end
  const classAt = bestAt + padded * 4;
  const needed = classAt + padded * 4;
  if (k.memory.buffer.byteLength < needed) {
    try {
      k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
    } catch {
      return false; // no room for this output in WebAssembly memory: the JS scan reads it in place
    }
  }
  if (data32.buffer !== k.memory.buffer) {
    data32 = new Float32Array(k.memory.buffer);
    argmaxResult.scores = data32;
    argmaxResult.classes = new Int32Array(k.memory.buffer);
  }
  data32.set(data); // the whole tensor: one memcpy, no subarray view to allocate
  k.argmax(4 * n * 4, bestAt, classAt, channels - 4, n * 4, threshold32);
  argmaxResult.offset = bestAt / 4;
  argmaxResult.classOffset = classAt / 4;
  return true;
}
