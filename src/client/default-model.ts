// The shipped default model, resolved next to this module so that it works from the dev server,
// the demo build and the self-contained library folder alike. A global override exists for pages
// that host the assets elsewhere: `globalThis.YOLO_DETECTOR_CONFIG = { modelUrl, wasmPaths }`.
// The model's sidecar (models/wrgb-416.json) is read at build time for the preprocessing and the
// tracker thresholds it wants.

import { checkResizeFilter, type ResizeFilter } from '../postprocess/index.js';
import { preprocessing as shippedPreprocessing, tracking as shippedTracking } from '../../models/wrgb-416.json';
import type { TrackerOptions } from '../track/types.js';

/** Page-wide asset overrides, read at call time. */
export interface GlobalConfig {
  /** URL of the default model. */
  modelUrl?: string;
  /** Base URL of onnxruntime-web's .wasm/.mjs files. */
  wasmPaths?: string;
}

/** The global config object, if the page defined one. */
export function globalConfig(): GlobalConfig {
  return (globalThis as { YOLO_DETECTOR_CONFIG?: GlobalConfig }).YOLO_DETECTOR_CONFIG ?? {};
}

/** URL of the shipped wrgb light detector. */
export function defaultModelUrl(): string {
  return globalConfig().modelUrl ?? new URL('../../models/wrgb-416.onnx', import.meta.url).href;
}

/** The shipped model's file and its variants' (models/README.md): same preprocessing, same score scale. */
const SHIPPED_FILES = /^wrgb-416(?:-(?:fp16|int8|nms))?\.onnx$/;

/**
 * Whether `url` is the shipped model or one of its fp16 / int8 / NMS variants next to it: the
 * settings of its sidecar (resize filter, tracker thresholds) apply to all of them.
 */
export function isShippedModel(url: string): boolean {
  const shipped = defaultModelUrl();
  const folder = shipped.slice(0, shipped.lastIndexOf('/') + 1);
  return url.startsWith(folder) && SHIPPED_FILES.test(url.slice(folder.length));
}

/**
 * The resize filter the shipped model wants: `preprocessing.resizeFilter` of its sidecar
 * (models/wrgb-416.json), chosen by measuring the model both ways (models/README.md).
 */
export function defaultModelResizeFilter(): ResizeFilter {
  return checkResizeFilter((shippedPreprocessing as { resizeFilter?: string }).resizeFilter ?? 'bilinear');
}

/**
 * The tracker options the shipped model's tracks start from: `tracking.highThreshold` and
 * `tracking.newTrackThreshold` of its sidecar, chosen on generated tracking clips for its calibrated
 * scores (docs/tracking.md).
 */
export function defaultModelTrackerDefaults(): TrackerOptions {
  return { highThreshold: shippedTracking.highThreshold, newTrackThreshold: shippedTracking.newTrackThreshold };
}
