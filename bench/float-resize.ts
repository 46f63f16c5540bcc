// Baseline for the preprocess benchmark: the worker's bilinear resize of round 2 (issue 15), float
// weights into an RGBA image that is then packed; replaced by src/worker/bilinear-resize.ts (the same float64
// arithmetic and taps, straight into the tensor). Kept here only to be timed against it in the same run.

import { taps, type Taps } from '../src/worker/bilinear-resize.js';

/** Resizes RGBA images bilinearly; tap tables and row buffers are reused while the sizes stay. */
export class BilinearResizer {
  private key = '';
  private xs: Taps = taps(1, 1);
  private ys: Taps = taps(1, 1);
  private rowA = new Float64Array(0); // horizontally interpolated source rows (RGB only)
  private rowB = new Float64Array(0);
  private rowAIndex = -1;
  private rowBIndex = -1;

  private prepare(sw: number, sh: number, dw: number, dh: number): void {
    const key = `${sw}x${sh}>${dw}x${dh}`;
    if (key === this.key) return;
    this.key = key;
    this.xs = taps(sw, dw);
    this.ys = taps(sh, dh);
    this.rowA = new Float64Array(dw * 3);
    this.rowB = new Float64Array(dw * 3);
  }

  /** One source row interpolated along x into `out` (3 values per destination pixel). */
  private horizontal(src: Uint8Array | Uint8ClampedArray, sw: number, row: number, out: Float64Array): void {
    const { lo, hi, weight } = this.xs;
    const base = row * sw * 4;
    for (let x = 0, o = 0; x < lo.length; x++, o += 3) {
      const a = base + lo[x] * 4;
      const b = base + hi[x] * 4;
      const w = weight[x];
      const v = 1 - w;
      out[o] = src[a] * v + src[b] * w;
      out[o + 1] = src[a + 1] * v + src[b + 1] * w;
      out[o + 2] = src[a + 2] * v + src[b + 2] * w;
    }
  }

  /** The horizontally interpolated source row `row`, computing it only when not already held. */
  private row(src: Uint8Array | Uint8ClampedArray, sw: number, row: number): Float64Array {
    if (row === this.rowAIndex) return this.rowA;
    if (row === this.rowBIndex) return this.rowB;
    // replace the lower row: rows are visited in ascending order, so it is not needed again
    if (this.rowAIndex < this.rowBIndex) {
      this.rowAIndex = row;
      this.horizontal(src, sw, row, this.rowA);
      return this.rowA;
    }
    this.rowBIndex = row;
    this.horizontal(src, sw, row, this.rowB);
    return this.rowB;
  }

  /**
   * Resizes `src` (sw x sh RGBA) to dw x dh, writing RGB (alpha 255) into `dst`, an RGBA image `stride`
   * pixels wide, with its top-left at (dx, dy).
   */
  resize(
    src: Uint8Array | Uint8ClampedArray,
    sw: number,
    sh: number,
    dst: Uint8Array | Uint8ClampedArray,
    stride: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void {
    this.prepare(sw, sh, dw, dh);
    this.rowAIndex = -1;
    this.rowBIndex = -1;
    const { lo, hi, weight } = this.ys;
    for (let y = 0; y < dh; y++) {
      const top = this.row(src, sw, lo[y]);
      const bottom = this.row(src, sw, hi[y]);
      const w = weight[y];
      const v = 1 - w;
      let o = ((dy + y) * stride + dx) * 4;
      for (let i = 0; i < dw * 3; i += 3, o += 4) {
        dst[o] = Math.round(top[i] * v + bottom[i] * w);
        dst[o + 1] = Math.round(top[i + 1] * v + bottom[i + 1] * w);
        dst[o + 2] = Math.round(top[i + 2] * v + bottom[i + 2] * w);
        dst[o + 3] = 255;
      }
    }
  }
}
