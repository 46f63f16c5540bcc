// Shared helpers of the browser tests.
import { inject } from 'vitest';
import { canvasResizeQuality, placeImage, type PreprocessConvention, type ResizeFilter } from '../../src/postprocess/index.js';
import { bitmapPixels, resizeBilinearHalfPixel } from './reference-resize.js';

/** URL of a fixture file, or null when the fixtures are absent (the caller skips). */
export function fixtureUrl(path: string): string | null {
  const base = inject('fixturesUrl');
  return base ? `${base}/${path}` : null;
}

/** Whether the fixtures folder is served; prints the reason when it is not. */
export function haveFixtures(suite: string): boolean {
  const ok = inject('fixturesUrl') !== '';
  if (!ok) console.warn(`[skip] ${suite}: ../shared/fixtures is absent`);
  return ok;
}

export async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

/**
 * The pipeline's preprocessing, replayed on this thread. 'smooth': the capture shrinks the image to
 * its letterbox size (createImageBitmap, high quality) and the worker places it 1:1 on the padded
 * input; 'bilinear': the reference resize (reference-resize.ts), placed on the padded input.
 * Returns the RGBA pixels of the model input.
 */
export async function inputPixels(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  convention: PreprocessConvention,
  filter: ResizeFilter = 'bilinear',
) {
  const placement = placeImage(bitmap.width, bitmap.height, width, height, convention.resize);
  if (filter === 'bilinear') {
    const resized = resizeBilinearHalfPixel(bitmapPixels(bitmap), placement.width, placement.height);
    const rgba = new Uint8ClampedArray(width * height * 4).fill(convention.pad);
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    for (let y = 0; y < placement.height; y++) {
      rgba.set(resized.data.subarray(y * placement.width * 4, (y + 1) * placement.width * 4), ((placement.y + y) * width + placement.x) * 4);
    }
    return { rgba, placement };
  }
  const shrink = placement.width < bitmap.width && placement.height < bitmap.height;
  const quality = canvasResizeQuality(filter);
  const captured = shrink
    ? await createImageBitmap(bitmap, { resizeWidth: placement.width, resizeHeight: placement.height, resizeQuality: quality })
    : bitmap;
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false })!;
  ctx.fillStyle = `rgb(${convention.pad},${convention.pad},${convention.pad})`;
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = quality;
  ctx.drawImage(captured, placement.x, placement.y, placement.width, placement.height);
  return { rgba: ctx.getImageData(0, 0, width, height).data, placement };
}

export function toBase64(bytes: Uint8Array | Uint8ClampedArray): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/** A URL for bytes made in the test (revoked by the caller when done). */
export function bytesUrl(bytes: Uint8Array): string {
  return URL.createObjectURL(new Blob([bytes as BlobPart]));
}

/** The fixture models every browser suite runs (../shared/fixtures/models, see its MANIFEST.md). */
export const FIXTURE_MODELS = [
  'yolo-fastestv2_coco_352_flat.onnx',
  'yolo-fastestv2_coco_352_nhwc2out.onnx',
  'v5lite-e_coco_320_raw.onnx',
  'v5lite-e_coco_320_end2end-nms.onnx',
  'yolox_nano_coco_416.onnx',
  'yolov8n_coco_640_int8dyn.onnx',
  'yolo11n_coco_320_int8dyn.onnx',
  'yolo26n_coco_640_int8dyn_end2end.onnx',
] as const;
