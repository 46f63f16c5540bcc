// A video frame shrunk to the model's size by area averaging, read from its bytes as they are (issue
// 15): the 'smooth' filter (area-averaging when shrinking) for VideoFrames, which the canvas' scaler
// made slow. In headless Chromium a 1280x960 frame of a playing <video> cost 24-48 ms of CPU to draw on a
// canvas at 320x240 or to copy as RGBA, against 0.15 ms (I420) or 0.4 ms (BGRA) to copy as it is in
// the worker, and 0.6 ms (I420) or 1.0 ms (BGRA) in Node for what this module does with the copy:
// - YUV (I420, I420A, NV12): each plane averaged, then the 320x240 result converted to RGB, 16x less
//   colour work than converting every pixel. The conversion is affine, so averaging before or after it
//   gives the same colour up to rounding and the clamp of out-of-range pixels.
// - RGB (RGBA, RGBX, BGRA, BGRX, e.g. a canvas stream's frames): the three colour bytes averaged, kept in
//   the frame's order (the packers read BGRA too); the fourth byte is not averaged (set to 255).
//
// Pure TypeScript over bytes: no DOM, so it runs in Node's tests as in the worker. Nothing is allocated
// per frame: the tap tables and sums are rebuilt only when a size changes. The work runs in WebAssembly
// SIMD where it can (tools/wasm/area-average.wat), the JS staying as the fallback (5-6 ms for I420):
// source rows summed sixteen bytes a step (as integers when they weigh the same, the usual shrink by a
// whole factor), output samples four at a time, and the colour map (YUV -> RGB, or none) with its
// rounding and clamping. 1280x960 -> 320x240 in Node: I420 1.5 -> 0.6 ms, BGRA 2.5 -> 1.0 ms against
// the kernel's first version (four bytes a step in float, scalar taps, the colour map in JS).

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

/** The matrices this module converts, in the order of `colourIndex`. */
const MATRICES: readonly YuvColour['matrix'][] = ['bt601', 'bt709', 'bt2020'];

/** Every YuvColour, made once: frames' colours are these objects (nothing is allocated per frame). */
const COLOURS: readonly YuvColour[] = MATRICES.flatMap((matrix) => [false, true].map((fullRange) => Object.freeze({ matrix, fullRange })));

/** A colour's place in COLOURS (0-5). */
export function colourIndex(colour: YuvColour): number {
  return MATRICES.indexOf(colour.matrix) * 2 + (colour.fullRange ? 1 : 0);
}

/**
 * The matrix of a VideoFrame's colour space (VideoColorSpace.matrix / fullRange), or null for one this
 * module does not convert (RGB, YCgCo…). An unspecified matrix is BT.601, as browsers assume. The
 * same object for the same colour.
 */
export function yuvColourOf(matrix: string | null | undefined, fullRange: boolean | null | undefined): YuvColour | null {
  const full = fullRange === true ? 1 : 0;
  switch (matrix ?? null) {
    case null:
    case 'smpte170m':
    case 'bt470bg':
      return COLOURS[full];
    case 'bt709':
      return COLOURS[2 + full];
    case 'bt2020-ncl':
      return COLOURS[4 + full];
    default:
      return null;
  }
}

/** The averaging kernel's bytes (`node tools/wasm/build.mjs area-average` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d0100000001200260137f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f0060067f7f7f7f7f7f00030302000105' +
  '03010001071f03066d656d6f727902000761766572616765000008746f5f627974657300010ac50b02850906057f017b' +
  '077f077b017d027f2002410f6a417071211e200e201e4102746a21292003410274fd11212602400340201320074f0d01' +
  '200520134102746a28020021142005201341016a4102746a28020021152000200420134102746a28020020016c6a2116' +
  '200620144102746a2a02002127201520146b4181024d2128201441016a211c02400340201c20154f0d012006201c4102' +
  '746a2a020020275c0440410021280b201c41016a211c0c000b0b2028044041002117024003402017201e4f0d01202920' +
  '174101746a21192019fd0c00000000000000000000000000000000fd0b04002019fd0c00000000000000000000000000' +
  '000000fd0b0410201741106a21170c000b0b02400340201420154f0d0141002117024003402017201e4f0d0120292017' +
  '4101746a2119201620176afd000400212020192019fd0004002020fd8901fd8e01fd0b040020192019fd0004102020fd' +
  '8a01fd8e01fd0b0410201741106a21170c000b0b201620016a2116201441016a21140c000b0b2027fd13211841002117' +
  '024003402017201e4f0d01200e20174102746a2119202920174101746afd0004002121202920174101746afd00041021' +
  '22201920182021fda901fdfb01fde601fd0b0400201920182021fdaa01fdfb01fde601fd0b0410201920182022fda901' +
  'fdfb01fde601fd0b0420201920182022fdaa01fdfb01fde601fd0b0430201741106a21170c000b0b0541002117024003' +
  '402017201e4f0d01200e20174102746a21192019fd0c00000000000000000000000000000000fd0b04002019fd0c0000' +
  '0000000000000000000000000000fd0b04102019fd0c00000000000000000000000000000000fd0b04202019fd0c0000' +
  '0000000000000000000000000000fd0b0430201741106a21170c000b0b02400340201420154f0d01200620144102746a' +
  '2a0200fd13211841002117024003402017201e4f0d01200e20174102746a2119201620176afd00040021202020fd8901' +
  '21212020fd8a01212220192019fd00040020182021fda901fdfb01fde601fde401fd0b040020192019fd000410201820' +
  '21fdaa01fdfb01fde601fde401fd0b041020192019fd00042020182022fda901fdfb01fde601fde401fd0b0420201920' +
  '19fd00043020182022fdaa01fdfb01fde601fde401fd0b0430201741106a21170c000b0b201620016a2116201441016a' +
  '21140c000b0b0b4100211a02400340201a200f4f0d0120122011201a4102461b2010201a1b2013200d6c4102746a211f' +
  '200e201a4102746afd1121254100211b4100211d02400340201b200b4f0d01fd0c000000000000000000000000000000' +
  '0021234100211c02400340201c200c4f0d0120252009201d6afd0004002026fdb501fdae0121242024fd1b002a0200fd' +
  '13212020202024fd1b012a0200fd2001212020202024fd1b022a0200fd2002212020202024fd1b032a0200fd20032120' +
  '20232020200a201d6afd000400fde601fde4012123201d41106a211d201c41016a211c0c000b0b201f2008201b410274' +
  '6a2802004102746a2023fd0b0400201b41016a211b0c000b0b201a41016a211a0c000b0b201341016a21130c000b0b0b' +
  'bb0202017f067b02400340200620034e0d01200020064102746afd0004002107200120064102746afd00040021082002' +
  '20064102746afd000400210920072004fd090200fde60120082004fd090204fde601fde40120092004fd090208fde601' +
  '2004fd09020cfde401fde401fd6afdf801210a20072004fd090210fde60120082004fd090214fde601fde40120092004' +
  'fd090218fde6012004fd09021cfde401fde401fd6afdf801210b20072004fd090220fde60120082004fd090224fde601' +
  'fde40120092004fd090228fde6012004fd09022cfde401fde401fd6afdf801210c200520064102746a200a200bfd8501' +
  '200cfd0cff000000ff000000ff000000ff000000fd8501fd66fd0c00000000000000000000000000000000fd0d000408' +
  '0c0105090d02060a0e03070b0ffd0b0400200641046a21060c000b0b0b';

type AverageFn = (
  src: number, stride: number, rowBytes: number, step: number,
  ystart: number, yoff: number, yw: number, outH: number,
  gfirst: number, gidx: number, gw: number, groups: number, taps: number, outW: number,
  acc: number, channels: number, out0: number, out1: number, out2: number,
) => void;
type ToBytesFn = (p0: number, p1: number, p2: number, n: number, coef: number, out: number) => void;

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
  /**
   * The kernel's view of the same taps, outputs in groups of four (outputs >= 4; the last group of a
   * row overlaps the one before it): each group's first output, then for each group, tap and output
   * the sample read and its weight (`taps` per group: the longest footprint, shorter ones padded
   * with weight 0 on their last sample).
   */
  groupFirst = new Int32Array(0);
  groupIndex = new Int32Array(0);
  groupWeights = new Float32Array(0);
  taps = 0;
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
    this.group(outputs);
  }

  private group(outputs: number): void {
    const groups = outputs >= 4 ? Math.ceil(outputs / 4) : 0;
    let taps = 0;
    for (let i = 0; i < outputs; i++) taps = Math.max(taps, this.offset[i + 1] - this.offset[i]);
    this.taps = taps;
    this.groupFirst = new Int32Array(groups);
    this.groupIndex = new Int32Array(groups * taps * 4);
    this.groupWeights = new Float32Array(groups * taps * 4);
    for (let g = 0; g < groups; g++) {
      const first = Math.min(4 * g, outputs - 4);
      this.groupFirst[g] = first;
      for (let lane = 0; lane < 4; lane++) {
        const i = first + lane;
        const begin = this.offset[i];
        const count = this.offset[i + 1] - begin;
        for (let k = 0; k < taps; k++) {
          const at = (g * taps + k) * 4 + lane;
          this.groupIndex[at] = this.start[i] + Math.min(k, count - 1);
          this.groupWeights[at] = k < count ? this.weights[begin + k] : 0;
        }
      }
    }
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

/** The tables of one axis in the kernel's memory (byte addresses). */
interface AxisAt {
  start: number;
  offset: number;
  weights: number;
  groupFirst: number;
  groupIndex: number;
  groupWeights: number;
}

/**
 * The WebAssembly averaging and its memory: the source bytes first (a frame can be copied straight
 * there), then the row sum, the four axes' taps, the colour map, three averaged planes and the output
 * pixels, laid out again only when a size changes.
 */
class AverageKernel {
  private sourceCap = 0;
  private laid: number[] = []; // what the layout was made for: source, row sum, planes, the taps' versions
  private accAt = 0;
  private axesAt: AxisAt[] = [];
  private axes: readonly AxisTaps[] = [];
  private outAt = [0, 0, 0];
  private coefAt = 0;
  private bytesAt = 0;
  private coef = new Float32Array(0);
  /** Where the source goes (sourceCap bytes; read-only slack after it for the vector loads). */
  source = new Uint8Array(0);
  /** The three averaged planes (Y, U, V or the colour bytes in the frame's order). */
  averaged: Float32Array[] = [];
  /** The four-byte pixels `toBytes` writes. */
  pixels = new Uint8Array(0);

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly average: AverageFn,
    private readonly convert: ToBytesFn,
  ) {}

  static create(): AverageKernel | null {
    if (!kernelEnabled) return null;
    const exports = instantiateKernel(KERNEL_HEX);
    return exports
      ? new AverageKernel(exports.memory as WebAssembly.Memory, exports.average as AverageFn, exports.to_bytes as ToBytesFn)
      : null;
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

  /** Lays out the row sum (`accFloats`), the taps of `axes`, three `n`-sample planes and n pixels after the source. */
  lay(accFloats: number, axes: readonly AxisTaps[], n: number): void {
    const l = this.laid;
    let same = l.length === 3 + axes.length && l[0] === this.sourceCap && l[1] === accFloats && l[2] === n;
    for (let i = 0; same && i < axes.length; i++) same = axes[i].version === l[3 + i];
    if (same) return;
    let at = this.sourceCap + 16; // the source's last row may be read 15 bytes past its end
    const take = (bytes: number) => {
      const here = at;
      at += align(bytes);
      return here;
    };
    this.accAt = take((accFloats + 16) * 6); // f32 then u16 sums, in steps of 16 bytes
    this.axesAt = axes.map((a) => ({
      start: take(a.start.byteLength),
      offset: take(a.offset.byteLength),
      weights: take(a.weights.byteLength),
      groupFirst: take(a.groupFirst.byteLength),
      groupIndex: take(a.groupIndex.byteLength),
      groupWeights: take(a.groupWeights.byteLength),
    }));
    this.coefAt = take(48);
    this.outAt = [take(n * 4), take(n * 4), take(n * 4 + 16)]; // to_bytes reads 3 floats past each
    this.bytesAt = take(n * 4 + 16); // and writes 12 bytes past the pixels
    this.grow(at);
    const buffer = this.memory.buffer;
    axes.forEach((a, i) => {
      const where = this.axesAt[i];
      new Int32Array(buffer, where.start, a.start.length).set(a.start);
      new Int32Array(buffer, where.offset, a.offset.length).set(a.offset);
      new Float32Array(buffer, where.weights, a.weights.length).set(a.weights);
      new Int32Array(buffer, where.groupFirst, a.groupFirst.length).set(a.groupFirst);
      new Int32Array(buffer, where.groupIndex, a.groupIndex.length).set(a.groupIndex);
      new Float32Array(buffer, where.groupWeights, a.groupWeights.length).set(a.groupWeights);
    });
    this.axes = axes;
    this.source = new Uint8Array(buffer, 0, this.sourceCap);
    this.averaged = this.outAt.map((o) => new Float32Array(buffer, o, n));
    this.coef = new Float32Array(buffer, this.coefAt, 12);
    this.pixels = new Uint8Array(buffer, this.bytesAt, n * 4);
    this.laid = [this.sourceCap, accFloats, n, ...axes.map((a) => a.version)];
  }

  /**
   * Averages the plane at byte `offset` of the source with axes `xAxis`, `yAxis` (indices into `lay`'s
   * axes; outW >= 4): `channels` bytes of each `step` into averaged planes first, first + 1, …
   * (area-average.wat).
   */
  run(offset: number, stride: number, rowBytes: number, step: number, channels: number, xAxis: number, yAxis: number, outW: number, outH: number, first: number): void {
    const x = this.axesAt[xAxis];
    const y = this.axesAt[yAxis];
    const o = this.outAt;
    this.average(offset, stride, rowBytes, step, y.start, y.offset, y.weights, outH,
      x.groupFirst, x.groupIndex, x.groupWeights, this.axes[xAxis].groupFirst.length, this.axes[xAxis].taps, outW,
      this.accAt, channels, o[first], o[Math.min(2, first + 1)], o[2]);
  }

  /**
   * The averaged planes as `pixels` (n of them): byte j = m[j]·(plane 0, 1, 2) + m[j][3], rounded and
   * clamped, byte 3 = 255. `map`: three rows of four.
   */
  toBytes(map: ArrayLike<number>, n: number): Uint8Array {
    this.coef.set(map);
    const o = this.outAt;
    this.convert(o[0], o[1], o[2], n, this.coefAt, this.bytesAt);
    return this.pixels;
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
  private running: AverageKernel | null = null; // the kernel, when it runs this shrink (it needs outW >= 4)

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
    this.toBytes(COLOUR_MAPS[colourIndex(colour)], out, outW * outH);
  }

  /**
   * Writes the `width` x `height` picture in `src` (four bytes a pixel, rows `stride` bytes apart from
   * byte 0) shrunk to `outW` x `outH` into `out`: the first three bytes of each pixel averaged, in the
   * source's order, the fourth 255.
   */
  shrinkRgb(src: Uint8Array, stride: number, width: number, height: number, out: Uint8Array | Uint8ClampedArray, outW: number, outH: number): void {
    this.prepare(src, width, height, outW, outH, 4 * width, false);
    this.average(src, 0, stride, 4 * width, 4, 3, 0, 1, outW, outH, 0);
    this.toBytes(IDENTITY, out, outW * outH);
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
    this.running = outW >= 4 ? k : null; // the kernel writes four outputs at a time
    if (k && this.running) {
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
    if (this.running) this.running.run(offset, stride, rowBytes, step, channels, xAxis, yAxis, outW, outH, first);
    else averagePlane(src, offset, stride, rowBytes, step, this.axes[xAxis], this.axes[yAxis], this.acc, this.planes, first, channels, outW, outH);
  }

  /** The averaged planes through `map` (COLOUR_MAPS' rows) into `out` as n opaque four-byte pixels. */
  private toBytes(map: readonly number[], out: Uint8Array | Uint8ClampedArray, n: number): void {
    if (this.running) {
      out.set(this.running.toBytes(map, n));
      return;
    }
    const [a, b, c] = this.planes;
    mapToBytes(a, b, c, n, map, this.clampedView(out));
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

/** The colour map that keeps the three averaged planes as they are (RGB frames). */
const IDENTITY: readonly number[] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

/** The YUV -> RGB map of each colour (colourIndex order), three rows of four: R, G, B = row · (Y, U, V) + row[3]. */
const COLOUR_MAPS: readonly (readonly number[])[] = COLOURS.map((colour) => {
  const [kr, kb] = LUMA[colour.matrix];
  const kg = 1 - kr - kb;
  const ys = colour.fullRange ? 1 : 255 / 219;
  const cs = colour.fullRange ? 1 : 255 / 224;
  const y0 = colour.fullRange ? 0 : 16;
  const rv = 2 * (1 - kr) * cs;
  const gu = ((2 * (1 - kb) * kb) / kg) * cs;
  const gv = ((2 * (1 - kr) * kr) / kg) * cs;
  const bu = 2 * (1 - kb) * cs;
  const l0 = -y0 * ys;
  return [ys, 0, rv, l0 - 128 * rv, ys, -gu, -gv, l0 + 128 * (gu + gv), ys, bu, 0, l0 - 128 * bu];
});

/**
 * Opaque four-byte pixels from three planes through `map` (COLOUR_MAPS' rows), the JS fallback of the
 * kernel's to_bytes: written through a Uint8ClampedArray, whose stores round and clamp natively (a
 * clamp-and-round in JS took 2.5 ms for 320x240 in the worker, this 0.3).
 */
function mapToBytes(a: Float32Array, b: Float32Array, c: Float32Array, n: number, map: readonly number[], out: Uint8ClampedArray): void {
  const [r0, r1, r2, r3, g0, g1, g2, g3, b0, b1, b2, b3] = map;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const x = a[i];
    const y = b[i];
    const z = c[i];
    out[o] = r0 * x + r1 * y + r2 * z + r3;
    out[o + 1] = g0 * x + g1 * y + g2 * z + g3;
    out[o + 2] = b0 * x + b1 * y + b2 * z + b3;
    out[o + 3] = 255;
  }
}
