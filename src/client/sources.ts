// Turns anything image-like into a frame the worker can take by transfer (never a copy of pixels in
// JS). The caller's own ImageBitmap or VideoFrame is left usable: the worker gets a copy/clone.

import { InputError } from '../postprocess/index.js';

/** What `detect()` accepts. */
export type DetectSource =
  | ImageBitmap
  | HTMLImageElement
  | HTMLVideoElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | VideoFrame
  | ImageData
  | Blob;

/** A frame ready to transfer, with the media time of a video source. */
export interface CapturedFrame {
  frame: ImageBitmap | VideoFrame;
  /** Media time in seconds (video sources only). */
  timestamp?: number;
}

function emptyError(what: string, width: number, height: number): InputError {
  return new InputError(`The ${what} is ${width}x${height}: there is nothing to detect on (not loaded yet, or empty).`);
}

async function bitmap(source: ImageBitmapSource, what: string): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(source);
  } catch (cause) {
    throw new InputError(`Could not read the ${what} as an image (${(cause as Error).message}).`, { cause });
  }
}

/** Captures one frame from `source`. Throws InputError for empty, unloaded, closed or unknown sources. */
export async function captureFrame(source: DetectSource): Promise<CapturedFrame> {
  if (typeof VideoFrame !== 'undefined' && source instanceof VideoFrame) {
    if (!source.format && source.displayWidth === 0) throw new InputError('The VideoFrame is closed.');
    if (source.displayWidth === 0 || source.displayHeight === 0) throw emptyError('VideoFrame', source.displayWidth, source.displayHeight);
    return { frame: source.clone(), timestamp: source.timestamp / 1e6 };
  }
  if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) {
    if (source.width === 0 || source.height === 0) throw new InputError('The ImageBitmap is empty or was closed/transferred.');
    return { frame: await bitmap(source, 'ImageBitmap') };
  }
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    if (!source.complete || source.naturalWidth === 0) {
      try {
        await source.decode();
      } catch (cause) {
        throw new InputError(`The image ${source.currentSrc || source.src || '(no src)'} could not be loaded or decoded.`, { cause });
      }
    }
    if (source.naturalWidth === 0 || source.naturalHeight === 0) throw emptyError('image', source.naturalWidth, source.naturalHeight);
    return { frame: await bitmap(source, 'image') };
  }
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) {
    if (source.readyState < 2 || source.videoWidth === 0) {
      throw new InputError('The video has no frame to read yet (wait for loadeddata) or has no video track.');
    }
    return { frame: await bitmap(source, 'video frame'), timestamp: source.currentTime };
  }
  if (
    (typeof HTMLCanvasElement !== 'undefined' && source instanceof HTMLCanvasElement) ||
    (typeof OffscreenCanvas !== 'undefined' && source instanceof OffscreenCanvas)
  ) {
    if (source.width === 0 || source.height === 0) throw emptyError('canvas', source.width, source.height);
    return { frame: await bitmap(source, 'canvas') };
  }
  if (typeof ImageData !== 'undefined' && source instanceof ImageData) {
    if (source.width === 0 || source.height === 0) throw emptyError('ImageData', source.width, source.height);
    return { frame: await bitmap(source, 'ImageData') };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size === 0) throw new InputError('The image file is empty (0 bytes).');
    return { frame: await bitmap(source, `file${(source as File).name ? ` ${(source as File).name}` : ''}`) };
  }
  throw new InputError(
    'Unsupported source: pass an ImageBitmap, <img>, <video>, <canvas>, OffscreenCanvas, VideoFrame, ImageData or an image Blob.',
  );
}
