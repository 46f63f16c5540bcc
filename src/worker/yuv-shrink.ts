// A YUV video frame (I420, I420A, NV12) shrunk to the model's size by area averaging, then converted to
// RGB (issue 15). Reading a <video>'s frame as RGB costs 24-48 ms of CPU per 1280x960 frame in headless
// Chromium (copyTo RGBA, a canvas draw, createImageBitmap: each converts every pixel), while its planes
// copy as they are in 6-8 ms. Averaging first and converting the 320x240 result is ~16x less colour
// work; the conversion is affine, so averaging before or after gives the same colour (up to rounding and
// the clamp of out-of-range pixels). This is the 'smooth' filter (area-averaging when shrinking) for
// YUV frames; the other frames keep the canvas' high-quality scaler.
//
// Pure TypeScript over bytes: no DOM, so it runs in Node's tests as in the worker. Nothing is allocated
// per frame: the tap tables and row sums are rebuilt only when a size changes.

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
  private key = '';

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
    toRgba(this.y, this.u, this.v, n, colour, out);
  }
}

/** Converts averaged Y, U, V samples to opaque RGBA bytes (rounded, clamped). */
function toRgba(y: Float32Array, u: Float32Array, v: Float32Array, n: number, colour: YuvColour, out: Uint8Array | Uint8ClampedArray): void {
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
    out[o] = clampByte(l + rv * cr);
    out[o + 1] = clampByte(l - gu * cb - gv * cr);
    out[o + 2] = clampByte(l + bu * cb);
    out[o + 3] = 255;
  }
}

function clampByte(x: number): number {
  return x <= 0 ? 0 : x >= 255 ? 255 : Math.round(x);
}
