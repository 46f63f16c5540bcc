// How a frame is resampled to the model's input size (issue 15). Python YOLO pipelines (Ultralytics,
// YOLOv5, YOLOX, Yolo-FastestV2) resize with OpenCV INTER_LINEAR: bilinear with half-pixel centres,
// four source pixels per output pixel, no averaging when shrinking. The browser's low-quality
// scaling is that filter; its high-quality scaling averages the covered area when shrinking (small
// objects keep their energy), which is what a model trained on such images wants.

import { InputError } from './errors.js';

/** `bilinear`: as OpenCV INTER_LINEAR (Python pipelines). `smooth`: area-averaging when shrinking. */
export type ResizeFilter = 'bilinear' | 'smooth';

/** Every resize filter, for validation and UIs. */
export const RESIZE_FILTERS: readonly ResizeFilter[] = ['bilinear', 'smooth'];

/** The default: what the models' own Python pipelines do. */
export const DEFAULT_RESIZE_FILTER: ResizeFilter = 'bilinear';

/** The canvas / createImageBitmap quality that implements a filter in Chromium, Firefox and Safari. */
export function canvasResizeQuality(filter: ResizeFilter): 'low' | 'high' {
  return filter === 'smooth' ? 'high' : 'low';
}

/** Checks a filter given from outside (an option, an attribute); throws InputError naming the choices. */
export function checkResizeFilter(value: unknown): ResizeFilter {
  if (value === 'bilinear' || value === 'smooth') return value;
  throw new InputError(`resizeFilter must be 'bilinear' or 'smooth', got ${JSON.stringify(value)}.`);
}
