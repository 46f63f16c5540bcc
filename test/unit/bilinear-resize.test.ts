// The worker's bilinear resize against the test helpers' independent one (test/helpers/image.ts, the
// formula of the fixtures' reference script): same bytes, up to float rounding at exact halves.
import { describe, expect, it } from 'vitest';
import { BilinearResizer } from '../../src/worker/bilinear-resize.js';
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

describe('BilinearResizer', () => {
  const cases: [number, number, number, number][] = [
    [810, 1080, 480, 640], // bus.jpg into a 640 letterbox
    [773, 512, 415, 275], // horses.jpg into YOLOX's 416 (floor)
    [100, 60, 352, 352], // stretched and enlarged
    [1280, 720, 91, 37], // strongly shrunk, odd sizes
    [5, 3, 5, 3], // identity
    [1, 1, 4, 4],
  ];
  for (const [sw, sh, dw, dh] of cases) {
    it(`resizes ${sw}x${sh} to ${dw}x${dh} like the reference, placed with an offset`, () => {
      const src = randomImage(sw, sh, sw * 31 + dh);
      const expected = resizeBilinear({ width: sw, height: sh, data: src }, dw, dh);
      const stride = dw + 7;
      const dst = new Uint8ClampedArray(stride * (dh + 5) * 4).fill(114);
      const resizer = new BilinearResizer();
      resizer.resize(src, sw, sh, dst, stride, 3, 2, dw, dh);
      resizer.resize(src, sw, sh, dst, stride, 3, 2, dw, dh); // again: reused tables and rows give the same bytes
      let off = 0;
      let exact = 0;
      for (let y = 0; y < dh; y++) {
        for (let x = 0; x < dw; x++) {
          for (let c = 0; c < 3; c++) {
            const d = Math.abs(dst[((y + 2) * stride + x + 3) * 4 + c] - expected.data[(y * dw + x) * 4 + c]);
            off = Math.max(off, d);
            if (d === 0) exact++;
          }
        }
      }
      expect(off).toBeLessThanOrEqual(1);
      expect(exact / (dw * dh * 3)).toBeGreaterThan(0.999);
      // outside the placement nothing was touched
      expect(dst[0]).toBe(114);
      expect(dst[((dh + 4) * stride + stride - 1) * 4]).toBe(114);
    });
  }
});
