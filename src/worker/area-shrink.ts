// A video frame shrunk to the model's size by area averaging, read from its bytes as they are (issue
// 15): the 'smooth' filter (area-averaging when shrinking) for VideoFrames, which the canvas' scaler
// made slow. In headless Chromium a 1280x960 frame of a playing <video> cost 24-48 ms of CPU to draw on a
// canvas at 320x240 or to copy as RGBA, against 0.15 ms (I420) or 0.4 ms (BGRA) to copy as it is in
// the worker, and ~1.5 ms for what this module does with the copy:
// - YUV (I420, I420A, NV12): each plane averaged, then the 320x240 result converted to RGB, 16x less
//   colour work than converting every pixel. The conversion is affine, so averaging before or after it
//   gives the same colour up to rounding and the clamp of out-of-range pixels.
// - RGB (RGBA, RGBX, BGRA, BGRX, e.g. a canvas stream's frames): the three colour bytes averaged, kept in
//   the frame's order (the packers read BGRA too); the fourth byte is not averaged (set to 255).
//
// Pure TypeScript over bytes: no DOM, so it runs in Node's tests as in the worker. Nothing is allocated
// per frame: the tap tables and sums are rebuilt only when a size changes. The averaging runs in
// WebAssembly SIMD where it can (tools/wasm/area-average.wat: a 1280x960 I420 frame to 320x240 in ~1 ms
// against 5-6 ms for the JS, which stays as the fallback); the YUV conversion of the small result is JS
// either way (0.3 ms).

import { instantiateKernel } from '../postprocess/wasm-kernel.js';
import type { ByteOrder } from './pixels.js';

/** The YUV layouts read here (I420A's alpha plane is ignored: the model sees RGB). */
export type YuvFormat = 'I420' | 'I420A' | 'NV12';

/** The RGB layouts read here, four bytes a pixel. */
export type RgbFormat = 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

/** Where each plane starts and how long its rows are, in the copied bytes (VideoFrame.copyTo's answer). */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/** The YUV -> RGB matrix of a frame. */
export interface YuvColour {
  /** Luma coefficients: BT.601 (SD video, JPEG), BT.709 (HD video), BT.2020. */
  matrix: 'bt601' | 'bt709' | 'bt2020';
  /** Full-range (0-255) samples; false for video's usual limited range (Y 16-235, UV 16-240). */
  fullRange: boolean;
}

/** Whether `format` is a YUV layout this module reads. */
export function isShrinkableYuv(format: string | null): format is YuvFormat {
  return format === 'I420' || format === 'I420A' || format === 'NV12';
}

/** The byte order of an RGB layout this module reads, or null for any other format. */
export function rgbOrderOf(format: string | null): ByteOrder | null {
  if (format === 'RGBA' || format === 'RGBX') return 'RGBA';
  if (format === 'BGRA' || format === 'BGRX') return 'BGRA';
  return null;
}

/**
 * The matrix of a VideoFrame's colour space (VideoColorSpace.matrix / fullRange), or null for one this
 * module does not convert (RGB, YCgCo…). An unspecified matrix is BT.601, as browsers assume.
 */
export function yuvColourOf(matrix: string | null | undefined, fullRange: boolean | null | undefined): YuvColour | null {
  const full = fullRange === true;
  switch (matrix ?? null) {
    case null:
    case 'smpte170m':
    case 'bt470bg':
      return { matrix: 'bt601', fullRange: full };
    case 'bt709':
      return { matrix: 'bt709', fullRange: full };
    case 'bt2020-ncl':
      return { matrix: 'bt2020', fullRange: full };
    default:
      return null;
  }
}

/** The averaging kernel's bytes (`node tools/wasm/build.mjs area-average` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d0100000001150160117f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f00030201000503010001071402066d656d6f' +
  '72790200076176657261676500000ad10301ce0305057f017b057f017d017f02400340201120074f0d01410021150240' +
  '0340201520024f0d01200c20154102746afd0c00000000000000000000000000000000fd0b0400201541046a21150c00' +
  '0b0b200520114102746a28020021122005201141016a4102746a28020021132000200420114102746a28020020016c6a' +
  '211402400340201220134f0d01200620124102746a2a0200fd1321164100211502400340201520024f0d01200c201541' +
  '02746a211720172017fd0004002016201420156afd5c0200fd8901fda901fdfb01fde601fde401fd0b0400201541046a' +
  '21150c000b0b201420016a2114201241016a21120c000b0b41002118024003402018200d4f0d012010200f2018410246' +
  '1b200e20181b2011200b6c4102746a211d41002119024003402019200b4f0d01200c200820194102746a28020020036c' +
  '20186a4102746a2117200920194102746a280200211a2009201941016a4102746a280200211b4300000000211c024003' +
  '40201a201b4f0d01201c20172a0200200a201a4102746a2a02009492211c201720034102746a2117201a41016a211a0c' +
  '000b0b201d20194102746a201c380200201941016a21190c000b0b201841016a21180c000b0b201141016a21110c000b' +
  '0b0b';

type AverageFn = (
  src: number, stride: number, rowBytes: number, step: number,
  ystart: number, yoff: number, yw: number, outH: number,
  xstart: number, xoff: number, xw: number, outW: number,
  acc: number, channels: number, out0: number, out1: number, out2: number,
) => void;

let kernelEnabled = true;

/** Turns the WebAssembly averaging off (new AreaShrinkers then use the JS) or back on. For tests and benchmarks. */
export function setAreaKernelEnabled(on: boolean): void {
  kernelEnabled = on;
}

const LUMA: Record<YuvColour['matrix'], [kr: number, kb: number]> = {
  bt601: [0.299, 0.114],
  bt709: [0.2126, 0.0722],
  bt2020: [0.2627, 0.0593],
};

let tapBuilds = 0;

/**
 * Area-averaging taps along one axis: output i covers source [i·span, (i+1)·span) (clipped to `length`),
 * each source sample weighted by the part of it inside, the weights summing to 1.
 */
class AxisTaps {
  /** First source index of output i. */
  start = new Int32Array(0);
  /** Where output i's weights begin in `weights` (i + 1: where they end). */
  offset = new Int32Array(0);
  weights = new Float32Array(0);
  /** Changes with every rebuild (the kernel copies the taps again). */
  version = 0;
  private built = [0, 0, 0];

  build(outputs: number, span: number, length: number): void {
    const b = this.built;
    if (b[0] === outputs && b[1] === span && b[2] === length) return;
    this.built = [outputs, span, length];
    this.version = ++tapBuilds;
    this.start = new Int32Array(outputs);
    this.offset = new Int32Array(outputs + 1);
    const weights: number[] = [];
    for (let i = 0; i < outputs; i++) {
      const a = i * span;
      const b = Math.min((i + 1) * span, length);
      const first = Math.min(Math.floor(a), length - 1);
      const last = Math.max(first, Math.min(Math.ceil(b) - 1, length - 1));
      this.start[i] = first;
      this.offset[i] = weights.length;
      let sum = 0;
      const own: number[] = [];
      for (let j = first; j <= last; j++) {
        const w = Math.max(0, Math.min(b, j + 1) - Math.max(a, j));
        own.push(w);
        sum += w;
      }
      for (const w of own) weights.push(sum > 0 ? w / sum : 1 / own.length);
    }
    this.offset[outputs] = weights.length;
    this.weights = Float32Array.from(weights);
  }
}

/**
 * The JS averaging of one plane into `planes` first, first + 1, … (outW x outH each): samples `step`
 * bytes apart, the first `channels` bytes of each step averaged (NV12's UV: step 2, 2 channels; RGBA:
 * step 4, 3 channels), as area-average.wat does. Rows first (a weighted sum of whole source rows: a
 * plain loop over bytes), then each summed row's taps.
 */
function averagePlane(
  src: Uint8Array,
  base: number,
  stride: number,
  rowBytes: number,
  step: number,
  xs: AxisTaps,
  ys: AxisTaps,
  acc: Float32Array,
  planes: readonly Float32Array[],
  first: number,
  channels: number,
  outW: number,
  outH: number,
): void {
  const xStart = xs.start;
  const xOffset = xs.offset;
  const xWeights = xs.weights;
  for (let oy = 0; oy < outH; oy++) {
    acc.fill(0, 0, rowBytes);
    const yFirst = ys.offset[oy];
    const yEnd = ys.offset[oy + 1];
    for (let t = yFirst; t < yEnd; t++) {
      const wy = ys.weights[t];
      const line = base + (ys.start[oy] + t - yFirst) * stride;
      for (let x = 0; x < rowBytes; x++) acc[x] += src[line + x] * wy;
    }
    for (let c = 0; c < channels; c++) {
      const out = planes[first + c];
      const o = oy * outW;
      for (let ox = 0; ox < outW; ox++) {
        let p = xStart[ox] * step + c;
        let sum = 0;
        const end = xOffset[ox + 1];
        for (let k = xOffset[ox]; k < end; k++, p += step) sum += acc[p] * xWeights[k];
        out[o + ox] = sum;
      }
    }
  }
}

/** Bytes rounded up to a multiple of 16 (the kernel's regions stay aligned for its vector loads). */
const align = (bytes: number) => (bytes + 15) & ~15;

/**
 * The WebAssembly averaging and its memory: the source bytes first (a frame can be copied straight
 * there), then the row sum, the four axes' taps and three averaged planes, laid out again only when
 * a size changes.
 */
class AverageKernel {
  private sourceCap = 0;
  private laid: number[] = []; // what the layout was made for: source, row sum, planes, the taps' versions
  private accAt = 0;
  private tapsAt: Array<{ start: number; offset: number; weights: number }> = [];
  private outAt = [0, 0, 0];
  /** Where the source goes (sourceCap bytes; read-only slack after it for the vector loads). */
  source = new Uint8Array(0);
  /** The three averaged planes (Y, U, V or the colour bytes in the frame's order). */
  averaged: Float32Array[] = [];

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly average: AverageFn,
  ) {}

  static create(): AverageKernel | null {
    if (!kernelEnabled) return null;
    const exports = instantiateKernel(KERNEL_HEX);
    return exports ? new AverageKernel(exports.memory as WebAssembly.Memory, exports.average as AverageFn) : null;
  }

  /** Whether `bytes` are this kernel's source (written in place). */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.memory.buffer && bytes.byteOffset === 0;
  }

  /** Room for `bytes` of source at the start of memory (the layout after it is redone by the next `lay`). */
  reserve(bytes: number): void {
    if (bytes <= this.sourceCap && this.source.length > 0) return;
    this.sourceCap = align(bytes);
    this.laid = [];
    this.grow(this.sourceCap + 16);
    this.source = new Uint8Array(this.memory.buffer, 0, this.sourceCap);
  }

  /** Lays out the row sum (`accFloats`), the taps of `axes` and three `n`-sample planes after the source. */
  lay(accFloats: number, axes: readonly AxisTaps[], n: number): void {
    const l = this.laid;
    let same = l.length === 3 + axes.length && l[0] === this.sourceCap && l[1] === accFloats && l[2] === n;
    for (let i = 0; same && i < axes.length; i++) same = axes[i].version === l[3 + i];
    if (same) return;
    let at = this.sourceCap + 16;
    this.accAt = at;
    at += align((accFloats + 4) * 4);
    const tapsAt = axes.map((a) => {
      const where = { start: at, offset: at + align(a.start.byteLength), weights: 0 };
      where.weights = where.offset + align(a.offset.byteLength);
      at = where.weights + align(a.weights.byteLength);
      return where;
    });
    this.outAt = [at, at + align(n * 4), at + 2 * align(n * 4)];
    this.grow(at + 3 * align(n * 4));
    const buffer = this.memory.buffer;
    axes.forEach((a, i) => {
      new Int32Array(buffer, tapsAt[i].start, a.start.length).set(a.start);
      new Int32Array(buffer, tapsAt[i].offset, a.offset.length).set(a.offset);
      new Float32Array(buffer, tapsAt[i].weights, a.weights.length).set(a.weights);
    });
    this.tapsAt = tapsAt;
    this.source = new Uint8Array(buffer, 0, this.sourceCap);
    this.averaged = this.outAt.map((o) => new Float32Array(buffer, o, n));
    this.laid = [this.sourceCap, accFloats, n, ...axes.map((a) => a.version)];
  }

  /**
   * Averages the plane at byte `offset` of the source with axes `xAxis`, `yAxis` (indices into `lay`'s
   * axes): `channels` bytes of each `step` into averaged planes first, first + 1, … (area-average.wat).
   */
  run(offset: number, stride: number, rowBytes: number, step: number, channels: number, xAxis: number, yAxis: number, outW: number, outH: number, first: number): void {
    const x = this.tapsAt[xAxis];
    const y = this.tapsAt[yAxis];
    const o = this.outAt;
    this.average(offset, stride, rowBytes, step, y.start, y.offset, y.weights, outH, x.start, x.offset, x.weights, outW,
      this.accAt, channels, o[first], o[Math.min(2, first + 1)], o[2]);
  }

  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }
}

/** Shrinks video frames' bytes to RGBA (or BGRA) by area averaging; one per worker model, reused for every frame. */
export class AreaShrinker {
  // full-resolution axes (luma, RGB) and chroma axes (half resolution)
  private readonly fullX = new AxisTaps();
  private readonly fullY = new AxisTaps();
  private readonly chromaX = new AxisTaps();
  private readonly chromaY = new AxisTaps();
  private readonly axes = [this.fullX, this.fullY, this.chromaX, this.chromaY];
  // the JS path's averaged planes and row sum (unused while the kernel runs)
  private planes: Float32Array[] = [];
  private acc = new Float32Array(0);
  private readonly kernel = AverageKernel.create();
  /** Whether the averaging runs in WebAssembly (false: the JS fallback). */
  readonly simd = this.kernel !== null;
  private rowFloats = 0; // the longest row sum asked for so far
  private ownSource = new Uint8Array(0);
  private clamped: Uint8ClampedArray<ArrayBufferLike> = new Uint8ClampedArray(0); // the last output, viewed as clamped bytes (kept while it is the same)

  /**
   * Where to put a frame's `bytes` before a shrink: the kernel's memory when it runs (no copy in),
   * else a buffer of this shrinker's. Valid until the next call.
   */
  planesFor(bytes: number): Uint8Array {
    if (this.kernel) {
      this.kernel.reserve(bytes);
      return this.kernel.source;
    }
    if (this.ownSource.length < bytes) this.ownSource = new Uint8Array(bytes);
    return this.ownSource;
  }

  /**
   * Writes the `width` x `height` YUV picture in `src` (planes at `layout`, 4:2:0) shrunk to `outW` x
   * `outH` (each at most the source's size) as opaque RGBA into `out` (outW·outH·4 bytes, rows packed).
   */
  shrinkYuv(
    src: Uint8Array,
    layout: readonly PlaneLayout[],
    format: YuvFormat,
    width: number,
    height: number,
    colour: YuvColour,
    out: Uint8Array | Uint8ClampedArray,
    outW: number,
    outH: number,
  ): void {
    const cw = (width + 1) >> 1;
    this.prepare(src, width, height, outW, outH, width + 1, true);
    this.average(src, layout[0].offset, layout[0].stride, width, 1, 1, 0, 1, outW, outH, 0);
    if (format === 'NV12') {
      this.average(src, layout[1].offset, layout[1].stride, 2 * cw, 2, 2, 2, 3, outW, outH, 1);
    } else {
      this.average(src, layout[1].offset, layout[1].stride, cw, 1, 1, 2, 3, outW, outH, 1);
      this.average(src, layout[2].offset, layout[2].stride, cw, 1, 1, 2, 3, outW, outH, 2);
    }
    const [y, u, v] = this.averaged();
    yuvToRgba(y, u, v, outW * outH, colour, this.clampedView(out));
  }

  /**
   * Writes the `width` x `height` picture in `src` (four bytes a pixel, rows `stride` bytes apart from
   * byte 0) shrunk to `outW` x `outH` into `out`: the first three bytes of each pixel averaged, in the
   * source's order, the fourth 255.
   */
  shrinkRgb(src: Uint8Array, stride: number, width: number, height: number, out: Uint8Array | Uint8ClampedArray, outW: number, outH: number): void {
    this.prepare(src, width, height, outW, outH, 4 * width, false);
    this.average(src, 0, stride, 4 * width, 4, 3, 0, 1, outW, outH, 0);
    const [a, b, c] = this.averaged();
    const bytes = this.clampedView(out);
    for (let i = 0, o = 0, n = outW * outH; i < n; i++, o += 4) {
      bytes[o] = a[i];
      bytes[o + 1] = b[i];
      bytes[o + 2] = c[i];
      bytes[o + 3] = 255;
    }
  }

  /**
   * Checks the sizes, builds the taps (the chroma ones too for 4:2:0 YUV), then the JS buffers, or the
   * kernel's source and layout (last: laying out may grow the memory, which keeps the source).
   */
  private prepare(src: Uint8Array, width: number, height: number, outW: number, outH: number, rowFloats: number, chroma: boolean): void {
    if (outW > width || outH > height || outW < 1 || outH < 1) throw new RangeError(`cannot shrink ${width}x${height} to ${outW}x${outH}`);
    this.fullX.build(outW, width / outW, width);
    this.fullY.build(outH, height / outH, height);
    if (chroma) {
      this.chromaX.build(outW, width / outW / 2, (width + 1) >> 1);
      this.chromaY.build(outH, height / outH / 2, (height + 1) >> 1);
    }
    this.rowFloats = Math.max(this.rowFloats, rowFloats);
    const n = outW * outH;
    const k = this.kernel;
    if (k) {
      if (!k.holds(src)) {
        k.reserve(src.length);
        k.source.set(src); // not written in place (planesFor): copy in
      }
      k.lay(this.rowFloats, this.axes, n);
      return;
    }
    if (!this.planes[0] || this.planes[0].length < n) this.planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    if (this.acc.length < this.rowFloats) this.acc = new Float32Array(this.rowFloats);
  }

  /** One plane's average (`channels` bytes of each `step`) into averaged planes first, first + 1, …, by the kernel or the JS. */
  private average(src: Uint8Array, offset: number, stride: number, rowBytes: number, step: number, channels: number, xAxis: number, yAxis: number, outW: number, outH: number, first: number): void {
    if (this.kernel) this.kernel.run(offset, stride, rowBytes, step, channels, xAxis, yAxis, outW, outH, first);
    else averagePlane(src, offset, stride, rowBytes, step, this.axes[xAxis], this.axes[yAxis], this.acc, this.planes, first, channels, outW, outH);
  }

  /** The three averaged planes of the last shrink. */
  private averaged(): Float32Array[] {
    return this.kernel ? this.kernel.averaged : this.planes;
  }

  /** `out` as a Uint8ClampedArray over the same bytes (no view made per frame while `out` stays). */
  private clampedView(out: Uint8Array | Uint8ClampedArray): Uint8ClampedArray {
    if (out instanceof Uint8ClampedArray) return out;
    const c = this.clamped;
    if (c.buffer !== out.buffer || c.byteOffset !== out.byteOffset || c.length !== out.length) {
      this.clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
    }
    return this.clamped;
  }
}

/**
 * Converts averaged Y, U, V samples to opaque RGBA bytes, through a Uint8ClampedArray, whose stores
 * round and clamp natively (a clamp-and-round in JS took 2.5 ms for 320x240 in the worker, this 0.3).
 */
function yuvToRgba(y: Float32Array, u: Float32Array, v: Float32Array, n: number, colour: YuvColour, out: Uint8ClampedArray): void {
  const [kr, kb] = LUMA[colour.matrix];
  const kg = 1 - kr - kb;
  const ys = colour.fullRange ? 1 : 255 / 219;
  const cs = colour.fullRange ? 1 : 255 / 224;
  const y0 = colour.fullRange ? 0 : 16;
  const rv = 2 * (1 - kr) * cs;
  const gu = ((2 * (1 - kb) * kb) / kg) * cs;
  const gv = ((2 * (1 - kr) * kr) / kg) * cs;
  const bu = 2 * (1 - kb) * cs;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const l = (y[i] - y0) * ys;
    const cb = u[i] - 128;
    const cr = v[i] - 128;
    out[o] = l + rv * cr;
    out[o + 1] = l - gu * cb - gv * cr;
    out[o + 2] = l + bu * cb;
    out[o + 3] = 255;
  }
}
