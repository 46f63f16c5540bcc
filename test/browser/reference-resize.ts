// The reference resize of the fidelity test (issue 15), written independently of the browser's
// scaler: bilinear with half-pixel centres, as OpenCV's cv::resize(INTER_LINEAR) that the Python YOLO
// pipelines use: source x = (x + 0.5) · (srcW / dstW) − 0.5, clamped to the edge pixels, four taps,
// no averaging when shrinking. Results are rounded to bytes, as cv2 does for 8-bit images.

/** RGBA pixels of one image. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** The full-resolution RGBA pixels of a bitmap, as the browser decoded it. */
export function bitmapPixels(bitmap: ImageBitmap): Rgba {
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  return { width: bitmap.width, height: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
}

/** One axis' taps: for each output index, the two source indices and the weight of the second. */
function taps(srcSize: number, dstSize: number): { lo: Int32Array; hi: Int32Array; w: Float64Array } {
  const lo = new Int32Array(dstSize);
  const hi = new Int32Array(dstSize);
  const w = new Float64Array(dstSize);
  const scale = srcSize / dstSize;
  for (let i = 0; i < dstSize; i++) {
    let f = (i + 0.5) * scale - 0.5;
    if (f < 0) f = 0; // OpenCV clamps the left edge (its weights become 1, 0)
    const i0 = Math.min(Math.floor(f), srcSize - 1);
    lo[i] = i0;
    hi[i] = Math.min(i0 + 1, srcSize - 1);
    w[i] = i0 === srcSize - 1 ? 0 : f - i0;
  }
  return { lo, hi, w };
}

/** Resizes `src` to `width` x `height`, bilinear with half-pixel centres. */
export function resizeBilinearHalfPixel(src: Rgba, width: number, height: number): Rgba {
  const out = new Uint8ClampedArray(width * height * 4);
  const xs = taps(src.width, width);
  const ys = taps(src.height, height);
  const s = src.data;
  for (let y = 0; y < height; y++) {
    const r0 = ys.lo[y] * src.width * 4;
    const r1 = ys.hi[y] * src.width * 4;
    const wy = ys.w[y];
    for (let x = 0; x < width; x++) {
      const c0 = xs.lo[x] * 4;
      const c1 = xs.hi[x] * 4;
      const wx = xs.w[x];
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = s[r0 + c0 + c] * (1 - wx) + s[r0 + c1 + c] * wx;
        const bottom = s[r1 + c0 + c] * (1 - wx) + s[r1 + c1 + c] * wx;
        out[o + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { width, height, data: out };
}
