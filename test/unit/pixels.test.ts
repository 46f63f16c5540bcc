import { describe, expect, it } from 'vitest';
import { PixelPacker } from '../../src/worker/pixels.js';
import { ULTRALYTICS_CONVENTION, YOLOX_CONVENTION } from '../../src/postprocess/index.js';

describe('PixelPacker', () => {
  // 2x1 image: pixel 0 = (255, 0, 10), pixel 1 = (1, 2, 3)
  const rgba = new Uint8ClampedArray([255, 0, 10, 255, 1, 2, 3, 255]);

  it('writes RGB planes scaled by 1/255', () => {
    const out = new Float32Array(6);
    new PixelPacker().pack(rgba, 2, 1, ULTRALYTICS_CONVENTION, out);
    expect(Array.from(out)).toEqual([1, 1 / 255, 0, 2 / 255, 10 / 255, 3 / 255].map(Math.fround));
  });

  it('reads BGRA bytes (a native copy of a bitmap) as the same pixels', () => {
    const bgra = new Uint8ClampedArray([10, 0, 255, 255, 3, 2, 1, 255]); // the pixels above, blue first
    const rgb = new Float32Array(6);
    new PixelPacker().pack(bgra, 2, 1, ULTRALYTICS_CONVENTION, rgb, 'BGRA');
    expect(Array.from(rgb)).toEqual([1, 1 / 255, 0, 2 / 255, 10 / 255, 3 / 255].map(Math.fround));
    const bgr = new Float32Array(3 * 9);
    new PixelPacker().packRect(bgra, 2, 1, YOLOX_CONVENTION, bgr, 3, 3, 1, 1, 'BGRA');
    expect([bgr[4], bgr[5], bgr[9 + 4], bgr[9 + 5], bgr[18 + 4], bgr[18 + 5]]).toEqual([10, 3, 0, 2, 255, 1]);
  });

  it('writes BGR planes unscaled for YOLOX', () => {
    const out = new Float32Array(6);
    new PixelPacker().pack(rgba, 2, 1, YOLOX_CONVENTION, out);
    expect(Array.from(out)).toEqual([10, 3, 0, 2, 255, 1]);
  });

  it('applies mean and std after scaling', () => {
    const out = new Float32Array(6);
    const convention = { ...ULTRALYTICS_CONVENTION, mean: [0.5, 0.5, 0.5] as const, std: [0.5, 0.25, 1] as const };
    new PixelPacker().pack(rgba, 2, 1, convention, out);
    expect(out[0]).toBeCloseTo(1, 6); // (1 - 0.5) / 0.5
    expect(out[2]).toBeCloseTo(-2, 6); // (0 - 0.5) / 0.25
  });

  it('refuses buffers that are too small', () => {
    expect(() => new PixelPacker().pack(rgba, 3, 1, ULTRALYTICS_CONVENTION, new Float32Array(9))).toThrow(RangeError);
    expect(() => new PixelPacker().pack(rgba, 2, 1, ULTRALYTICS_CONVENTION, new Float32Array(5))).toThrow(RangeError);
  });
});

describe('float16 packing', () => {
  it('writes half-precision bits of the same values', async () => {
    const { halfToFloat } = await import('../../src/postprocess/index.js');
    const rgba = new Uint8ClampedArray([255, 0, 128, 255]);
    const out = new Uint16Array(3);
    new PixelPacker().pack(rgba, 1, 1, ULTRALYTICS_CONVENTION, out);
    // 128/255 = 0.50196: 0.5 + 4.016 steps of 2^-11 → 0x3800 + 4
    expect(Array.from(out)).toEqual([0x3c00, 0, 0x3804]);
    expect(halfToFloat(out[2])).toBeCloseTo(128 / 255, 3);
  });
});

describe('packRect (a frame already at its placement size)', () => {
  it('gives the same tensor as packing the padded image, float32 and float16, RGB and BGR', () => {
    const W = 13;
    const H = 9;
    for (const [x, y, w, h] of [[0, 2, 13, 5], [3, 0, 7, 9], [2, 1, 9, 6], [0, 0, 13, 9]] as const) {
      for (const convention of [ULTRALYTICS_CONVENTION, YOLOX_CONVENTION]) {
        const rect = new Uint8Array(w * h * 4).map((_, i) => (i * 37 + 11) % 256);
        const padded = new Uint8Array(W * H * 4).fill(convention.pad);
        for (let r = 0; r < h; r++) padded.set(rect.subarray(r * w * 4, (r + 1) * w * 4), ((y + r) * W + x) * 4);
        for (const make of [(n: number) => new Float32Array(n), (n: number) => new Uint16Array(n)]) {
          const expected = make(3 * W * H);
          new PixelPacker().pack(padded, W, H, convention, expected);
          const actual = make(3 * W * H).fill(7); // stale values must all be overwritten
          new PixelPacker().packRect(rect, w, h, convention, actual, W, H, x, y);
          expect(Array.from(actual)).toEqual(Array.from(expected));
        }
      }
    }
  });

  it('refuses a rectangle that does not fit', () => {
    expect(() => new PixelPacker().packRect(new Uint8Array(16), 2, 2, ULTRALYTICS_CONVENTION, new Float32Array(27), 3, 3, 2, 0)).toThrow(RangeError);
  });
});
