// Grid geometry shared by the anchor-based and anchor-free decoders. Nothing here allocates on the
// success path: decoders call it once per frame.

import { UnsupportedModelError } from './errors.js';

/** Grid cells across for a stride (strided convolutions round up). */
export function gridWidth(inputWidth: number, stride: number): number {
  return Math.ceil(inputWidth / stride);
}

/** Grid cells down for a stride. */
export function gridHeight(inputHeight: number, stride: number): number {
  return Math.ceil(inputHeight / stride);
}

/**
 * Rows an output holds for these levels: the sum over levels of cells times anchors per cell
 * (one row per cell when `anchors` is undefined: anchor-free heads).
 */
export function expectedRows(
  inputWidth: number,
  inputHeight: number,
  strides: readonly number[],
  anchors: readonly (readonly number[])[] | undefined,
): number {
  let rows = 0;
  for (let l = 0; l < strides.length; l++) {
    const perCell = anchors ? anchors[l].length / 2 : 1;
    rows += gridWidth(inputWidth, strides[l]) * gridHeight(inputHeight, strides[l]) * perCell;
  }
  return rows;
}

/** Throws a clear error when an output's rows do not match the grids implied by the options. */
export function checkRowCount(
  layout: string,
  rows: number,
  expected: number,
  inputWidth: number,
  inputHeight: number,
  strides: readonly number[],
): void {
  if (rows === expected) return;
  throw new UnsupportedModelError(
    `${layout}: the output has ${rows} rows but strides ${strides.join('/')} at ${inputWidth}x${inputHeight} ` +
      `give ${expected}; check inputWidth/inputHeight, strides and anchors (or pass the right layout)`,
  );
}

/** Throws unless there is one anchor list per level, each made of whole (w, h) pairs. */
export function checkAnchors(layout: string, anchors: readonly (readonly number[])[], levels: number): void {
  if (anchors.length !== levels) {
    throw new UnsupportedModelError(`${layout}: ${anchors.length} anchor levels for ${levels} output levels`);
  }
  for (let l = 0; l < anchors.length; l++) {
    const n = anchors[l].length;
    if (n === 0 || n % 2 !== 0) {
      throw new UnsupportedModelError(`${layout}: anchors for level ${l} must be [w0, h0, w1, h1, ...]`);
    }
  }
}

/** The logit of a probability threshold: sigmoid(x) > p  ⇔  x > logit(p). */
export function logit(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  return Math.log(p / (1 - p));
}
