// Turns anything image-like into a frame the worker can take by transfer (never pixels copied in JS).
// A <video>'s current frame is wrapped in a VideoFrame (no copy: the worker reads it). For the rest the
// capture is the one copy the page has to make anyway (an <img> or <canvas> cannot be transferred),
// so it is made at the size the model will see: createImageBitmap resizes while it copies (high
// quality, area-averaging when shrinking), and the worker then only places the bitmap 1:1. The caller's
// own ImageBitmap or VideoFrame stays usable: the worker gets a copy or a clone. The resize uses the
// model's filter (issue 15): bilinear as the Python pipelines by default, area-averaging when 'smooth'.

import { canvasResizeQuality, DEFAULT_RESIZE_FILTER, InputError, type ResizeFilter } from '../postprocess/index.js';

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

/** A frame ready to transfer, with the source's own size and the media time of a video source. */
export interface CapturedFrame {
  frame: ImageBitmap | VideoFrame;
  /** Size of the source in px: the space the boxes come back in (the frame itself may be smaller). */
  sourceWidth: number;
  sourceHeight: number;
  /** Media time in seconds (video sources only). */
  timestamp?: number;
}

/** The size the model will see a source of `width` x `height` at (e.g. its letterbox placement). */
export type TargetSize = (width: number, height: number) => { width: number; height: number };

function emptyError(what: string, width: number, height: number): InputError {
  return new InputError(`The ${what} is ${width}x${height}: there is nothing to detect on (not loaded yet, or empty).`);
}

/** Copies `source` into an ImageBitmap, shrunk to `target` when that is smaller (never enlarged). */
async function bitmap(
  source: ImageBitmapSource,
  what: string,
  width: number,
  height: number,
  target: TargetSize | undefined,
  filter: ResizeFilter = DEFAULT_RESIZE_FILTER,
): Promise<ImageBitmap> {
  const size = target?.(width, height);
  const shrink = size && size.width < width && size.height < height;
  try {
    return shrink
      ? await createImageBitmap(source, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: canvasResizeQuality(filter) })
      : await createImageBitmap(source);
  } catch (cause) {
    throw new InputError(`Could not read the ${what} as an image (${(cause as Error).message}).`, { cause });
  }
}

/**
 * Captures one frame from `source`, at `target`'s size when given (resampled with `filter`, default
 * bilinear). Throws InputError for empty, unloaded, closed or unknown sources.
 */
export async function captureFrame(source: DetectSource, target?: TargetSize, filter?: ResizeFilter): Promise<CapturedFrame> {
  if (typeof VideoFrame !== 'undefined' && source instanceof VideoFrame) {
    if (!source.format && source.displayWidth === 0) throw new InputError('The VideoFrame is closed.');
    const { displayWidth: w, displayHeight: h } = source;
    if (w === 0 || h === 0) throw emptyError('VideoFrame', w, h);
    // a clone shares the decoded picture: no copy at all, the worker scales it
    return { frame: source.clone(), sourceWidth: w, sourceHeight: h, timestamp: source.timestamp / 1e6 };
  }
  if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) {
    if (source.width === 0 || source.height === 0) throw new InputError('The ImageBitmap is empty or was closed/transferred.');
    return capture(source, 'ImageBitmap', source.width, source.height, target, filter);
  }
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    if (!source.complete || source.naturalWidth === 0) {
      try {
        await source.decode();
      } catch (cause) {
        throw new InputError(`The image ${source.currentSrc || source.src || '(no src)'} could not be loaded or decoded.`, { cause });
      }
    }
    const { naturalWidth: w, naturalHeight: h } = source;
    if (w === 0 || h === 0) throw emptyError('image', w, h);
    return capture(source, 'image', w, h, target, filter);
  }
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) {
    if (source.readyState < 2 || source.videoWidth === 0) {
      throw new InputError('The video has no frame to read yet (wait for loadeddata) or has no video track.');
    }
    const wrapped = videoFrameOf(source);
    if (wrapped) return { frame: wrapped, sourceWidth: wrapped.displayWidth, sourceHeight: wrapped.displayHeight, timestamp: source.currentTime };
    const captured = await capture(source, 'video frame', source.videoWidth, source.videoHeight, target, filter);
    return { ...captured, timestamp: source.currentTime };
  }
  if (
    (typeof HTMLCanvasElement !== 'undefined' && source instanceof HTMLCanvasElement) ||
    (typeof OffscreenCanvas !== 'undefined' && source instanceof OffscreenCanvas)
  ) {
    if (source.width === 0 || source.height === 0) throw emptyError('canvas', source.width, source.height);
    return capture(source, 'canvas', source.width, source.height, target, filter);
  }
  if (typeof ImageData !== 'undefined' && source instanceof ImageData) {
    if (source.width === 0 || source.height === 0) throw emptyError('ImageData', source.width, source.height);
    return capture(source, 'ImageData', source.width, source.height, target, filter);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size === 0) throw new InputError('The image file is empty (0 bytes).');
    const name = `file${(source as File).name ? ` ${(source as File).name}` : ''}`;
    const decoded = await bitmap(source, name, 0, 0, undefined); // its size is known once decoded
    if (!target) return { frame: decoded, sourceWidth: decoded.width, sourceHeight: decoded.height };
    try {
      return await capture(decoded, name, decoded.width, decoded.height, target, filter);
    } finally {
      decoded.close();
    }
  }
  throw new InputError(
    'Unsupported source: pass an ImageBitmap, <img>, <video>, <canvas>, OffscreenCanvas, VideoFrame, ImageData or an image Blob.',
  );
}

/**
 * The video's current frame as a VideoFrame, or null where the browser has none to give (no WebCodecs,
 * a frame it cannot wrap): then the caller captures a bitmap as for any other source. Wrapping shares
 * the decoded picture (0.05 ms), while createImageBitmap(video) reads and converts it on the page's
 * thread: 35-55 ms per 1280x960 frame in headless Chromium, the page frozen meanwhile (issue 15). The
 * worker reads the VideoFrame instead, off the page (src/worker/frame-shrink.ts).
 */
function videoFrameOf(video: HTMLVideoElement): VideoFrame | null {
  if (typeof VideoFrame === 'undefined') return null;
  try {
    const frame = new VideoFrame(video, { timestamp: Math.round(video.currentTime * 1e6) });
    if (frame.displayWidth > 0 && frame.displayHeight > 0) return frame;
    frame.close();
  } catch (cause) {
    // a cross-origin video may not be read at all: say so as createImageBitmap would
    if ((cause as Error).name === 'SecurityError') throw new InputError(`Could not read the video frame (${(cause as Error).message}).`, { cause });
  }
  return null;
}

async function capture(
  source: ImageBitmapSource,
  what: string,
  width: number,
  height: number,
  target: TargetSize | undefined,
  filter: ResizeFilter | undefined,
): Promise<CapturedFrame> {
  return { frame: await bitmap(source, what, width, height, target, filter), sourceWidth: width, sourceHeight: height };
}
