// The WebAssembly 1:1 pack (pixels-wasm.ts) against the JS packer it replaces in the worker
// (PixelPacker.packRect): the same bits for float32 and float16 tensors, both channel orders,
// mean/std, a rectangle with pad on every side; the pad refilled when the convention changes and the
// layout rebuilt when the sizes change. (The resize kernel is checked in bilinear-resize.test.ts.)
import { describe, expect, it } from 'vitest';
import { ULTRALYTICS_CONVENTION, YOLOX_CONVENTION, type PreprocessConvention } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { WasmPixelKernel } from '../../src/worker/pixels-wasm.js';
import { rng } from '../helpers/random-outputs.js';

const MEAN_STD: PreprocessConvention = { ...ULTRALYTICS_CONVENTION, pad: 0, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

function randomRgba(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const a = new Uint8Array(n * 4);
  for (let i = 0; i < a.length; i++) a[i] = Math.floor(r() * 256);
  return a;
}

const bits = (a: Float32Array | Uint16Array) => (a instanceof Uint16Array ? a : new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('WasmPixelKernel pack (the 1:1 path)', () => {
  const cases: [string, PreprocessConvention, boolean, number, number, number, number, number, number][] = [
    ['RGB /255, float32, letterbox bands', ULTRALYTICS_CONVENTION, false, 320, 320, 0, 70, 320, 180],
    ['BGR 0..255, float16, pad on every side', YOLOX_CONVENTION, true, 37, 29, 3, 5, 31, 17],
    ['mean/std, float32, odd sizes', MEAN_STD, false, 65, 33, 1, 0, 63, 33],
    // byte · scale without tables (pack_scaled): 4 pixels per SIMD step, the rest of a row one by one
    ['BGR 0..255, float32, rows of 31 (7 SIMD steps + 3)', YOLOX_CONVENTION, false, 37, 29, 3, 5, 31, 17],
    ['RGB /255, float32, rows of 3 (no SIMD step)', ULTRALYTICS_CONVENTION, false, 9, 8, 1, 1, 3, 5],
  ];
  for (const [name, conv, half, W, H, x, y, w, h] of cases) {
    it(`gives PixelPacker.packRect's bits: ${name}`, () => {
      const kernel = WasmPixelKernel.create();
      expect(kernel).not.toBeNull();
      const packer = new PixelPacker();
      const src = randomRgba(w * h, W * 7 + h);
      const expected = half ? new Uint16Array(3 * W * H) : new Float32Array(3 * W * H);
      packer.packRect(src, w, h, conv, expected, W, H, x, y);
      expect(kernel!.prepare(w, h, W, H, half, x, y, w, h)).toBe(true);
      kernel!.source.set(src); // as VideoFrame.copyTo writes it
      const got = kernel!.write(packer, conv); // in the kernel's memory
      expect(got).toBeInstanceOf(half ? Uint16Array : Float32Array);
      expect(got.length).toBe(3 * W * H);
      expect(bits(got)).toEqual(bits(expected));
      // a second frame in the same layout: only the rectangle is rewritten, the pad kept
      const next = randomRgba(w * h, 99);
      packer.packRect(next, w, h, conv, expected, W, H, x, y);
      kernel!.load(next);
      expect(kernel!.write(packer, conv)).toBe(got); // the same array: the tensor bound to it stays valid
      expect(bits(got)).toEqual(bits(expected));
    });
  }

  it('reads BGRA sources (native copies) as PixelPacker reads them, every path', () => {
    for (const [conv, half] of [[ULTRALYTICS_CONVENTION, false], [YOLOX_CONVENTION, false], [MEAN_STD, false], [YOLOX_CONVENTION, true]] as const) {
      const kernel = WasmPixelKernel.create()!;
      const packer = new PixelPacker();
      const [W, H, x, y, w, h] = [23, 19, 2, 3, 17, 13];
      const bgra = randomRgba(w * h, 5);
      const rgba = bgra.slice();
      for (let i = 0; i < rgba.length; i += 4) [rgba[i], rgba[i + 2]] = [bgra[i + 2], bgra[i]];
      const expected = half ? new Uint16Array(3 * W * H) : new Float32Array(3 * W * H);
      packer.packRect(rgba, w, h, conv, expected, W, H, x, y);
      const js = half ? new Uint16Array(3 * W * H) : new Float32Array(3 * W * H);
      packer.packRect(bgra, w, h, conv, js, W, H, x, y, 'BGRA');
      expect(bits(js)).toEqual(bits(expected));
      expect(kernel.prepare(w, h, W, H, half, x, y, w, h)).toBe(true);
      kernel.load(bgra);
      expect(bits(kernel.write(packer, conv, 'BGRA'))).toEqual(bits(expected));
    }
  });

  it('packs a rectangle of a larger source in place (the tiles of a frame read once), every path', () => {
    // the source is a 53x41 image; the rectangle a 19x13 tile at (34, 28), its last column the image's
    const [SW, SH, W, H, fx, fy, w, h] = [53, 41, 23, 17, 34, 28, 19, 13];
    const image = randomRgba(SW * SH, 11);
    const tile = new Uint8Array(w * h * 4);
    for (let r = 0; r < h; r++) tile.set(image.subarray(((fy + r) * SW + fx) * 4, ((fy + r) * SW + fx + w) * 4), r * w * 4);
    for (const [conv, half] of [[ULTRALYTICS_CONVENTION, false], [YOLOX_CONVENTION, false], [MEAN_STD, false], [YOLOX_CONVENTION, true]] as const) {
      const kernel = WasmPixelKernel.create()!;
      const packer = new PixelPacker();
      const expected = half ? new Uint16Array(3 * W * H) : new Float32Array(3 * W * H);
      packer.packRect(tile, w, h, conv, expected, W, H, 2, 3);
      expect(kernel.prepare(SW, SH, W, H, half, 2, 3, w, h)).toBe(true);
      kernel.source.set(image);
      expect(bits(kernel.write(packer, conv, 'RGBA', fx, fy))).toEqual(bits(expected));
      expect(() => kernel.write(packer, conv, 'RGBA', fx + 1, fy)).toThrow(RangeError);
    }
  });

  it('takes the table-free path exactly for conventions without mean and std', () => {
    const packer = new PixelPacker();
    const scaleOf = (conv: PreprocessConvention) => (packer.channelTables(conv, new Float32Array(3)), packer.unitScale());
    expect(scaleOf(ULTRALYTICS_CONVENTION)).toBe(1 / 255);
    expect(scaleOf(YOLOX_CONVENTION)).toBe(1);
    expect(scaleOf(MEAN_STD)).toBeNull();
    expect(scaleOf({ ...ULTRALYTICS_CONVENTION, mean: [0, 0, 0], std: [1, 1, 1] })).toBe(1 / 255);
    expect(scaleOf({ ...ULTRALYTICS_CONVENTION, std: [1, 1, 2] })).toBeNull();
  });

  it('refills the pad for a new convention and rebuilds the layout for new sizes', () => {
    const kernel = WasmPixelKernel.create()!;
    const packer = new PixelPacker();
    const [W, H] = [40, 40];
    for (const [conv, w, h, x, y] of [
      [ULTRALYTICS_CONVENTION, 40, 22, 0, 9],
      [MEAN_STD, 40, 22, 0, 9], // same layout, other pad value and tables
      [ULTRALYTICS_CONVENTION, 26, 40, 7, 0], // other layout
    ] as const) {
      const src = randomRgba(w * h, w + h);
      const expected = new Float32Array(3 * W * H);
      packer.packRect(src, w, h, conv, expected, W, H, x, y);
      expect(kernel.prepare(w, h, W, H, false, x, y, w, h)).toBe(true);
      kernel.load(src);
      const got = kernel.write(packer, conv);
      expect(bits(got)).toEqual(bits(expected));
    }
  });
});
