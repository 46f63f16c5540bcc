// The worker's YUV 4:2:0 -> RGBA conversion (src/worker/yuv-to-rgba.ts, a WebAssembly SIMD kernel)
// against libyuv's definition written out here one pixel at a time in 32-bit integers (row_common.cc's
// YuvPixel with the x86 constants), on random planes of awkward sizes and strides, every byte value
// of the three planes' extremes, and hand-computed pixels. That the definition is the browser's own
// conversion is checked in Chromium (test/browser/frame-pixels.test.ts).
import { describe, expect, it } from 'vitest';
import { LIBYUV_CONSTANTS, YuvToRgba, type YuvPlanes } from '../../src/worker/yuv-to-rgba.js';
import { rng } from '../helpers/random-outputs.js';

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** libyuv's I420ToABGR / NV12ToABGR, pixel by pixel. */
function reference(p: YuvPlanes, w: number, h: number, colour: number): Uint8Array {
  const [ub, ug, vg, vr, yg, yb] = LIBYUV_CONSTANTS[colour];
  const out = new Uint8Array(w * h * 4);
  const [luma, chroma, second] = p.layout;
  const nv12 = p.format === 'NV12';
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const Y = p.bytes[luma.offset + y * luma.stride + x];
      const c = chroma.offset + (y >> 1) * chroma.stride + (nv12 ? 2 * (x >> 1) : x >> 1);
      const u = p.bytes[c] - 128;
      const v = (nv12 ? p.bytes[c + 1] : p.bytes[second.offset + (y >> 1) * second.stride + (x >> 1)]) - 128;
      const y1 = (Math.floor((Y * 257 * yg) / 65536) | 0) + yb;
      const o = (y * w + x) * 4;
      out[o] = clamp((y1 + v * vr) >> 6);
      out[o + 1] = clamp((y1 - (u * ug + v * vg)) >> 6);
      out[o + 2] = clamp((y1 + u * ub) >> 6);
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Planes of `format` in the converter's memory, rows padded by `pad` bytes, filled by `sample(plane, x, y)`. */
function planes(conv: YuvToRgba, format: YuvPlanes['format'], w: number, h: number, pad: number, sample: (plane: number, x: number, y: number) => number): YuvPlanes {
  const cw = (w + 1) >> 1;
  const ch = (h + 1) >> 1;
  const yStride = w + pad;
  const cStride = (format === 'NV12' ? 2 * cw : cw) + pad;
  const size = yStride * h + cStride * ch * (format === 'NV12' ? 1 : 2);
  const bytes = conv.planesFor(size, w * h * 4);
  bytes.fill(77); // padding: never read into a pixel
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) bytes[y * yStride + x] = sample(0, x, y);
  const c0 = yStride * h;
  const c1 = c0 + cStride * ch;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      if (format === 'NV12') {
        bytes[c0 + y * cStride + 2 * x] = sample(1, x, y);
        bytes[c0 + y * cStride + 2 * x + 1] = sample(2, x, y);
      } else {
        bytes[c0 + y * cStride + x] = sample(1, x, y);
        bytes[c1 + y * cStride + x] = sample(2, x, y);
      }
    }
  }
  const layout = [{ offset: 0, stride: yStride }, { offset: c0, stride: cStride }];
  if (format !== 'NV12') layout.push({ offset: c1, stride: cStride });
  return { bytes, layout, format };
}

function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `byte ${i} (pixel ${i >> 2}, channel ${i & 3}): ${a[i]} vs ${b[i]}`;
  return a.length === b.length ? null : `lengths ${a.length} vs ${b.length}`;
}

const conv = YuvToRgba.create();

describe.skipIf(!conv)('YuvToRgba (WebAssembly kernel)', () => {
  const c = conv!;
  const SIZES: [number, number][] = [[1, 1], [3, 2], [15, 7], [16, 2], [17, 3], [33, 9], [64, 5], [77, 4], [130, 11]];
  for (const format of ['I420', 'NV12'] as const) {
    for (let colour = 0; colour < LIBYUV_CONSTANTS.length; colour++) {
      it(`equals libyuv's definition on random ${format} planes (colour ${colour}), ${SIZES.length} sizes`, () => {
        const rand = rng(1000 + colour);
        for (const [w, h] of SIZES) {
          for (const pad of [0, 5]) {
            const p = planes(c, format, w, h, pad, () => Math.floor(rand() * 256));
            const want = reference(p, w, h, colour);
            expect(firstDifference(c.run(p, w, h, colour), want), `${w}x${h} pad ${pad}`).toBeNull();
          }
        }
      });
    }
  }

  it("equals the definition on every combination of the planes' extreme and usual values (16-bit saturation)", () => {
    const values = [0, 1, 15, 16, 17, 64, 127, 128, 129, 200, 235, 239, 240, 241, 254, 255];
    // 4096 combinations of (Y, U, V), one 2x2 block each: 128 blocks a row
    const w = 256;
    const h = 64;
    const combo = (bx: number, by: number) => by * 128 + bx;
    for (let colour = 0; colour < LIBYUV_CONSTANTS.length; colour++) {
      for (const format of ['I420', 'NV12'] as const) {
        const p = planes(c, format, w, h, 0, (plane, x, y) => {
          const k = plane === 0 ? combo(x >> 1, y >> 1) : combo(x, y);
          return values[plane === 0 ? k & 15 : plane === 1 ? (k >> 4) & 15 : (k >> 8) & 15];
        });
        expect(firstDifference(c.run(p, w, h, colour), reference(p, w, h, colour)), `colour ${colour} ${format}`).toBeNull();
      }
    }
  });

  it('gives hand-computed pixels: video black and white, full-range grey, pure colours clamped', () => {
    const one = (Y: number, U: number, V: number, colour: number) => Array.from(c.run(planes(c, 'I420', 16, 2, 0, (k) => [Y, U, V][k]), 16, 2, colour).subarray(0, 4));
    // BT.601 limited: y1 = ((16·257·18997) >>> 16) − 1160 = 31, 31 >> 6 = 0; Y 235: 17506 − 1160 = 16346 → 255
    expect(one(16, 128, 128, 0)).toEqual([0, 0, 0, 255]);
    expect(one(235, 128, 128, 0)).toEqual([255, 255, 255, 255]);
    // full range: ((128·257·16320) >>> 16) + 32 = 8223, >> 6 = 128
    expect(one(128, 128, 128, 1)).toEqual([128, 128, 128, 255]);
    // BT.709 limited Y 81, U 90, V 240 (about pure red): y1 = ((81·257·18997) >>> 16) − 1160 = 6034 − 1160 = 4874;
    // R = (4874 + 112·115) >> 6 = 277 → 255, G = (4874 − (−38·14 + 112·34)) >> 6 = 1598 >> 6 = 24,
    // B = (4874 − 38·128) >> 6 = 10 >> 6 = 0
    expect(one(81, 90, 240, 2)).toEqual([255, 24, 0, 255]);
  });
});
