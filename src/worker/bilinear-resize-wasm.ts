// The bilinear resize of bilinear-resize.ts in WebAssembly SIMD (tools/wasm/bilinear-resize.wat): the
// same float64 operations in the same order, so the same bytes, about 3.5x faster (768x432 into 416:
// 1.1-1.8 ms against 4.5-6.4 ms in JS, Node, load average 3.5, source and tensor copies included).
// Why (issue 15): the resize was most of processVideo's 5 ms of preprocessing per frame.
//
// The kernel works in its own memory: the source is copied in, the taps are written when the sizes
// change, the pad is filled there once per call through the packer, and the whole tensor is copied
// out with one `set`. Where WebAssembly, its SIMD or the memory it needs is unavailable, the caller
// runs the JS.

import { instantiateKernel } from '../postprocess/wasm-kernel.js';
import type { Taps } from './bilinear-resize.js';

/** The kernel's bytes (`node tools/wasm/build.mjs bilinear-resize` prints them from the .wat). */
const KERNEL_HEX =
  '0061736d01000000013103600b7f7f7f7f7f7f7f7f7f7f7f0060087f7f7f7c7c7f7f7f0060147f7f7f7f7f7f7f7f7f7f' +
  '7f7f7f7f7f7f7f7f7f7f000304030001020503010001071302066d656d6f7279020006726573697a6500020a960703da' +
  '0103047f027c027f2000200220016c41046c6a210b200441086c211202400340200c20044f0d01200b2005200c410274' +
  '6a2802006a210d200b2006200c4102746a2802006a210e2007200c4103746a2b0300210f44000000000000f03f200fa1' +
  '21102003200c4103746a21112011200d20086a2d0000b82010a2200e20086a2d0000b8200fa2a0390300201120126a20' +
  '0d20096a2d0000b82010a2200e20096a2d0000b8200fa2a0390300201120124101746a200d200a6a2d0000b82010a220' +
  '0e200a6a2d0000b8200fa2a0390300200c41016a210c0c000b0b0be70204017f057b027c027f2003fd1421092004fd14' +
  '210a4101410220061b211102400340200841026a20024b0d01200020084103746afd0004002009fdf201200120084103' +
  '746afd000400200afdf201fdf001210b200bfd75210c200c200b200cfdf10144000000000000e03ffd14fd4c44000000' +
  '000000f03ffd14fd4efdf001210c200cfdfc012011fdab01210d20060440200720084101746a2005200dfd1b006a2f01' +
  '003b0100200720084101746a2005200dfd1b016a2f01003b010205200720084102746a2005200dfd1b006a2802003602' +
  '00200720084102746a2005200dfd1b016a2802003602040b200841026a21080c000b0b20082002490440200020084103' +
  '746a2b03002003a2200120084103746a2b03002004a2a0210e200e9c210f200faa200e200fa144000000000000e03f66' +
  '6a201174211020060440200720084101746a200520106a2f01003b010005200720084102746a200520106a2802003602' +
  '000b0b0bce0203077f027c037f417f2115417f211641024104200d1b211e02400340201420034f0d0120072014410274' +
  '6a2802002117200820144102746a280200211820172015460440200a21190520172016460440200b2119052015201648' +
  '044020172115200a21190520172116200b21190b2000200120172019200220042005200620112012201310000b0b2018' +
  '2015460440200a211a0520182016460440200b211a052015201648044020182115200a211a0520182116200b211a0b20' +
  '0020012018201a200220042005200620112012201310000b0b200920144103746a2b0300211b44000000000000f03f20' +
  '1ba1211c4100211d02400340201d41034f0d012019201d20026c4103746a201a201d20026c4103746a2002201c201b20' +
  '0c201d4180086c6a200d200e201d20106c2014200f6c6a201e6c6a1001201d41016a211d0c000b0b201441016a21140c' +
  '000b0b0b';

type ResizeFn = (
  src: number, sw: number, dw: number, dh: number,
  xlo: number, xhi: number, xw: number, ylo: number, yhi: number, yw: number,
  rowa: number, rowb: number, tab: number, half: number, dst: number,
  stride: number, plane: number, o0: number, o1: number, o2: number,
) => void;

let enabled = true;

/** Turns the WebAssembly resize off (`WasmResizeKernel.create` then returns null: the JS runs) or back on. For tests and benchmarks. */
export function setWasmResizeEnabled(on: boolean): void {
  enabled = on;
}

/** One resizer's kernel instance and the layout of its memory for the current sizes. */
export class WasmResizeKernel {
  private key = '';
  private sw = 0;
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
  private srcView = new Uint8Array(0);
  private tables32 = new Float32Array(0);
  private tables16 = new Uint16Array(0);
  private tensor: Float32Array | Uint16Array = new Float32Array(0);

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly run: ResizeFn,
  ) {}

  /** A kernel of its own, or null where it cannot run here (or is turned off). */
  static create(): WasmResizeKernel | null {
    if (!enabled) return null;
    const exports = instantiateKernel(KERNEL_HEX);
    return exports ? new WasmResizeKernel(exports.memory as WebAssembly.Memory, exports.resize as ResizeFn) : null;
  }

  /**
   * Lays the memory out for an sw x sh source resized to dw x dh inside a width x height tensor of
   * float32 (or float16 bits when `half`), writing the taps when the sizes changed. Returns the
   * tensor's view in the kernel's memory (for the caller to fill the pad in), or null when the
   * memory cannot grow that far.
   */
  prepare(sw: number, sh: number, dw: number, dh: number, width: number, height: number, half: boolean, xs: Taps, ys: Taps): Float32Array | Uint16Array | null {
    const key = `${sw}x${sh}>${dw}x${dh} in ${width}x${height}${half ? ' half' : ''}`;
    if (key === this.key && this.buffer === this.memory.buffer) return this.tensor;
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
    if (this.memory.buffer.byteLength < at) {
      try {
        this.memory.grow(Math.ceil((at - this.memory.buffer.byteLength) / 65536));
      } catch {
        this.key = '';
        return null;
      }
    }
    const buffer = this.memory.buffer;
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
    this.srcView = new Uint8Array(buffer, this.src, sw * sh * 4);
    this.tables32 = new Float32Array(buffer, this.tab, 3 * 256);
    this.tables16 = new Uint16Array(buffer, this.tab, 3 * 512);
    this.tensor = half ? new Uint16Array(buffer, this.tensorAt, 3 * width * height) : new Float32Array(buffer, this.tensorAt, 3 * width * height);
    this.sw = sw;
    this.buffer = buffer;
    this.key = key;
    return this.tensor;
  }

  /**
   * Resizes `src` into the prepared tensor's rectangle at (x, y) through the per-channel `tables`
   * (tensor channel c fed by RGBA byte `o[c]`), leaving the pad as the caller filled it.
   */
  resize(src: Uint8Array | Uint8ClampedArray, tables: readonly (Float32Array | Uint16Array)[], o0: number, o1: number, o2: number, x: number, y: number, width: number, height: number, dw: number, dh: number): void {
    this.srcView.set(src.length === this.srcView.length ? src : src.subarray(0, this.srcView.length));
    const half = this.tensor instanceof Uint16Array;
    for (let c = 0; c < 3; c++) {
      if (half) this.tables16.set(tables[c] as Uint16Array, c * 512);
      else this.tables32.set(tables[c] as Float32Array, c * 256);
    }
    const elem = half ? 2 : 4;
    const dst = this.tensorAt + (y * width + x) * elem;
    this.run(this.src, this.sw, dw, dh, this.xlo, this.xhi, this.xw, this.ylo, this.yhi, this.yw,
      this.rowa, this.rowb, this.tab, half ? 1 : 0, dst, width, width * height, o0, o1, o2);
  }
}
