// in: RGBA (or BGRA) bytes of the model-input-sized image (letterbox padding already drawn);
// out: planar NCHW float32 [1, 3, H, W] in the model's channel order and scale.
// Pure: no DOM, so Node tests pack pixels with the same code the worker runs.

import { floatToHalf, type PreprocessConvention } from '../postprocess/index.js';

/**
 * Throws a RangeError unless `rgbaLength` holds a srcWidth x srcHeight RGBA image, `outLength` holds a
 * 3-plane width x height input, and the rectangle (x, y, rectWidth, rectHeight) lies inside that input.
 * The one argument check of every packing path (pack, packRect, the bilinear resize).
 */
export function checkPackArgs(
  rgbaLength: number,
  srcWidth: number,
  srcHeight: number,
  outLength: number,
  width: number,
  height: number,
  x = 0,
  y = 0,
  rectWidth = width,
  rectHeight = height,
): void {
  if (rgbaLength < srcWidth * srcHeight * 4) throw new RangeError(`expected ${srcWidth * srcHeight * 4} RGBA bytes, got ${rgbaLength}`);
  if (outLength < 3 * width * height) throw new RangeError(`output holds ${outLength} values, needs ${3 * width * height}`);
  if (x < 0 || y < 0 || x + rectWidth > width || y + rectHeight > height) throw new RangeError('the rectangle does not fit the input');
}

/**
 * Where a source's red byte is: 'RGBA' (canvas readbacks, converting copies) or 'BGRA' (a native copy
 * of a bitmap stored that way, e.g. Chromium's on x86). The alpha byte is never read.
 */
export type ByteOrder = 'RGBA' | 'BGRA';

/** A per-channel table from byte value to tensor value, rebuilt only when the convention changes. */
export class PixelPacker {
  private convention: PreprocessConvention | null = null;
  private readonly tables = [new Float32Array(256), new Float32Array(256), new Float32Array(256)];
  /** The same tables as float16 bits, for models with a float16 input. */
  private readonly halfTables = [new Uint16Array(256), new Uint16Array(256), new Uint16Array(256)];
  /** Source RGBA offset (0 = R, 2 = B) of each tensor channel. */
  private readonly sourceOffset = new Int32Array(3);
  private scaleOnly: number | null = null;

  private prepare(convention: PreprocessConvention): void {
    if (this.convention === convention) return;
    this.convention = convention;
    const bgr = convention.channels === 'BGR';
    const neutral = (values: readonly number[] | undefined, value: number) => !values || values.every((v) => v === value);
    this.scaleOnly = neutral(convention.mean, 0) && neutral(convention.std, 1) ? convention.scale : null;
    for (let c = 0; c < 3; c++) {
      this.sourceOffset[c] = bgr ? 2 - c : c;
      const mean = convention.mean ? convention.mean[c] : 0;
      const std = convention.std ? convention.std[c] : 1;
      const table = this.tables[c];
      for (let v = 0; v < 256; v++) {
        table[v] = (v * convention.scale - mean) / std;
        this.halfTables[c][v] = floatToHalf(table[v]);
      }
    }
  }

  /**
   * Writes the 3 planes of `rgba` (width x height, 4 bytes per pixel in `order`) into `out` (float32,
   * or float16 bits), which must hold at least 3·width·height values. Allocates nothing.
   */
  pack(
    rgba: Uint8ClampedArray | Uint8Array,
    width: number,
    height: number,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    order: ByteOrder = 'RGBA',
  ): void {
    const plane = width * height;
    checkPackArgs(rgba.length, width, height, out.length, width, height);
    this.prepare(convention);
    // A float16 input gets half bits straight from the tables: no float32 pass in between.
    const [t0, t1, t2] = out instanceof Uint16Array ? this.halfTables : this.tables;
    const o0 = this.sourceChannel(0, order);
    const o1 = this.sourceChannel(1, order);
    const o2 = this.sourceChannel(2, order);
    for (let p = 0, i = 0; p < plane; p++, i += 4) {
      out[p] = t0[rgba[i + o0]];
      out[plane + p] = t1[rgba[i + o1]];
      out[2 * plane + p] = t2[rgba[i + o2]];
    }
  }

  /**
   * Packs `rgba` (rectWidth x rectHeight, bytes in `order`) into the planes of a width x height input at (x, y), and
   * fills the rest of each plane with the pad value: the same tensor as `pack` of the padded image,
   * without reading or converting the pad pixels (issue 15: the letterbox bands of a 4:3 photo are a
   * quarter of a square input). Allocates nothing.
   */
  packRect(
    rgba: Uint8ClampedArray | Uint8Array,
    rectWidth: number,
    rectHeight: number,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    width: number,
    height: number,
    x: number,
    y: number,
    order: ByteOrder = 'RGBA',
  ): void {
    const plane = width * height;
    checkPackArgs(rgba.length, rectWidth, rectHeight, out.length, width, height, x, y, rectWidth, rectHeight);
    const tables = this.channelTables(convention, out);
    this.fillPad(convention, out, width, height, x, y, rectWidth, rectHeight);
    const [t0, t1, t2] = tables;
    const o0 = this.sourceChannel(0, order);
    const o1 = this.sourceChannel(1, order);
    const o2 = this.sourceChannel(2, order);
    for (let r = 0, i = 0; r < rectHeight; r++) {
      let p = (y + r) * width + x;
      for (let end = p + rectWidth; p < end; p++, i += 4) {
        out[p] = t0[rgba[i + o0]];
        out[plane + p] = t1[rgba[i + o1]];
        out[2 * plane + p] = t2[rgba[i + o2]];
      }
    }
  }

  /**
   * The per-channel tables from byte value to tensor value (float32, or float16 bits for a Uint16Array
   * `out`), in tensor channel order; `sourceChannel(c)` says which RGBA byte feeds channel c.
   */
  channelTables(convention: PreprocessConvention, out: Float32Array | Uint16Array): readonly (Float32Array | Uint16Array)[] {
    this.prepare(convention);
    return out instanceof Uint16Array ? this.halfTables : this.tables;
  }

  /**
   * The factor when the last prepared convention maps a byte v to v · scale in every channel (mean 0,
   * std 1: the tables' entries are exactly that product, rounded to float32), else null.
   */
  unitScale(): number | null {
    return this.scaleOnly;
  }

  /** The byte offset in a pixel of `order` that feeds tensor channel `c` under the last prepared convention. */
  sourceChannel(c: number, order: ByteOrder = 'RGBA'): number {
    const o = this.sourceOffset[c]; // in RGBA: 0 = R, 2 = B
    return order === 'RGBA' ? o : 2 - o;
  }

  /** Fills every plane of a width x height input with the pad value outside the rectangle (x, y, rectWidth, rectHeight). */
  fillPad(
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    width: number,
    height: number,
    x: number,
    y: number,
    rectWidth: number,
    rectHeight: number,
  ): void {
    const tables = this.channelTables(convention, out);
    const plane = width * height;
    const pad = convention.pad;
    for (let c = 0; c < 3; c++) {
      const base = c * plane;
      const value = tables[c][pad];
      // bands above and below, then the left and right margins of each row
      out.fill(value, base, base + y * width);
      out.fill(value, base + (y + rectHeight) * width, base + plane);
      if (x > 0 || x + rectWidth < width) {
        for (let r = y; r < y + rectHeight; r++) {
          out.fill(value, base + r * width, base + r * width + x);
          out.fill(value, base + r * width + x + rectWidth, base + (r + 1) * width);
        }
      }
    }
  }
}
