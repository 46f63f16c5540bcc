// in: RGBA bytes of a source image (sw x sh); out: planar NCHW input [3, H, W] (float32, or float16
// bits) with the image resized bilinearly into the rectangle (x, y, dw, dh) and the pad value around it.
// Bilinear with half-pixel centres, as OpenCV's cv::resize(INTER_LINEAR) in the Python YOLO pipelines:
// source x = (x + 0.5)·sw/dw − 0.5, clamped to the edge pixels, four taps, no averaging when shrinking,
// rounded to bytes. Browsers' own bilinear scaling approximates the weights (up to 38 levels off on
// bus.jpg, enough to move an int8 model's scores by 0.1), so the 'bilinear' filter is computed here.
//
// The arithmetic is the float64 formula of round 2 (and of the fidelity reference), operation for
// operation, so the bytes are the same: int8 models amplify single-level differences. Integer weights
// were tried: OpenCV's 11-bit fixed point moves 1-2 % of the values by one level, and int8 scores by up
// to 0.033 against the reference; exact rational weights differ only at exact halves (0.01 % of the
// values), still 0.022 for yolo26n int8 (test/browser/fidelity.test.ts allows 0.02).
//
// Why (issue 15): the resize into an RGBA image, then a pack pass over the whole input, cost 8.2 ms
// per 768x432 video frame; this one writes the tensor directly through the packer's per-channel
// tables, interpolates each used source row once, and touches the pad only to fill it. Allocates only
// when the sizes change. Where WebAssembly SIMD runs, the same arithmetic runs there instead
// (pixels-wasm.ts, 3.5x faster, the same bytes); this JS is the fallback and the definition.

import type { PreprocessConvention } from '../postprocess/index.js';
import { WasmPixelKernel } from './pixels-wasm.js';
import { checkPackArgs, type PixelPacker } from './pixels.js';

/** One axis' taps: for each destination index, the two source indices and the second one's weight. */
export interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  weight: Float64Array;
}

/** The taps of one axis for a srcSize -> dstSize resize (OpenCV INTER_LINEAR's half-pixel centres). */
export function taps(srcSize: number, dstSize: number): Taps {
  const lo = new Int32Array(dstSize);
  const hi = new Int32Array(dstSize);
  const weight = new Float64Array(dstSize);
  const scale = srcSize / dstSize;
  for (let i = 0; i < dstSize; i++) {
    const f = Math.max(0, (i + 0.5) * scale - 0.5); // OpenCV clamps the left edge to weights (1, 0)
    const i0 = Math.min(Math.floor(f), srcSize - 1);
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, srcSize - 1);
    weight[i] = i0 === srcSize - 1 ? 0 : f - i0;
  }
  return { lo, hi, weight };
}

/** Resizes RGBA frames straight into an input tensor; tables and row buffers are reused while sizes stay. */
export class BilinearResizer {
  /** `kernel`: the WebAssembly kernel to run the resize in (shared with the preprocessor's 1:1 pack); null: the JS. */
  constructor(private readonly kernel: WasmPixelKernel | null = WasmPixelKernel.create()) {}

  private key = '';
  private xs: Taps = taps(1, 1);
  private ys: Taps = taps(1, 1);
  private xLo = new Int32Array(0); // byte offsets of the x taps in a source row (index · 4)
  private xHi = new Int32Array(0);
  // two horizontally interpolated source rows, planar (channel c at c·dw)
  private rowA = new Float64Array(0);
  private rowB = new Float64Array(0);
  private rowAIndex = -1;
  private rowBIndex = -1;

  private prepare(sw: number, sh: number, dw: number, dh: number): void {
    const key = `${sw}x${sh}>${dw}x${dh}`;
    if (key === this.key) return;
    this.key = key;
    this.xs = taps(sw, dw);
    this.ys = taps(sh, dh);
    this.xLo = this.xs.lo.map((v) => v * 4);
    this.xHi = this.xs.hi.map((v) => v * 4);
    this.rowA = new Float64Array(dw * 3);
    this.rowB = new Float64Array(dw * 3);
  }

  /**
   * Where `resize` with these arguments wants its source: the kernel's memory (a frame read straight
   * into it is not copied again), or null where the JS runs (it reads any array).
   */
  sourceFor(sw: number, sh: number, width: number, height: number, half: boolean, x: number, y: number, dw: number, dh: number): Uint8Array | null {
    this.prepare(sw, sh, dw, dh);
    const k = this.kernel;
    return k && k.prepare(sw, sh, width, height, half, x, y, dw, dh, this.xs, this.ys) ? k.source : null;
  }

  /** Source row `row` interpolated along x, tensor channel c (fed by RGBA byte o_c) at c·dw. */
  private horizontal(src: Uint8Array | Uint8ClampedArray, sw: number, row: number, out: Float64Array, o0: number, o1: number, o2: number): void {
    const { xLo, xHi } = this;
    const weights = this.xs.weight;
    const dw = weights.length;
    const base = row * sw * 4;
    for (let x = 0; x < dw; x++) {
      const a = base + xLo[x];
      const b = base + xHi[x];
      const w = weights[x];
      const v = 1 - w;
      out[x] = src[a + o0] * v + src[b + o0] * w;
      out[dw + x] = src[a + o1] * v + src[b + o1] * w;
      out[2 * dw + x] = src[a + o2] * v + src[b + o2] * w;
    }
  }

  /** The interpolated row `row`, computed only when not already held (rows are visited in ascending order). */
  private row(src: Uint8Array | Uint8ClampedArray, sw: number, row: number, o0: number, o1: number, o2: number): Float64Array {
    if (row === this.rowAIndex) return this.rowA;
    if (row === this.rowBIndex) return this.rowB;
    if (this.rowAIndex < this.rowBIndex) {
      this.rowAIndex = row;
      this.horizontal(src, sw, row, this.rowA, o0, o1, o2);
      return this.rowA;
    }
    this.rowBIndex = row;
    this.horizontal(src, sw, row, this.rowB, o0, o1, o2);
    return this.rowB;
  }

  /**
   * Resizes `src` (sw x sh RGBA) to dw x dh at (x, y) of the width x height input `out`, converting
   * through `packer`'s tables for `convention` (channel order, scale, mean/std), and fills the rest
   * with the pad value. Returns the input it wrote: `out`, or (where the WebAssembly kernel runs) the
   * same values in the kernel's memory, valid until the kernel is laid out for other sizes; `out` is
   * then left as it was.
   */
  resize(
    src: Uint8Array | Uint8ClampedArray,
    sw: number,
    sh: number,
    packer: PixelPacker,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    width: number,
    height: number,
    x: number,
    y: number,
    dw: number,
    dh: number,
  ): Float32Array | Uint16Array {
    checkPackArgs(src.length, sw, sh, out.length, width, height, x, y, dw, dh);
    this.prepare(sw, sh, dw, dh);
    const k = this.kernel;
    if (k && k.prepare(sw, sh, width, height, out instanceof Uint16Array, x, y, dw, dh, this.xs, this.ys)) {
      k.load(src);
      return k.write(packer, convention);
    }
    const tables = packer.channelTables(convention, out);
    const o0 = packer.sourceChannel(0);
    const o1 = packer.sourceChannel(1);
    const o2 = packer.sourceChannel(2);
    this.rowAIndex = -1;
    this.rowBIndex = -1;
    packer.fillPad(convention, out, width, height, x, y, dw, dh);
    const plane = width * height;
    const { lo, hi, weight } = this.ys;
    for (let r = 0; r < dh; r++) {
      const top = this.row(src, sw, lo[r], o0, o1, o2);
      const bottom = this.row(src, sw, hi[r], o0, o1, o2);
      const w = weight[r];
      const v = 1 - w;
      const at = (y + r) * width + x;
      for (let c = 0; c < 3; c++) {
        const table = tables[c];
        const from = c * dw;
        const to = c * plane + at;
        for (let i = 0; i < dw; i++) out[to + i] = table[Math.round(top[from + i] * v + bottom[from + i] * w)];
      }
    }
    return out;
  }
}
