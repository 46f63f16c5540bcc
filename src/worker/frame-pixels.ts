// in: a frame (ImageBitmap or VideoFrame) at its display size; out: its RGBA bytes, width x height.
// The 'bilinear' path's source read (issue 15). A canvas draw + getImageData works for every frame.
// A decoded video frame is read faster, without the canvas, in one of two ways:
// - its YUV planes copied as they are and converted here with libyuv's integer arithmetic
//   (yuv-to-rgba.ts), the conversion Chromium itself uses: car-detection.mp4, I420 BT.601, 768x432:
//   0.3-0.5 ms against 0.9-1.4 ms for copyTo(RGBA) and 3.5 ms for the canvas;
// - VideoFrame.copyTo(RGBA), the browser's own conversion without the canvas.
// Neither is guaranteed to equal the canvas for every colour space (a YUV-backed JPEG came out of
// copyTo with other coefficients: int8 scores moved by 0.5), so a kind of frame (format + colour
// space) takes a faster way only after its first frame came out identical both ways; until then,
// and for any other kind, the canvas.

import type { ByteOrder } from './pixels.js';
import type { YuvToRgba } from './yuv-to-rgba.js';
import { loadVideoFrameReaders } from './lazy-features.js';

/** A frame the worker reads. */
export type Frame = ImageBitmap | VideoFrame;

/** Whether `frame` is a VideoFrame (false where the engine has none). */
export function isVideoFrame(frame: Frame): frame is VideoFrame {
  return typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame;
}

/** How a frame's pixels were read: libyuv's conversion of its planes, copyTo(RGBA), or a canvas draw. */
export type ReadPath = 'yuv' | 'copyTo' | 'canvas';

/** Reads frames' pixels at their own size into reused buffers. */
export class FramePixelReader {
  private readonly canvas = new CanvasPixels();
  private bytes = new Uint8Array(0);
  private view = new Uint8Array(0); // bytes' first width·height·4, kept while the size stays (no view per frame)
  /** Per kind of video frame: the fastest way that gave the canvas' bytes on its first frame. */
  private readonly ways = new Map<string, ReadPath>();
  /** The YUV converter (null without WebAssembly SIMD), made on the first frame that could use it. */
  private yuv: YuvToRgba | null | undefined;

  /** How the last `read` got its pixels (for tests and benchmarks). */
  lastPath: ReadPath = 'canvas';

  /**
   * The RGBA bytes of `frame` drawn 1:1 at width x height (its display size). The returned array is
   * reused by the next call. `into` (width·height·4 bytes), when given, is where copyTo writes (the
   * resize kernel's memory: no copy after the read).
   */
  async read(frame: Frame, width: number, height: number, into?: Uint8Array): Promise<Uint8Array | Uint8ClampedArray> {
    const kind = this.copyableKind(frame, width, height);
    const way = kind === null ? 'canvas' : this.ways.get(kind);
    const target = into ?? this.ownBytes(width * height * 4);
    const yuv = way === 'yuv' ? this.yuv : null; // set: the way was found with it
    if (yuv && (await yuv.convert(frame as VideoFrame, target))) {
      this.lastPath = 'yuv';
      return target;
    }
    if (way === 'copyTo' && (await this.copyTo(frame as VideoFrame, target))) {
      this.lastPath = way;
      return target;
    }
    const drawn = this.canvas.read(frame, width, height);
    this.lastPath = 'canvas';
    if (kind !== null && way === undefined) this.ways.set(kind, await this.fastestWay(frame as VideoFrame, drawn, target));
    return drawn;
  }

  /** The first frame of its kind: the fastest way that gives the canvas' bytes (`scratch` is overwritten). */
  private async fastestWay(frame: VideoFrame, drawn: Uint8ClampedArray, scratch: Uint8Array): Promise<ReadPath> {
    const yuv = await this.converter(frame);
    if (yuv && (await yuv.convert(frame, scratch)) && sameBytes(scratch, drawn)) return 'yuv';
    if ((await this.copyTo(frame, scratch)) && sameBytes(scratch, drawn)) return 'copyTo';
    return 'canvas';
  }

  /** The converter, when `frame` is a kind it converts (its code is a chunk of its own, loaded here). */
  private async converter(frame: VideoFrame): Promise<YuvToRgba | null> {
    const { YuvToRgba } = await loadVideoFrameReaders();
    if (!YuvToRgba.converts(frame)) return null;
    if (this.yuv === undefined) this.yuv = YuvToRgba.create();
    return this.yuv;
  }

  /** The reader's own buffer, `size` bytes (kept while the size stays: no view per frame). */
  private ownBytes(size: number): Uint8Array {
    if (this.bytes.length < size) this.bytes = new Uint8Array(size);
    if (this.view.length !== size) this.view = this.bytes.subarray(0, size);
    return this.view;
  }

  /** A key for frames copyTo could read as they display, or null (bitmaps, rotated/scaled/cropped frames). */
  private copyableKind(frame: Frame, width: number, height: number): string | null {
    if (typeof VideoFrame === 'undefined' || !(frame instanceof VideoFrame) || frame.format === null) return null;
    const rect = frame.visibleRect;
    const turned = (frame as { rotation?: number; flip?: boolean }).rotation || (frame as { flip?: boolean }).flip;
    if (!rect || rect.width !== width || rect.height !== height || turned) return null;
    return frameKind(frame);
  }

  /** VideoFrame.copyTo(RGBA, sRGB) into `target`; false where the browser cannot. */
  private async copyTo(frame: VideoFrame, target: Uint8Array): Promise<boolean> {
    try {
      await frame.copyTo(target, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
      return true;
    } catch {
      return false;
    }
  }
}

/** A key for a kind of video frame: its format and colour space (how its bytes turn into RGB). */
export function frameKind(frame: VideoFrame): string {
  const cs = frame.colorSpace;
  return `${frame.format} ${cs.matrix} ${cs.primaries} ${cs.transfer} ${cs.fullRange}`;
}

/** Draws frames 1:1 into a reused OffscreenCanvas (opaque) and reads them back. */
export class CanvasPixels {
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /** The RGBA bytes of `frame` drawn at (0, 0) on a width x height canvas (a new array each call). */
  read(frame: Frame, width: number, height: number): Uint8ClampedArray {
    let ctx = this.context;
    if (!ctx || ctx.canvas.width !== width || ctx.canvas.height !== height) {
      ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false });
      if (!ctx) throw new Error('OffscreenCanvas 2D is not available in this worker');
      this.context = ctx;
    }
    ctx.drawImage(frame, 0, 0, width, height); // 1:1 (VideoFrames: decoded to RGB at display size)
    return ctx.getImageData(0, 0, width, height).data;
  }
}

/**
 * Whether `bytes` (in `order`; a native BGRA copy is compared channel for channel) hold the canvas'
 * RGBA bytes of the same frame; the fourth byte is compared only when `alpha` (not for RGBX/BGRX).
 */
export function sameBytes(bytes: Uint8Array, canvas: Uint8ClampedArray, order: ByteOrder = 'RGBA', alpha = true): boolean {
  if (bytes.length !== canvas.length) return false;
  const r = order === 'RGBA' ? 0 : 2;
  const b = 2 - r;
  for (let i = 0; i < canvas.length; i += 4) {
    if (bytes[i + r] !== canvas[i] || bytes[i + 1] !== canvas[i + 1] || bytes[i + b] !== canvas[i + 2]) return false;
    if (alpha && bytes[i + 3] !== canvas[i + 3]) return false;
  }
  return true;
}
