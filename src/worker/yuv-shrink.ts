// A YUV video frame (I420, I420A, NV12) shrunk to the model's size by area averaging, then converted to
// RGB (issue 15). Reading a <video>'s frame as RGB costs 24-48 ms of CPU per 1280x960 frame in headless
// Chromium (copyTo RGBA, a canvas draw, createImageBitmap: each converts every pixel), while its planes
// copy as they are in 0.15 ms. Averaging first and converting the 320x240 result is 16x less colour
// work; the conversion is affine, so averaging before or after gives the same colour (up to rounding and
// the clamp of out-of-range pixels). This is the 'smooth' filter (area-averaging when shrinking) for
// YUV frames; the other frames keep the canvas' high-quality scaler.
//
// Pure TypeScript over bytes: no DOM, so it runs in Node's tests as in the worker. Nothing is allocated
// per frame: the tap tables and row sums are rebuilt only when a size changes. The averaging runs in
// WebAssembly SIMD where it can (tools/wasm/yuv-shrink.wat: 1280x960 to 320x240 in ~1 ms against 5-6
// ms for the JS, which stays as the fallback); the conversion of the small result is JS either way
// (0.3 ms). In the worker the whole read of a 1280x960 frame takes 1.5-1.7 ms.

/** The YUV layouts read here (I420A's alpha plane is ignored: the model sees RGB). */
export type YuvFormat = 'I420' | 'I420A' | 'NV12';

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

import { instantiateKernel } from '../postprocess/wasm-kernel.js';

/** The averaging kernel's bytes (`node tools/wasm/build.mjs yuv-shrink` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d01000000011301600f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f00030201000503010001071402066d656d6f7279' +
  '0200076176657261676500000ac90301c60305057f017b057f017d027f02400340200f20074f0d014100211302400340' +
  '201320024f0d01200c20134102746afd0c00000000000000000000000000000000fd0b0400201341046a21130c000b0b' +
  '2005200f4102746a28020021102005200f41016a4102746a280200211120002004200f4102746a28020020016c6a2112' +
  '02400340201020114f0d01200620104102746a2a0200fd1321144100211302400340201320024f0d01200c2013410274' +
  '6a211520152015fd0004002014201220136afd5c0200fd8901fda901fdfb01fde601fde401fd0b0400201341046a2113' +
  '0c000b0b201220016a2112201041016a21100c000b0b4100211602400340201620034f0d01200e200d20161b200f200b' +
  '6c4102746a211b41002117024003402017200b4f0d01200c200820174102746a28020020036c20166a4102746a211520' +
  '0920174102746a28020021182009201741016a4102746a28020021194300000000211a02400340201820194f0d01201a' +
  '20152a0200200a20184102746a2a02009492211a201520034102746a2115201841016a21180c000b0b201b2017410274' +
  '6a201a380200201741016a21170c000b0b201641016a21160c000b0b200f41016a210f0c000b0b0b';

type AverageFn = (
  src: number, stride: number, rowBytes: number, step: number,
  ystart: number, yoff: number, yw: number, outH: number,
  xstart: number, xoff: number, xw: number, outW: number,
  acc: number, out0: number, out1: number,
) => void;

let kernelEnabled = true;

/** Turns the WebAssembly averaging off (new YuvShrinkers then use the JS) or back on. For tests and benchmarks. */
export function setYuvKernelEnabled(on: boolean): void {
  kernelEnabled = on;
}

const LUMA: Record<YuvColour['matrix'], [kr: number, kb: number]> = {
  bt601: [0.299, 0.114],
  bt709: [0.2126, 0.0722],
  bt2020: [0.2627, 0.0593],
};

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
  /** The sizes the taps were built for ('' before the first build). */
  key = '';

  build(outputs: number, span: number, length: number): void {
    const key = `${outputs} ${span} ${length}`;
    if (key === this.key) return;
    this.key = key;
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
 * Averages one plane into `outs` (outW x outH each): one plane of samples, or NV12's interleaved UV
 * (`outs` = [U, V], samples 2 bytes apart). Rows first (a weighted sum of whole source rows: a plain
 * loop over bytes), then each summed row's taps: 2-3x faster than tap-by-tap in both directions.
 */
function averagePlane(
  src: Uint8Array,
  base: number,
  stride: number,
  samples: number,
  xs: AxisTaps,
  ys: AxisTaps,
  acc: Float32Array,
  outs: readonly Float32Array[],
  outW: number,
  outH: number,
): void {
  const step = outs.length;
  const rowBytes = samples * step;
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
    for (let c = 0; c < step; c++) {
      const out = outs[c];
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
 * The WebAssembly averaging and its memory: the planes first (the frame can be copied straight there),
 * then the row sum, the four axes' taps and the three averaged planes, laid out again only when a
 * size changes.
 */
class AverageKernel {
  private planeCap = 0;
  private key = '';
  private accAt = 0;
  private tapsAt: Array<{ start: number; offset: number; weights: number }> = [];
  private outAt = [0, 0, 0];
  /** Where the planes go (planeCap bytes; read-only slack after them for the vector loads). */
  planes = new Uint8Array(0);
  /** The averaged Y, U, V planes. */
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

  /** Whether `bytes` are this kernel's planes (written in place). */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.memory.buffer && bytes.byteOffset === 0;
  }

  /** Room for `bytes` of planes at the start of memory (the layout after it is redone by the next `lay`). */
  reserve(bytes: number): void {
    if (bytes <= this.planeCap && this.planes.length > 0) return;
    this.planeCap = align(bytes);
    this.key = '';
    this.grow(this.planeCap + 16);
    this.planes = new Uint8Array(this.memory.buffer, 0, this.planeCap);
  }

  /** Lays out the row sum (`accFloats`), the taps of `axes` and three `n`-sample planes after the planes. */
  lay(accFloats: number, axes: readonly AxisTaps[], n: number): void {
    const key = `${this.planeCap} ${accFloats} ${n} ${axes.map((a) => a.key).join('|')}`;
    if (key === this.key && this.averaged.length > 0 && this.averaged[0].buffer === this.memory.buffer) return;
    let at = this.planeCap + 16;
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
    this.planes = new Uint8Array(buffer, 0, this.planeCap);
    this.averaged = this.outAt.map((o) => new Float32Array(buffer, o, n));
    this.key = key;
  }

  /** Averages the plane at `offset` of the planes (see yuv-shrink.wat) with axes `xAxis`, `yAxis` into planes `outs`. */
  run(offset: number, stride: number, rowBytes: number, step: number, xAxis: number, yAxis: number, outW: number, outH: number, outs: readonly number[]): void {
    const x = this.tapsAt[xAxis];
    const y = this.tapsAt[yAxis];
    this.average(offset, stride, rowBytes, step, y.start, y.offset, y.weights, outH, x.start, x.offset, x.weights, outW,
      this.accAt, this.outAt[outs[0]], this.outAt[outs[outs.length - 1]]);
  }

  private grow(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }
}

/** Shrinks YUV frames to RGBA by area averaging; one per worker model, reused for every frame. */
export class YuvShrinker {
  private readonly lumaX = new AxisTaps();
  private readonly lumaY = new AxisTaps();
  private readonly chromaX = new AxisTaps();
  private readonly chromaY = new AxisTaps();
  private y = new Float32Array(0);
  private u = new Float32Array(0);
  private v = new Float32Array(0);
  // the planes' outputs as averagePlane takes them (built with the planes, not per frame)
  private luma = [this.y];
  private uv = [this.u, this.v];
  private uOnly = [this.u];
  private vOnly = [this.v];
  private acc = new Float32Array(0);
  private readonly kernel = AverageKernel.create();
  /** Whether the averaging runs in WebAssembly (false: the JS fallback). */
  readonly simd = this.kernel !== null;
  private ownPlanes = new Uint8Array(0);
  private clamped: Uint8ClampedArray<ArrayBufferLike> = new Uint8ClampedArray(0); // the last output, viewed as clamped bytes (kept while it is the same)

  /**
   * Where to put a frame's `bytes` of planes before `shrink`: the kernel's memory when it runs (no copy
   * in), else a buffer of this shrinker's. Valid until the next call.
   */
  planesFor(bytes: number): Uint8Array {
    if (this.kernel) {
      this.kernel.reserve(bytes);
      return this.kernel.planes;
    }
    if (this.ownPlanes.length < bytes) this.ownPlanes = new Uint8Array(bytes);
    return this.ownPlanes;
  }

  /**
   * Writes the `width` x `height` picture in `src` (planes at `layout`, 4:2:0) shrunk to `outW` x `outH`
   * (each at most the source's size) as opaque RGBA into `out` (outW·outH·4 bytes, rows packed).
   */
  shrink(
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
    if (outW > width || outH > height || outW < 1 || outH < 1) throw new RangeError(`cannot shrink ${width}x${height} to ${outW}x${outH}`);
    const cw = (width + 1) >> 1;
    const ch = (height + 1) >> 1;
    this.lumaX.build(outW, width / outW, width);
    this.lumaY.build(outH, height / outH, height);
    this.chromaX.build(outW, width / outW / 2, cw);
    this.chromaY.build(outH, height / outH / 2, ch);
    const n = outW * outH;
    const k = this.kernel;
    if (k) {
      if (!k.holds(src)) {
        k.reserve(src.length);
        k.planes.set(src); // not written in place (planesFor): copy in
      }
      k.lay(width + 1, [this.lumaX, this.lumaY, this.chromaX, this.chromaY], n); // growing keeps the planes
      k.run(layout[0].offset, layout[0].stride, width, 1, 0, 1, outW, outH, [0]);
      if (format === 'NV12') {
        k.run(layout[1].offset, layout[1].stride, 2 * cw, 2, 2, 3, outW, outH, [1, 2]);
      } else {
        k.run(layout[1].offset, layout[1].stride, cw, 1, 2, 3, outW, outH, [1]);
        k.run(layout[2].offset, layout[2].stride, cw, 1, 2, 3, outW, outH, [2]);
      }
      const [y, u, v] = k.averaged;
      toRgba(y, u, v, n, colour, this.clampedView(out));
      return;
    }
    if (this.y.length < n) {
      this.y = new Float32Array(n);
      this.u = new Float32Array(n);
      this.v = new Float32Array(n);
      this.luma = [this.y];
      this.uv = [this.u, this.v];
      this.uOnly = [this.u];
      this.vOnly = [this.v];
    }
    if (this.acc.length < width) this.acc = new Float32Array(width + 1); // NV12's UV row: 2·ceil(width / 2) bytes
    averagePlane(src, layout[0].offset, layout[0].stride, width, this.lumaX, this.lumaY, this.acc, this.luma, outW, outH);
    if (format === 'NV12') {
      averagePlane(src, layout[1].offset, layout[1].stride, cw, this.chromaX, this.chromaY, this.acc, this.uv, outW, outH);
    } else {
      averagePlane(src, layout[1].offset, layout[1].stride, cw, this.chromaX, this.chromaY, this.acc, this.uOnly, outW, outH);
      averagePlane(src, layout[2].offset, layout[2].stride, cw, this.chromaX, this.chromaY, this.acc, this.vOnly, outW, outH);
    }
    toRgba(this.y, this.u, this.v, n, colour, this.clampedView(out));
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
function toRgba(y: Float32Array, u: Float32Array, v: Float32Array, n: number, colour: YuvColour, out: Uint8ClampedArray): void {
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
