// in: a decoded YUV 4:2:0 VideoFrame (I420, I420A, NV12); out: its RGBA bytes at its own size, computed
// with the integer arithmetic of libyuv's I420ToABGR / NV12ToABGR (tools/wasm/yuv-rgba.wat), which is
// what Chromium's VideoFrame.copyTo(RGBA) and its canvas draw compute for a software decoder's frames.
// The 'bilinear' path reads every video frame whole (frame-pixels.ts); copying the planes as they are
// and converting them here takes ~0.3 + 0.2 ms for a 768x432 frame where copyTo(RGBA) takes 0.9-1.4 ms
// (issue 15). frame-pixels.ts uses it for a kind of frame only after its first frame came out
// byte-identical to the canvas draw, so a browser that converts otherwise keeps its own conversion.

import { instantiateKernel } from '../postprocess/wasm-kernel.js';
import { colourIndex, isShrinkableYuv, yuvColourOf, type PlaneLayout, type YuvFormat } from './area-shrink.js';

/** The kernel's bytes (`node tools/wasm/build.mjs yuv-rgba` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d01000000011802600f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f0060017f017f0303020001050301000107140206' +
  '6d656d6f7279020007636f6e7665727400000ac30702a90703067f177b067f200dfd102120200efd1021212009fd1021' +
  '22200afd102123200bfd102124200cfd102125418001fd10212641ff01fd0f21272006211402400340200f20084f0d01' +
  '2000200f20016c6a21112002200f41017620046c6a21122003200f41017620046c6a2113410021100240034020104110' +
  '6a20074b0d01201120106afd000400211520054101460440201220104101766afd5d03002116201320104101766afd5d' +
  '0300211720162016fd0d00000101020203030404050506060707211620172017fd0d0000010102020303040405050606' +
  '0707211705201220106afd0004002116201320106afd000400211720162016fd0d000002020404060608080a0a0c0c0e' +
  '0e211620172017fd0d000002020404060608080a0a0c0c0e0e21170b4100212c0340202c04402015fd8a0121282016fd' +
  '8a012026fd910121292017fd8a012026fd9101212a052015fd890121282016fd89012026fd910121292017fd89012026' +
  'fd9101212a0b2028418102fd10fd9501212820282020fdbe014110fdad0120282020fdbf014110fdad01fd85012021fd' +
  '8e01212b202b202a2025fd9501fd8f014106fd8c01211b202b20292023fd9501202a2024fd9501fd8e01fd92014106fd' +
  '8c01211c202b20292022fd9501fd8f014106fd8c01211d202c04402018201bfd6621182019201cfd662119201a201dfd' +
  '66211a05201b2118201c2119201d211a0b202c41016a212c202c4102490d000b20182019fd0d00100111021203130414' +
  '051506160717211e201a2027fd0d00100111021203130414051506160717211f2014201e201ffd0d0001101102031213' +
  '0405141506071617fd0b04002014201e201ffd0d080918190a0b1a1b0c0d1c1d0e0f1e1ffd0b041020182019fd0d0818' +
  '09190a1a0b1b0c1c0d1d0e1e0f1f211e201a2027fd0d081809190a1a0b1b0c1c0d1d0e1e0f1f211f2014201e201ffd0d' +
  '00011011020312130405141506071617fd0b04202014201e201ffd0d080918190a0b1a1b0c0d1c1d0e0f1e1ffd0b0430' +
  '201441c0006a2114201041106a21100c000b0b02400340201020074f0d01201120106a2d00004181026c21312031200d' +
  '6c411076200e6a212d201041017620056c2130201220306a2d00004180016b212e201320306a2d00004180016b212f20' +
  '14202d202f200c6c6a41067510013a00002014202d202e200a6c202f200b6c6a6b41067510013a00012014202d202e20' +
  '096c6a41067510013a0002201441ff013a0003201441046a2114201041016a21100c000b0b200f41016a210f0c000b0b' +
  '0b1600410041ff012000200041ff014a1b20004100481b0b';

/**
 * libyuv's YuvConstants for each colour of `colourIndex` (BT.601, BT.709, BT.2020; limited, full
 * range): ub, ug, vg, vr (the chroma terms, ·64) and yg, yb (the luma scale ·64·65536/257 and bias).
 */
export const LIBYUV_CONSTANTS: readonly (readonly [number, number, number, number, number, number])[] = [
  [128, 25, 52, 102, 18997, -1160], // BT.601 limited (kYuvI601Constants)
  [113, 22, 46, 90, 16320, 32], // BT.601 full, JPEG (kYuvJPEGConstants)
  [128, 14, 34, 115, 18997, -1160], // BT.709 limited (kYuvH709Constants)
  [119, 12, 30, 101, 16320, 32], // BT.709 full (kYuvF709Constants)
  [128, 12, 42, 107, 19003, -1160], // BT.2020 limited (kYuv2020Constants)
  [120, 11, 37, 94, 16320, 32], // BT.2020 full (kYuvV2020Constants)
];

type ConvertFn = (
  y: number, ystride: number, u: number, v: number, cstride: number, cstep: number,
  dst: number, w: number, h: number,
  ub: number, ug: number, vg: number, vr: number, yg: number, yb: number,
) => void;

/** Where the planes of a copied frame are (VideoFrame.copyTo's answer). */
export interface YuvPlanes {
  /** The copied bytes. */
  bytes: Uint8Array;
  /** Each plane's first byte and row length in `bytes`: Y, U, V (I420, I420A: and A) or Y, UV (NV12). */
  layout: readonly PlaneLayout[];
  /** 'NV12' (interleaved chroma) or a planar layout. */
  format: YuvFormat;
}

/** The `colourIndex` of a 4:2:0 frame in a YUV colour libyuv has constants for; -1 for any other frame. */
function colourOf(frame: VideoFrame): number {
  if (!isShrinkableYuv(frame.format)) return -1;
  const colour = yuvColourOf(frame.colorSpace.matrix, frame.colorSpace.fullRange);
  return colour ? colourIndex(colour) : -1;
}

/** Converts YUV 4:2:0 VideoFrames to RGBA in a WebAssembly kernel; reused for every frame. */
export class YuvToRgba {
  private planes = new Uint8Array(0);
  private pixels = new Uint8Array(0);

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly kernel: ConvertFn,
  ) {}

  /** The converter, or null where WebAssembly SIMD cannot run (the caller reads frames another way). */
  static create(): YuvToRgba | null {
    const exports = instantiateKernel(KERNEL_HEX);
    return exports ? new YuvToRgba(exports.memory as WebAssembly.Memory, exports.convert as ConvertFn) : null;
  }

  /** Whether `frame` is a kind this converts: a 4:2:0 layout in a YUV colour libyuv has constants for. */
  static converts(frame: VideoFrame): boolean {
    return colourOf(frame) >= 0;
  }

  /**
   * Writes `frame`'s visible picture as RGBA into `target` (width·height·4 bytes, width x height the
   * visible size); false, with `target` untouched, when the frame cannot be read so (another format or
   * colour, a visible rect at odd coordinates).
   */
  async convert(frame: VideoFrame, target: Uint8Array): Promise<boolean> {
    const rect = frame.visibleRect;
    const colour = colourOf(frame);
    if (!rect || colour < 0) return false;
    const { width, height } = rect;
    if (target.length !== width * height * 4) return false;
    const options = { rect: { x: rect.x, y: rect.y, width, height } };
    let layout: readonly PlaneLayout[];
    try {
      this.reserve(frame.allocationSize(options), width * height * 4);
      layout = await frame.copyTo(this.planes, options);
    } catch {
      return false;
    }
    this.run({ bytes: this.planes, layout, format: frame.format as YuvFormat }, width, height, colour);
    target.set(this.pixels);
    return true;
  }

  /**
   * Converts planes already in the kernel's memory (`planesFor`) and returns the RGBA bytes (the
   * kernel's memory: valid until the next call). `colour` is a `colourIndex`.
   */
  run(planes: YuvPlanes, width: number, height: number, colour: number): Uint8Array {
    const [ub, ug, vg, vr, yg, yb] = LIBYUV_CONSTANTS[colour];
    const base = planes.bytes.byteOffset;
    const [luma, chroma, second] = planes.layout;
    const nv12 = planes.format === 'NV12';
    const u = base + chroma.offset;
    const v = nv12 ? u + 1 : base + second.offset;
    this.kernel(base + luma.offset, luma.stride, u, v, chroma.stride, nv12 ? 2 : 1, this.pixels.byteOffset, width, height, ub, ug, vg, vr, yg, yb);
    return this.pixels;
  }

  /** The kernel's room for `bytes` of planes (a frame's allocationSize), with `pixels` bytes of output after it. */
  planesFor(bytes: number, pixels: number): Uint8Array {
    this.reserve(bytes, pixels);
    return this.planes;
  }

  private reserve(planeBytes: number, pixelBytes: number): void {
    if (planeBytes === this.planes.length && pixelBytes === this.pixels.length) return;
    // the chroma may be read 16 bytes past a row's last sample: slack after the planes
    const at = Math.ceil((planeBytes + 32) / 16) * 16;
    const need = at + pixelBytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / 65536));
    this.planes = new Uint8Array(this.memory.buffer, 0, planeBytes);
    this.pixels = new Uint8Array(this.memory.buffer, at, pixelBytes);
  }
}
