// out: [1, 4+nc, N] (or [4+nc, N]), channel-major: rows cx, cy, w, h (input px), then nc class rows.
// YOLOv8 / v9 / YOLO11 / YOLO26 one-to-many head. No objectness: score = max(cls).

import { addCenterBox, type Candidates } from './candidates.js';
import { argmaxResult, simdClassArgmax } from './class-argmax-simd.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import { float16ThresholdBits, float32AtOrBelow, float32ThresholdBits, int16Bits, int32Bits } from './threshold-bits.js';
import type { OutputTensor } from './types.js';

let bestScore = new Float64Array(0); // float64: holds the threshold exactly
let bestClass = new Uint16Array(0);

// float32 outputs go to the WebAssembly SIMD kernel (class-argmax-simd.ts, issue 15: the whole
// collect step 0.57 -> 0.15 ms on the dense 80 x 8400 case); float16 outputs, and engines without
// WebAssembly SIMD, use the scan below.
//
// Class rows are contiguous: walk them one after another (sequential reads, no stride of N per
// candidate). Values are tested as integers against the threshold's bits (threshold-bits.ts), eight
// at a time: (t - b) is negative iff b > t, so OR-ing eight differences tells in one branch whether any
// of them passes (issue 15: the 80 x 8400 scan went from 1.2 to 0.46 ms). Only the few that pass
// update the candidate's running arg-max, which starts at the threshold; a candidate passes iff its
// best class beats the threshold, and the first maximum wins ties. Differences that overflow int32
// (large negative values) may wrap to a false alarm, which the per-value test then rejects.

function update(v: number, i: number, cls: number): void {
  if (v > bestScore[i]) {
    bestScore[i] = v;
    bestClass[i] = cls;
  }
}

function scanRow32(bits: Int32Array, data: Float32Array, row: number, end: number, t: number, cls: number): void {
  let j = row;
  for (; j + 8 <= end; j += 8) {
    const any =
      (t - bits[j]) | (t - bits[j + 1]) | (t - bits[j + 2]) | (t - bits[j + 3]) |
      (t - bits[j + 4]) | (t - bits[j + 5]) | (t - bits[j + 6]) | (t - bits[j + 7]);
    if (any < 0) for (let q = j; q < j + 8; q++) if (bits[q] > t) update(data[q], q - row, cls);
  }
  for (; j < end; j++) if (bits[j] > t) update(data[j], j - row, cls);
}

function scanRow16(bits: Int16Array, data: Uint16Array, lut: Float32Array, row: number, end: number, t: number, cls: number): void {
  let j = row;
  for (; j + 8 <= end; j += 8) {
    const any =
      (t - bits[j]) | (t - bits[j + 1]) | (t - bits[j + 2]) | (t - bits[j + 3]) |
      (t - bits[j + 4]) | (t - bits[j + 5]) | (t - bits[j + 6]) | (t - bits[j + 7]);
    if (any < 0) for (let q = j; q < j + 8; q++) if (bits[q] > t) update(lut[data[q]], q - row, cls);
  }
  for (; j < end; j++) if (bits[j] > t) update(lut[data[j]], j - row, cls);
}

function scanFloat32(data: Float32Array, channels: number, n: number, thr: number): void {
  const bits = int32Bits(data);
  const t = float32ThresholdBits(thr);
  for (let k = 4; k < channels; k++) scanRow32(bits, data, k * n, k * n + n, t, k - 4);
}

function scanFloat16(data: Uint16Array, lut: Float32Array, channels: number, n: number, thr: number): void {
  const bits = int16Bits(data);
  const t = float16ThresholdBits(thr);
  for (let k = 4; k < channels; k++) scanRow16(bits, data, lut, k * n, k * n + n, t, k - 4);
}

/** Collects the candidates after the SIMD arg-max; false where the kernel is unavailable. */
function gatherSimd(data: Float32Array, channels: number, n: number, thr: number, c: Candidates): boolean {
  // for a float32 score s: s > thr exactly when s > the largest float32 <= thr
  const thr32 = float32AtOrBelow(thr);
  if (!simdClassArgmax(data, channels, n, thr32)) return false;
  const { scores, classes, offset, classOffset } = argmaxResult;
  for (let i = 0; i < n; i++) {
    const score = scores[offset + i];
    if (!(score > thr32)) continue;
    addCenterBox(c, data[i], data[n + i], data[2 * n + i], data[3 * n + i], score, classes[classOffset + i]);
  }
  return true;
}

/** Collects the candidates of a YOLOv8-style output. */
export function decodeYolov8(t: OutputTensor, o: ResolvedOptions, c: Candidates): void {
  const data = t.data;
  const lut = lutFor(data);
  const channels = t.dims[t.dims.length - 2];
  const n = t.dims[t.dims.length - 1];
  const thr = o.scoreThreshold;
  c.reset(n);
  if (lut === null && gatherSimd(data as Float32Array, channels, n, thr, c)) return;
  if (bestScore.length < n) {
    bestScore = new Float64Array(n);
    bestClass = new Uint16Array(n);
  }
  bestScore.fill(thr, 0, n);
  if (lut === null) scanFloat32(data as Float32Array, channels, n, thr);
  else scanFloat16(data as Uint16Array, lut, channels, n, thr);
  for (let i = 0; i < n; i++) {
    const score = bestScore[i];
    if (!(score > thr)) continue;
    if (lut === null) addCenterBox(c, data[i], data[n + i], data[2 * n + i], data[3 * n + i], score, bestClass[i]);
    else addCenterBox(c, lut[data[i]], lut[data[n + i]], lut[data[2 * n + i]], lut[data[3 * n + i]], score, bestClass[i]);
  }
}
