// Preprocessing conventions and letterbox geometry (pure maths). The worker draws the image where
// `placeImage` says; `decode` maps boxes back with the returned transform.

import type { BoxTransform, LayoutName } from './types.js';

/** How the source is fitted into the model input. */
export type ResizeMode =
  /** Keep the aspect ratio, centre, pad the rest (Ultralytics / YOLOv5 / v7 / v8). */
  | 'letterbox'
  /** Keep the aspect ratio, place at the top-left, pad right and bottom (YOLOX). */
  | 'letterbox-top-left'
  /** Resize to the input size, ignoring the aspect ratio (Yolo-FastestV2, some demos). */
  | 'stretch';

/** How pixels become the input tensor. */
export interface PreprocessConvention {
  /** How the image is fitted into the input. */
  resize: ResizeMode;
  /** Pad value, 0..255, applied before scaling (114 for Ultralytics and YOLOX). */
  pad: number;
  /** Channel order of the input tensor. */
  channels: 'RGB' | 'BGR';
  /** Multiplier applied to 0..255 values (1/255 for most models, 1 for YOLOX). */
  scale: number;
  /** Optional per-channel mean subtracted after scaling (in tensor channel order). */
  mean?: readonly [number, number, number];
  /** Optional per-channel std divided after subtracting the mean. */
  std?: readonly [number, number, number];
}

/** YOLOv5 / v7 / v5-Lite / v8 / 11 / 26 / v10: centred letterbox, pad 114, RGB, /255. */
export const ULTRALYTICS_CONVENTION: PreprocessConvention = { resize: 'letterbox', pad: 114, channels: 'RGB', scale: 1 / 255 };
/** YOLOX: top-left letterbox, pad 114, BGR, 0..255. */
export const YOLOX_CONVENTION: PreprocessConvention = { resize: 'letterbox-top-left', pad: 114, channels: 'BGR', scale: 1 };
/** Yolo-FastestV2: stretch, BGR, /255. */
export const FASTESTV2_CONVENTION: PreprocessConvention = { resize: 'stretch', pad: 0, channels: 'BGR', scale: 1 / 255 };

/** The reference preprocessing of a layout's model family (docs/contracts.md, model conventions). */
export function conventionForLayout(layout: LayoutName): PreprocessConvention {
  if (layout === 'yolox') return YOLOX_CONVENTION;
  if (layout === 'fastestv2') return FASTESTV2_CONVENTION;
  return ULTRALYTICS_CONVENTION;
}

/** Where the resized source lands inside the input, and the transform back to source pixels. */
export interface ImagePlacement {
  /** Left edge of the resized image in input px. */
  x: number;
  /** Top edge of the resized image in input px. */
  y: number;
  /** Width of the resized image in input px. */
  width: number;
  /** Height of the resized image in input px. */
  height: number;
  /** Maps input px back to source px (for `decode`). */
  transform: BoxTransform;
}

/**
 * Places a source of srcWidth x srcHeight into an input of inputWidth x inputHeight.
 * letterbox: r = min(inW/w, inH/h), size round(w·r) x round(h·r), left/top = floor of half the
 * padding (as Ultralytics' round(d − 0.1)); letterbox-top-left: size floor(w·r) x floor(h·r) at 0,0
 * (as YOLOX); stretch: the whole input. The transform uses the exact per-axis scale drawn.
 */
export function placeImage(
  srcWidth: number,
  srcHeight: number,
  inputWidth: number,
  inputHeight: number,
  resize: ResizeMode,
): ImagePlacement {
  let width = inputWidth;
  let height = inputHeight;
  let x = 0;
  let y = 0;
  if (resize !== 'stretch') {
    const r = Math.min(inputWidth / srcWidth, inputHeight / srcHeight);
    const round = resize === 'letterbox' ? Math.round : Math.floor;
    width = Math.max(1, Math.min(inputWidth, round(srcWidth * r)));
    height = Math.max(1, Math.min(inputHeight, round(srcHeight * r)));
    if (resize === 'letterbox') {
      x = Math.floor((inputWidth - width) / 2);
      y = Math.floor((inputHeight - height) / 2);
    }
  }
  return {
    x,
    y,
    width,
    height,
    transform: { scaleX: width / srcWidth, scaleY: height / srcHeight, padX: x, padY: y, srcWidth, srcHeight },
  };
}
