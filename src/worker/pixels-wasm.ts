// The worker's two pixel hot paths in WebAssembly (tools/wasm/pixels.wat), each giving exactly the
// bytes of its JS definition, which stays as the fallback (no WebAssembly SIMD, a CSP without
// 'wasm-unsafe-eval', or no memory for a huge frame):
// - resize: the bilinear resize of bilinear-resize.ts, the same float64 operations in the same order
//   (SIMD along y), about 3.5x faster (768x432 into 416: 1.1-1.8 ms against 4.5-6.4 ms in Node, load
//   3.5, copies included). It was most of processVideo's 5 ms of preprocessing per frame (issue 15).
// - pack: an RGBA rectangle through the per-channel tables of pixels.ts (PixelPacker.packRect): one
//   32-bit load per pixel and no bounds checks, for the 1:1 path of frames the page already sized.
//   pack_scaled does the same for the usual float32 input (byte · scale, no mean or std) without the
//   tables, four pixels per SIMD step, each value the table's own (the same float64 product, rounded):
//   a 320x240 rectangle in 0.10-0.12 ms against 0.18-0.22 ms through the tables (Node, medians of 3
//   runs), 0.13-0.16 against 0.21-0.24 ms in a worker.
//
// The kernel works in its own memory: the source is copied in (or written there directly by
// VideoFrame.copyTo), the taps are written when the sizes change, the tensor is kept there with its
// pad filled once per layout and convention, and copied out with one `set`.

import type { PreprocessConvention } from '../postprocess/index.js';
import { instantiateKernel } from '../postprocess/wasm-kernel.js';
import type { Taps } from './bilinear-resize.js';
import type { ByteOrder, PixelPacker } from './pixels.js';

/** The kernel's bytes (`node tools/wasm/build.mjs pixels` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d01000000013e04600b7f7f7f7f7f7f7f7f7f7f7f0060087f7f7f7c7c7f7f7f0060147f7f7f7f7f7f7f7f7f7f' +
  '7f7f7f7f7f7f7f7f7f7f00600a7f7f7f7f7f7f7f7f7f7c0003060500010200030503010001072804066d656d6f727902' +
  '0006726573697a650002047061636b00030b7061636b5f7363616c656400040ada0d05da0103047f027c027f20002002' +
  '20016c41046c6a210b200441086c211202400340200c20044f0d01200b2005200c4102746a2802006a210d200b200620' +
  '0c4102746a2802006a210e2007200c4103746a2b0300210f44000000000000f03f200fa121102003200c4103746a2111' +
  '2011200d20086a2d0000b82010a2200e20086a2d0000b8200fa2a0390300201120126a200d20096a2d0000b82010a220' +
  '0e20096a2d0000b8200fa2a0390300201120124101746a200d200a6a2d0000b82010a2200e200a6a2d0000b8200fa2a0' +
  '390300200c41016a210c0c000b0b0be70204017f057b027c027f2003fd1421092004fd14210a4101410220061b211102' +
  '400340200841026a20024b0d01200020084103746afd0004002009fdf201200120084103746afd000400200afdf201fd' +
  'f001210b200bfd75210c200c200b200cfdf10144000000000000e03ffd14fd4c44000000000000f03ffd14fd4efdf001' +
  '210c200cfdfc012011fdab01210d20060440200720084101746a2005200dfd1b006a2f01003b0100200720084101746a' +
  '2005200dfd1b016a2f01003b010205200720084102746a2005200dfd1b006a280200360200200720084102746a200520' +
  '0dfd1b016a2802003602040b200841026a21080c000b0b20082002490440200020084103746a2b03002003a220012008' +
  '4103746a2b03002004a2a0210e200e9c210f200faa200e200fa144000000000000e03f666a2011742110200604402007' +
  '20084101746a200520106a2f01003b010005200720084102746a200520106a2802003602000b0b0bce0203077f027c03' +
  '7f417f2115417f211641024104200d1b211e02400340201420034f0d01200720144102746a2802002117200820144102' +
  '746a280200211820172015460440200a21190520172016460440200b2119052015201648044020172115200a21190520' +
  '172116200b21190b2000200120172019200220042005200620112012201310000b0b20182015460440200a211a052018' +
  '2016460440200b211a052015201648044020182115200a211a0520182116200b211a0b200020012018201a2002200420' +
  '05200620112012201310000b0b200920144103746a2b0300211b44000000000000f03f201ba1211c4100211d02400340' +
  '201d41034f0d012019201d20026c4103746a201a201d20026c4103746a2002201c201b200c201d4180086c6a200d200e' +
  '201d20106c2014200f6c6a201e6c6a1001201d41016a211d0c000b0b201441016a21140c000b0b0bda0201067f200404' +
  '402007410174210f02400340200b20024f0d012005200b20066c4101746a210e200e20014101746a211002400340200e' +
  '20104f0d012000280200210d200e2003200d20087641ff01714101746a2f01003b0100200e200f6a2003200d20097641' +
  'ff01714101746a2f0180083b0100200e200f4101746a2003200d200a7641ff01714101746a2f0180103b010020004104' +
  '6a2100200e41026a210e0c000b0b200b41016a210b0c000b0b052007410274210f02400340200b20024f0d012005200b' +
  '20066c4102746a210e200e20014102746a211002400340200e20104f0d012000280200210d200e2003200d20087641ff' +
  '01714102746a280200360200200e200f6a2003200d20097641ff01714102746a28028008360200200e200f4101746a20' +
  '03200d200a7641ff01714102746a28028010360200200041046a2100200e41046a210e0c000b0b200b41016a210b0c00' +
  '0b0b0b0be60304057f017b017f037bfd0cff000000ff000000ff000000ff00000021132009fd1421112005410274210e' +
  '02400340200a20024f0d012003200a20046c4102746a210b200b20014102746a210c200b2001417c714102746a210d02' +
  '400340200b200d4f0d012000fd000400210f200b200f2006fdad012013fd4e2212fdff012011fdf201fd5e20122012fd' +
  '0d08090a0b0c0d0e0f0001020304050607fdff012011fdf201fd5efd0d00010203040506071011121314151617fd0b04' +
  '00200b200e6a200f2007fdad012013fd4e2212fdff012011fdf201fd5e20122012fd0d08090a0b0c0d0e0f0001020304' +
  '050607fdff012011fdf201fd5efd0d00010203040506071011121314151617fd0b0400200b200e4101746a200f2008fd' +
  'ad012013fd4e2212fdff012011fdf201fd5e20122012fd0d08090a0b0c0d0e0f0001020304050607fdff012011fdf201' +
  'fd5efd0d00010203040506071011121314151617fd0b0400200041106a2100200b41106a210b0c000b0b02400340200b' +
  '200c4f0d0120002802002110200b201020067641ff0171b82009a2b6380200200b200e6a201020077641ff0171b82009' +
  'a2b6380200200b200e4101746a201020087641ff0171b82009a2b6380200200041046a2100200b41046a210b0c000b0b' +
  '200a41016a210a0c000b0b0b';

type ResizeFn = (
  src: number, sw: number, dw: number, dh: number,
  xlo: number, xhi: number, xw: number, ylo: number, yhi: number, yw: number,
  rowa: number, rowb: number, tab: number, half: number, dst: number,
  stride: number, plane: number, o0: number, o1: number, o2: number,
) => void;
type PackFn = (src: number, rw: number, rh: number, tab: number, half: number, dst: number, stride: number, plane: number, s0: number, s1: number, s2: number) => void;
type PackScaledFn = (src: number, rw: number, rh: number, dst: number, stride: number, plane: number, s0: number, s1: number, s2: number, scale: number) => void;

let enabled = true;

/** Turns the WebAssembly kernels off (`WasmPixelKernel.create` then returns null: the JS runs) or back on. For tests and benchmarks. */
export function setWasmPixelsEnabled(on: boolean): void {
  enabled = on;
}

/** One preprocessor's kernel instance and the layout of its memory for the current sizes. */
export class WasmPixelKernel {
  private laidOut = false; // whether the fields below describe a layout in the current memory
  private buffer: ArrayBuffer | null = null;
  // byte addresses in the kernel's memory
  private src = 0;
  private xlo = 0;
  private xhi = 0;
  private xw = 0;
  private ylo = 0;
  private yhi = 0;
  private yw = 0;
  private rowa = 0;
  private rowb = 0;
  private tab = 0;
  private tensorAt = 0;
  private sw = 0;
  private sh = 0;
  private tables32 = new Float32Array(0);
  private tables16 = new Uint16Array(0);
  private resizing = false;
  // the target: a width x height tensor (float16 bits when half), its w x h rectangle at (x, y)
  private width = 0;
  private height = 0;
  private half = false;
  private x = 0;
  private y = 0;
  private w = 0;
  private h = 0;
  /** The source's bytes in the kernel's memory (write a frame here to skip the copy). */
  source = new Uint8Array(0);
  private tensor: Float32Array | Uint16Array = new Float32Array(0);
  // the convention whose pad the tensor holds (null: none yet); reset when the layout changes
  private padded: PreprocessConvention | null = null;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly resizeFn: ResizeFn,
    private readonly packFn: PackFn,
    private readonly packScaledFn: PackScaledFn,
  ) {}

  /** A kernel of its own, or null where it cannot run here (or is turned off). */
  static create(): WasmPixelKernel | null {
    if (!enabled) return null;
    const exports = instantiateKernel(KERNEL_HEX);
    return exports
      ? new WasmPixelKernel(exports.memory as WebAssembly.Memory, exports.resize as ResizeFn, exports.pack as PackFn, exports.pack_scaled as PackScaledFn)
      : null;
  }

  /**
   * Lays the memory out for an sw x sh RGBA source written into the w x h rectangle at (x, y) of a
   * width x height tensor (float32, or float16 bits when `half`): resized when taps are given, packed
   * 1:1 otherwise. Writes the taps when the layout changed. False when the memory cannot grow that
   * far; then `source` is not to be used.
   */
  prepare(sw: number, sh: number, width: number, height: number, half: boolean, x: number, y: number, w: number, h: number, xs?: Taps, ys?: Taps): boolean {
    const resizing = xs !== undefined && ys !== undefined;
    // compared field by field: this runs every frame, and a string key would be built every frame
    if (
      this.laidOut && this.buffer === this.memory.buffer && resizing === this.resizing && sw === this.sw && sh === this.sh &&
      width === this.width && height === this.height && half === this.half && x === this.x && y === this.y && w === this.w && h === this.h
    ) {
      return true;
    }
    const dw = resizing ? w : 0;
    const dh = resizing ? h : 0;
    let at = 0;
    const take = (bytes: number): number => {
      const start = at;
      at = Math.ceil((at + bytes) / 16) * 16;
      return start;
    };
    this.src = take(sw * sh * 4);
    this.xlo = take(dw * 4);
    this.xhi = take(dw * 4);
    this.xw = take(dw * 8);
    this.ylo = take(dh * 4);
    this.yhi = take(dh * 4);
    this.yw = take(dh * 8);
    this.rowa = take(dw * 24);
    this.rowb = take(dw * 24);
    this.tab = take(3 * 1024);
    this.tensorAt = take(3 * width * height * (half ? 2 : 4));
    this.laidOut = false;
    if (this.memory.buffer.byteLength < at) {
      try {
        this.memory.grow(Math.ceil((at - this.memory.buffer.byteLength) / 65536));
      } catch {
        return false;
      }
    }
    const buffer = this.memory.buffer;
    if (resizing) {
      const xLo = new Int32Array(buffer, this.xlo, dw);
      const xHi = new Int32Array(buffer, this.xhi, dw);
      for (let i = 0; i < dw; i++) {
        xLo[i] = xs.lo[i] * 4; // byte offsets of the pixels in a source row
        xHi[i] = xs.hi[i] * 4;
      }
      new Float64Array(buffer, this.xw, dw).set(xs.weight);
      new Int32Array(buffer, this.ylo, dh).set(ys.lo);
      new Int32Array(buffer, this.yhi, dh).set(ys.hi);
      new Float64Array(buffer, this.yw, dh).set(ys.weight);
    }
    this.source = new Uint8Array(buffer, this.src, sw * sh * 4);
    this.tables32 = new Float32Array(buffer, this.tab, 3 * 256);
    this.tables16 = new Uint16Array(buffer, this.tab, 3 * 512);
    this.tensor = half ? new Uint16Array(buffer, this.tensorAt, 3 * width * height) : new Float32Array(buffer, this.tensorAt, 3 * width * height);
    this.padded = null;
    this.resizing = resizing;
    this.width = width;
    this.height = height;
    this.half = half;
    this.x = x;
    this.y = y;
    this.w = w;
    this.h = h;
    this.sw = sw;
    this.sh = sh;
    this.buffer = buffer;
    this.laidOut = true;
    return true;
  }

  /** Copies `src` (at least the prepared source's length) into `source`, unless it is `source`. */
  load(src: Uint8Array | Uint8ClampedArray): void {
    if (src === this.source) return;
    this.source.set(src.length === this.source.length ? src : src.subarray(0, this.source.length));
  }

  /**
   * Writes the prepared rectangle from `source` (resized when prepared with taps, else packed 1:1)
   * through `packer`'s tables for `convention`, fills the pad when the tensor does not hold this
   * convention's yet, and returns the whole tensor where it lies: in the kernel's memory, no copy
   * (issue 15: the 1.2 MB copy out was a tenth of the worker's overhead). The array stays valid and
   * keeps its pad until the next `prepare` that changes the layout. `order` is the source's byte
   * order (a native BGRA copy: the kernels read the channels from the other ends).
   */
  write(packer: PixelPacker, convention: PreprocessConvention, order: ByteOrder = 'RGBA'): Float32Array | Uint16Array {
    const { width, height, half, x, y, w, h } = this;
    const tables = packer.channelTables(convention, this.tensor);
    if (this.padded !== convention) {
      packer.fillPad(convention, this.tensor, width, height, x, y, w, h); // the kernels write only the rectangle
      this.padded = convention;
    }
    for (let c = 0; c < 3; c++) {
      if (half) this.tables16.set(tables[c] as Uint16Array, c * 512);
      else this.tables32.set(tables[c] as Float32Array, c * 256);
    }
    const o0 = packer.sourceChannel(0, order);
    const o1 = packer.sourceChannel(1, order);
    const o2 = packer.sourceChannel(2, order);
    const dst = this.tensorAt + (y * width + x) * (half ? 2 : 4);
    const scale = packer.unitScale();
    if (this.resizing) {
      this.resizeFn(this.src, this.sw, w, h, this.xlo, this.xhi, this.xw, this.ylo, this.yhi, this.yw,
        this.rowa, this.rowb, this.tab, half ? 1 : 0, dst, width, width * height, o0, o1, o2);
    } else if (!half && scale !== null) {
      // value = byte · scale (the usual 0..1 input): computed 4 pixels at a time, the tables' exact values
      this.packScaledFn(this.src, w, h, dst, width, width * height, o0 * 8, o1 * 8, o2 * 8, scale);
    } else {
      this.packFn(this.src, w, h, this.tab, half ? 1 : 0, dst, width, width * height, o0 * 8, o1 * 8, o2 * 8);
    }
    return this.tensor;
  }
}
