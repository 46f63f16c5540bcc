// in: a YOLOv8-style output [4+nc, N] (float32, channel-major); out: each anchor's best class score
// and class, computed by a 400-byte WebAssembly SIMD kernel (source: tools/wasm/class-argmax.wat).
//
// Why WebAssembly (issue 15): every one of the 80 x 8400 class scores must be looked at, and scalar JS
// cannot read them faster than ~0.5 ms on a tensor fresh from onnxruntime (one bounds-checked load per
// value; the integer-bits scan of decode-yolov8.ts is already there). The kernel compares four scores
// per instruction against the anchors' running maxima, on class rows copied into its memory a chunk at
// a time: 0.19 ms in all, about what reading the 2.7 MB from the last-level cache costs (Node). Where
// WebAssembly or its SIMD is unavailable (an old browser, a page whose CSP forbids compiling
// WebAssembly) the caller falls back to the JS scan.

import { instantiateKernel } from './wasm-kernel.js';

/** The kernel's bytes (`node tools/wasm/build.mjs class-argmax` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d0100000001110260047f7f7f7d0060067f7f7f7f7f7f0003030200010503010001071a03066d656d6f727902' +
  '000466696c6c0000066172676d617800010ad502026e02017f017b2003fd13210502400340200420024f0d0120002004' +
  '6a2005fd0b0400200020046a2005fd0b0410200120046afd0c00000000000000000000000000000000fd0b0400200120' +
  '046afd0c00000000000000000000000000000000fd0b0410200441206a21040c000b0b0be30102037f077b2000210802' +
  '400340200620044f0d01200320066afd11210f4100210702400340200720054f0d01200820076afd0004002109200820' +
  '076afd000410210a200120076afd000400210b200120076afd000410210c2009200bfd44210d200a200cfd44210e200d' +
  '200efd50fd530440200120076a2009200b200dfd52fd0b0400200120076a200a200c200efd52fd0b0410200220076a20' +
  '0f200220076afd000400200dfd52fd0b0400200220076a200f200220076afd000410200efd52fd0b04100b200741206a' +
  '21070c000b0b200820056a2108200641016a21060c000b0b0b';

type FillFn = (best: number, cls: number, rowBytes: number, thr: number) => void;
type ArgmaxFn = (rows: number, best: number, cls: number, k0: number, nc: number, rowBytes: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  fill: FillFn;
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

/** Bytes of class rows copied per kernel call: well inside a core's L2 cache. */
const CHUNK_BYTES = 256 * 1024;

let kernel: Kernel | null | undefined; // undefined: not loaded yet; null: unavailable here
let enabled = true;
let data32 = new Float32Array(0); // the kernel's memory as float32, rebuilt when it grows

function load(): Kernel | null {
  const exports = instantiateKernel(KERNEL_HEX);
  return exports ? { memory: exports.memory as WebAssembly.Memory, fill: exports.fill as FillFn, argmax: exports.argmax as ArgmaxFn } : null;
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
 * Returns false, doing nothing, where the kernel is unavailable. Allocates one view per chunk of class
 * rows, and the kernel's memory when it must grow for a larger output than any before.
 */
export function simdClassArgmax(data: Float32Array, channels: number, n: number, threshold32: number): boolean {
  if (!simdArgmaxAvailable() || channels <= 4 || n === 0) return false;
  const k = kernel as Kernel;
  const nc = channels - 4;
  const rowBytes = n * 4;
  const chunkRows = Math.max(1, Math.min(nc, Math.floor(CHUNK_BYTES / rowBytes)));
  const padded = Math.ceil(n / 8) * 8; // the kernel works in steps of eight anchors
  const bestAt = Math.ceil((chunkRows * rowBytes + 32) / 16) * 16; // 32 bytes of slack: the last step reads past row end
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
  k.fill(bestAt, classAt, rowBytes, threshold32);
  // A chunk of class rows at a time, copied where the kernel reads it while it is still in the cache
  // (issue 15: the arg-max 0.32 -> 0.20 ms on the dense 80 x 8400 case, fresh from onnxruntime): the whole
  // tensor at once left the kernel reading 2.7 MB back from the last-level cache.
  // One view per chunk (12 for 80 classes of 8,400 anchors) is the only allocation.
  for (let k0 = 0; k0 < nc; k0 += chunkRows) {
    const rows = Math.min(chunkRows, nc - k0);
    const from = (4 + k0) * n;
    data32.set(data.subarray(from, from + rows * n));
    k.argmax(0, bestAt, classAt, k0, rows, rowBytes);
  }
  argmaxResult.offset = bestAt / 4;
  argmaxResult.classOffset = classAt / 4;
  return true;
}
