// The worker's two pixel hot paths in WebAssembly (tools/wasm/pixels.wat), each giving exactly the
// bytes of its JS definition, which stays as the fallback (no WebAssembly SIMD, a CSP without
// 'wasm-unsafe-eval', or no memory for a huge frame):
// - resize: the bilinear resize of bilinear-resize.ts, the same float64 operations in the same order
//   (SIMD along x and y), 768x432 into 416: 0.61 ms in Node (the first kernel, SIMD along y only:
//   0.99 ms; the JS: 4.5-6.4 ms). It was most of processVideo's 5 ms of preprocessing per frame (issue 15).
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
  '0061736d01000000015706600a7f7f7f7f7f7f7f7f7f7f0060087f7f7f7c7c7f7f7f0060077f7f7f7c7c7c7f0060147f' +
  '7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7c00600c7f7f7f7f7f7f7f7f7f7f7f7f00600b7f7f7f7f7f7f7f7f7f7c7f' +
  '000307060001020304050503010001072804066d656d6f7279020006726573697a650003047061636b00040b7061636b' +
  '5f7363616c656400050ad31306b60406047f027c027f047b047f017b2000200220016c41046c6a210a200441086c2111' +
  'fd0cff000000ff000000ff000000ff000000211520074103742116200841037421172009410374211802400340200b41' +
  '026a20044b0d01200b4102742119200a200520196a2802006afd5d03002112200a200520196a2802046a2012fd570300' +
  '01211220122012fd0d0001020308090a0b040506070c0d0e0f21122006200b4103746afd000400211344000000000000' +
  'f03ffd142013fdf10121142003200b4103746a2110201020122016fdad012015fd4e221afdff012014fdf201201a201a' +
  'fd0d08090a0b0c0d0e0f0001020304050607fdff012013fdf201fdf001fd0b0400201020116a20122017fdad012015fd' +
  '4e221afdff012014fdf201201a201afd0d08090a0b0c0d0e0f0001020304050607fdff012013fdf201fdf001fd0b0400' +
  '201020114101746a20122018fdad012015fd4e221afdff012014fdf201201a201afd0d08090a0b0c0d0e0f0001020304' +
  '050607fdff012013fdf201fdf001fd0b0400200b41026a210b0c000b0b200b2004490440200a2005200b4102746a2802' +
  '006a210c200c41046a210d2006200b4103746a2b0300210e44000000000000f03f200ea1210f2003200b4103746a2110' +
  '2010200c20076a2d0000b8200fa2200d20076a2d0000b8200ea2a0390300201020116a200c20086a2d0000b8200fa220' +
  '0d20086a2d0000b8200ea2a0390300201020114101746a200c20096a2d0000b8200fa2200d20096a2d0000b8200ea2a0' +
  '3903000b0be70204017f057b027c027f2003fd1421092004fd14210a4101410220061b211102400340200841026a2002' +
  '4b0d01200020084103746afd0004002009fdf201200120084103746afd000400200afdf201fdf001210b200bfd75210c' +
  '200c200b200cfdf10144000000000000e03ffd14fd4c44000000000000f03ffd14fd4efdf001210c200cfdfc012011fd' +
  'ab01210d20060440200720084101746a2005200dfd1b006a2f01003b0100200720084101746a2005200dfd1b016a2f01' +
  '003b010205200720084102746a2005200dfd1b006a280200360200200720084102746a2005200dfd1b016a2802003602' +
  '040b200841026a21080c000b0b20082002490440200020084103746a2b03002003a2200120084103746a2b03002004a2' +
  'a0210e200e9c210f200faa200e200fa144000000000000e03f666a201174211020060440200720084101746a20052010' +
  '6a2f01003b010005200720084102746a200520106a2802003602000b0b0bde0205017f057b027c027f027b2003fd1421' +
  '082004fd1421092005fd14210a44000000000000e03ffd14210b44000000000000f03ffd14210c02400340200741046a' +
  '20024b0d01200020074103746a210f200120074103746a2110200620074102746a200ffd0004002008fdf2012010fd00' +
  '04002009fdf201fdf0012211fd75221220112012fdf101200bfd4c200cfd4efdf001200afdf201fd5e200ffd00041020' +
  '08fdf2012010fd0004102009fdf201fdf0012211fd75221220112012fdf101200bfd4c200cfd4efdf001200afdf201fd' +
  '5efd0d00010203040506071011121314151617fd0b0400200741046a21070c000b0b02400340200720024f0d01200020' +
  '074103746a2b03002003a2200120074103746a2b03002004a2a0210d200d9c210e200d200ea144000000000000e03f66' +
  '0440200e44000000000000f03fa0210e0b200620074102746a200e2005a2b6380200200741016a21070c000b0b0bf602' +
  '03077f027c067f417f2115417f211641024104200c1b211e02400340201420034f0d01200620144102746a2802002117' +
  '200720144102746a280200211820172015460440200921190520172016460440200a2119052015201648044020172115' +
  '200921190520172116200a21190b200020012017201920022004200520102011201210000b0b20182015460440200921' +
  '1a0520182016460440200a211a0520152016480440201821152009211a0520182116200a211a0b200020012018201a20' +
  '022004200520102011201210000b0b200820144103746a2b0300211b44000000000000f03f201ba1211c4100211d0240' +
  '0340201d41034f0d012019201d20026c4103746a2120201a201d20026c4103746a2121200d201d200f6c2014200e6c6a' +
  '201e6c6a21222013440000000000000000640440202020212002201c201b20132022100205202020212002201c201b20' +
  '0b201d4180086c6a200c202210010b201d41016a211d0c000b0b201441016a21140c000b0b0be80201067f2004044020' +
  '07410174211002400340200c20024f0d012005200c20066c4101746a210f200f20014101746a211102400340200f2011' +
  '4f0d012000280200210e200f2003200e20087641ff01714101746a2f01003b0100200f20106a2003200e20097641ff01' +
  '714101746a2f0180083b0100200f20104101746a2003200e200a7641ff01714101746a2f0180103b0100200041046a21' +
  '00200f41026a210f0c000b0b2000200b6a2100200c41016a210c0c000b0b052007410274211002400340200c20024f0d' +
  '012005200c20066c4102746a210f200f20014102746a211102400340200f20114f0d012000280200210e200f2003200e' +
  '20087641ff01714102746a280200360200200f20106a2003200e20097641ff01714102746a28028008360200200f2010' +
  '4101746a2003200e200a7641ff01714102746a28028010360200200041046a2100200f41046a210f0c000b0b2000200b' +
  '6a2100200c41016a210c0c000b0b0b0bed0304057f017b017f037bfd0cff000000ff000000ff000000ff000000211420' +
  '09fd1421122005410274210f02400340200b20024f0d012003200b20046c4102746a210c200c20014102746a210d200c' +
  '2001417c714102746a210e02400340200c200e4f0d012000fd0004002110200c20102006fdad012014fd4e2213fdff01' +
  '2012fdf201fd5e20132013fd0d08090a0b0c0d0e0f0001020304050607fdff012012fdf201fd5efd0d00010203040506' +
  '071011121314151617fd0b0400200c200f6a20102007fdad012014fd4e2213fdff012012fdf201fd5e20132013fd0d08' +
  '090a0b0c0d0e0f0001020304050607fdff012012fdf201fd5efd0d00010203040506071011121314151617fd0b040020' +
  '0c200f4101746a20102008fdad012014fd4e2213fdff012012fdf201fd5e20132013fd0d08090a0b0c0d0e0f00010203' +
  '04050607fdff012012fdf201fd5efd0d00010203040506071011121314151617fd0b0400200041106a2100200c41106a' +
  '210c0c000b0b02400340200c200d4f0d0120002802002111200c201120067641ff0171b82009a2b6380200200c200f6a' +
  '201120077641ff0171b82009a2b6380200200c200f4101746a201120087641ff0171b82009a2b6380200200041046a21' +
  '00200c41046a210c0c000b0b2000200a6a2100200b41016a210b0c000b0b0b';

type ResizeFn = (
  src: number, sw: number, dw: number, dh: number,
  xlo: number, xw: number, ylo: number, yhi: number, yw: number,
  rowa: number, rowb: number, tab: number, half: number, dst: number,
  stride: number, plane: number, o0: number, o1: number, o2: number, scale: number,
) => void;
type PackFn = (src: number, rw: number, rh: number, tab: number, half: number, dst: number, stride: number, plane: number, s0: number, s1: number, s2: number, skip: number) => void;
type PackScaledFn = (src: number, rw: number, rh: number, dst: number, stride: number, plane: number, s0: number, s1: number, s2: number, scale: number, skip: number) => void;

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
   * 1:1 otherwise (a w x h rectangle of the source: all of it, or one `write` names, when the source
   * is larger). Writes the taps when the layout changed. False when the memory cannot grow that far;
   * then `source` is not to be used.
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
      // byte offsets of the first taps in a source row (the second tap is the next pixel, or weighs 0)
      const xLo = new Int32Array(buffer, this.xlo, dw);
      for (let i = 0; i < dw; i++) xLo[i] = xs.lo[i] * 4;
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
   * order (a native BGRA copy: the kernels read the channels from the other ends). Packed 1:1 from a
   * larger source, the rectangle read starts at its pixel (`fromX`, `fromY`).
   */
  write(packer: PixelPacker, convention: PreprocessConvention, order: ByteOrder = 'RGBA', fromX = 0, fromY = 0): Float32Array | Uint16Array {
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
    // 1:1 from a source wider than the rectangle: start at (fromX, fromY), skip the rest of each row
    if (!this.resizing && (fromX < 0 || fromY < 0 || fromX + w > this.sw || fromY + h > this.sh)) {
      throw new RangeError(`the ${w}x${h} rectangle at (${fromX}, ${fromY}) is not inside the ${this.sw}x${this.sh} source`);
    }
    const at = (fromY * this.sw + fromX) * 4;
    const skip = (this.sw - w) * 4;
    if (this.resizing) {
      // a scale-only float32 input: the tables' values computed in the kernel (scale > 0), else read from them
      this.resizeFn(this.src, this.sw, w, h, this.xlo, this.xw, this.ylo, this.yhi, this.yw,
        this.rowa, this.rowb, this.tab, half ? 1 : 0, dst, width, width * height, o0, o1, o2, !half && scale !== null && scale > 0 ? scale : 0);
    } else if (!half && scale !== null) {
      // value = byte · scale (the usual 0..1 input): computed 4 pixels at a time, the tables' exact values
      this.packScaledFn(this.src + at, w, h, dst, width, width * height, o0 * 8, o1 * 8, o2 * 8, scale, skip);
    } else {
      this.packFn(this.src + at, w, h, this.tab, half ? 1 : 0, dst, width, width * height, o0 * 8, o1 * 8, o2 * 8, skip);
    }
    return this.tensor;
  }
}
