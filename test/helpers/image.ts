// Node-side image helpers for tests and benchmarks: JPEG decode (jpeg-js), bilinear resize with
// half-pixel centres (as the fixtures' MANIFEST reference script), and placement into a padded input.
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { placeImage, type ImagePlacement, type ResizeMode } from '../../src/postprocess/index.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function readJpeg(path: string): RgbaImage {
  const img = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: img.data };
}

/** Bilinear resize with half-pixel centres, rounding to bytes. */
export function resizeBilinear(src: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), src.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), src.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, src.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c];
        const b = src.data[(y0 * src.width + x1) * 4 + c];
        const d = src.data[(y1 * src.width + x0) * 4 + c];
        const e = src.data[(y1 * src.width + x1) * 4 + c];
        const top = a + (b - a) * wx;
        const bottom = d + (e - d) * wx;
        out[(y * width + x) * 4 + c] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return { width, height, data: out };
}

/**
 * Area-average resize (each output pixel is the mean of the source area it covers, as OpenCV's
 * INTER_AREA and the browser's high-quality downscale): small bright objects keep their energy.
 */
export function resizeArea(src: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  const acc = new Float64Array(4);
  for (let y = 0; y < height; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < width; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      acc.fill(0);
      let total = 0;
      for (let yy = Math.floor(y0); yy < Math.min(Math.ceil(y1), src.height); yy++) {
        const wy = Math.min(yy + 1, y1) - Math.max(yy, y0);
        for (let xx = Math.floor(x0); xx < Math.min(Math.ceil(x1), src.width); xx++) {
          const w = wy * (Math.min(xx + 1, x1) - Math.max(xx, x0));
          const o = (yy * src.width + xx) * 4;
          for (let c = 0; c < 4; c++) acc[c] += src.data[o + c] * w;
          total += w;
        }
      }
      for (let c = 0; c < 4; c++) out[(y * width + x) * 4 + c] = Math.round(acc[c] / total);
    }
  }
  return { width, height, data: out };
}

/** Area average when shrinking, bilinear when enlarging. */
export function resizeSmooth(src: RgbaImage, width: number, height: number): RgbaImage {
  return width < src.width && height < src.height ? resizeArea(src, width, height) : resizeBilinear(src, width, height);
}

/** The source resized and placed into an inputWidth x inputHeight image filled with `pad`. */
export function placeInto(
  src: RgbaImage,
  inputWidth: number,
  inputHeight: number,
  resize: ResizeMode,
  pad: number,
  resample: (src: RgbaImage, width: number, height: number) => RgbaImage = resizeBilinear,
): { image: RgbaImage; placement: ImagePlacement } {
  const placement = placeImage(src.width, src.height, inputWidth, inputHeight, resize);
  const resized = resample(src, placement.width, placement.height);
  const data = new Uint8Array(inputWidth * inputHeight * 4).fill(pad);
  for (let y = 0; y < placement.height; y++) {
    const row = resized.data.subarray(y * placement.width * 4, (y + 1) * placement.width * 4);
    data.set(row, ((placement.y + y) * inputWidth + placement.x) * 4);
  }
  return { image: { width: inputWidth, height: inputHeight, data }, placement };
}
