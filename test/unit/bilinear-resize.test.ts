// The worker's bilinear resize (straight into the input tensor) against the test helpers' independent
// float one (test/helpers/image.ts, the formula of the fixtures' reference script) packed by hand: the
// same bytes up to float rounding at exact halves; the pad around the rectangle; channel order,
// scale, mean/std and float16 through the packer's tables. Every case runs the WebAssembly kernel
// (Node has SIMD) and the JS fallback, which must agree bit for bit.
import { afterEach, describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat, YOLOX_CONVENTION, ULTRALYTICS_CONVENTION, type PreprocessConvention } from '../../src/postprocess/index.js';
import { BilinearResizer } from '../../src/worker/bilinear-resize.js';
import { setWasmPixelsEnabled, WasmPixelKernel } from '../../src/worker/pixels-wasm.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { resizeBilinear } from '../helpers/image.js';
import { rng } from '../helpers/random-outputs.js';

function randomImage(width: number, height: number, seed: number): Uint8Array {
  const r = rng(seed);
  const data = new Uint8Array(width * height * 4);
  // smooth gradients plus hard edges and noise, so every tap weight matters
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      data[o] = (x * 7 + y * 3) & 255;
      data[o + 1] = (x >> 3) % 2 === (y >> 3) % 2 ? 250 : 5;
      data[o + 2] = Math.floor(r() * 256);
      data[o + 3] = 255;
    }
  }
  return data;
}

/** The tensor value of byte `v` in tensor channel `c`, computed from the convention directly. */
function expectedValue(v: number, c: number, conv: PreprocessConvention): number {
  const mean = conv.mean ? conv.mean[c] : 0;
  const std = conv.std ? conv.std[c] : 1;
  return Math.fround((v * conv.scale - mean) / std);
}

describe('BilinearResizer (into the input tensor)', () => {
  afterEach(() => setWasmPixelsEnabled(true));

  it('runs the WebAssembly kernel here (so the cases below test it; the JS is checked against it)', () => {
    expect(WasmPixelKernel.create()).not.toBeNull();
  });

  const cases: [number, number, number, number][] = [
    [768, 432, 416, 234], // car-detection.mp4 into YOLOX's 416 (the video benchmark)
    [810, 1080, 480, 640], // bus.jpg into a 640 letterbox
    [773, 512, 415, 275], // horses.jpg into YOLOX's 416 (floor)
    [100, 60, 352, 352], // stretched and enlarged
    [1280, 720, 91, 37], // strongly shrunk, odd sizes
    [5, 3, 5, 3], // identity
    [1, 1, 4, 4],
  ];
  const MEAN_STD: PreprocessConvention = { ...ULTRALYTICS_CONVENTION, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  for (const [n, [sw, sh, dw, dh]] of cases.entries()) {
    const conv = [YOLOX_CONVENTION, ULTRALYTICS_CONVENTION, MEAN_STD][n % 3];
    const half = n === 2;
    it(`resizes ${sw}x${sh} to ${dw}x${dh} like the reference, placed with an offset (${conv.channels}, ${half ? 'float16' : 'float32'})`, () => {
      const src = randomImage(sw, sh, sw * 31 + dh);
      const expected = resizeBilinear({ width: sw, height: sh, data: src }, dw, dh);
      const W = dw + 7;
      const H = dh + 5;
      const plane = W * H;
      const buffer = half ? new Uint16Array(3 * plane).fill(0xffff) : new Float32Array(3 * plane).fill(NaN);
      let out: Float32Array | Uint16Array = buffer;
      const read = (i: number): number => (half ? halfToFloat(out[i]) : out[i]);
      const round = (v: number): number => (half ? halfToFloat(floatToHalf(v)) : v); // float16 tables hold the nearest half
      const resizer = new BilinearResizer();
      const packer = new PixelPacker();
      resizer.resize(src, sw, sh, packer, conv, buffer, W, H, 3, 2, dw, dh);
      out = resizer.resize(src, sw, sh, packer, conv, buffer, W, H, 3, 2, dw, dh); // again: reused tables and rows give the same values
      let exact = 0;
      for (let c = 0; c < 3; c++) {
        const from = conv.channels === 'BGR' ? 2 - c : c;
        for (let y = 0; y < H; y++) {
          for (let x = 0; x < W; x++) {
            const got = read(c * plane + y * W + x);
            const inside = x >= 3 && x < 3 + dw && y >= 2 && y < 2 + dh;
            if (!inside) {
              if (got !== round(expectedValue(conv.pad, c, conv))) expect.fail(`pad at ${x},${y} channel ${c}: ${got}`);
              continue;
            }
            const v = expected.data[((y - 2) * dw + x - 3) * 4 + from];
            const candidates = [v - 1, v, v + 1].map((b) => round(expectedValue(b, c, conv)));
            if (!candidates.includes(got)) expect.fail(`${x},${y} channel ${c}: ${got}, reference byte ${v}`);
            if (got === candidates[1]) exact++;
          }
        }
      }
      // only where the exact value is a half can the float reference's rounding error put it on the other side
      expect(exact / (dw * dh * 3)).toBeGreaterThan(0.999);
      // the JS fallback: the same bits as the kernel
      setWasmPixelsEnabled(false);
      const into = half ? new Uint16Array(3 * plane) : new Float32Array(3 * plane);
      const js = new BilinearResizer().resize(src, sw, sh, packer, conv, into, W, H, 3, 2, dw, dh);
      expect(js).toBe(into); // the JS writes the caller's array
      const bits = (a: Float32Array | Uint16Array) => (a instanceof Uint16Array ? a : new Uint32Array(a.buffer, a.byteOffset, a.length));
      expect(bits(js)).toEqual(bits(out));
    });
  }

  it('matches the reference exactly where its float weights are exact too (scale 2: every weight 1/4 or 3/4)', () => {
    const [sw, sh, dw, dh] = [640, 480, 320, 240];
    const src = randomImage(sw, sh, 7);
    const expected = resizeBilinear({ width: sw, height: sh, data: src }, dw, dh);
    const out = new BilinearResizer().resize(src, sw, sh, new PixelPacker(), { resize: 'stretch', pad: 0, channels: 'RGB', scale: 1 }, new Float32Array(3 * dw * dh), dw, dh, 0, 0, dw, dh);
    let off = 0;
    for (let c = 0; c < 3; c++) for (let p = 0; p < dw * dh; p++) off += out[c * dw * dh + p] === expected.data[p * 4 + c] ? 0 : 1;
    expect(off).toBe(0);
  });

  it('rejects a rectangle that does not fit and a source that is too small', () => {
    const r = new BilinearResizer();
    const p = new PixelPacker();
    const out = new Float32Array(3 * 16);
    expect(() => r.resize(new Uint8Array(64), 4, 4, p, YOLOX_CONVENTION, out, 4, 4, 1, 0, 4, 4)).toThrow(RangeError);
    expect(() => r.resize(new Uint8Array(60), 4, 4, p, YOLOX_CONVENTION, out, 4, 4, 0, 0, 4, 4)).toThrow(RangeError);
  });
});
