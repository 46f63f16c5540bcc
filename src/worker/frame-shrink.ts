// in: a VideoFrame (a <video>'s current frame, a decoded frame) bigger than its placement; out: its
// picture area-averaged to the placement size (the 'smooth' filter), read from its bytes as they are
// (area-shrink.ts). In headless Chromium the canvas' high-quality scaler took 25-45 ms of the worker
// per 1280x960 frame of a playing <video>; copying the frame as it is takes 0.15 ms (I420) or 0.4 ms
// (BGRA) and the averaging 0.6 ms (I420) or 1.0 ms (BGRA) in Node (issue 15). Frames this cannot
// read (other formats, colour spaces other than sRGB for RGB frames, rotated ones) stay with the
// canvas, and a kind of frame whose copy fails once is not tried again.

import { frameKind, type Frame } from './frame-pixels.js';
import type { ByteOrder } from './pixels.js';
import { AreaShrinker, isShrinkableYuv, rgbOrderOf, yuvColourOf, type YuvColour, type YuvFormat } from './area-shrink.js';

/**
 * How a frame's bytes are read: the matrix of its YUV planes, or the byte order of its RGB. Never a
 * new object (yuvColourOf gives one object per colour): it is worked out twice per frame.
 */
type Reading = YuvColour | ByteOrder;

/** Shrinks VideoFrames by area averaging; reused for every frame. */
export class FrameShrinker {
  private readonly shrinker = new AreaShrinker();
  /** Kinds of frames (format + colour space) whose bytes copyTo would not give. */
  private readonly refused = new Set<string>();

  /** Frames shrunk so far (for tests and benchmarks). */
  frames = 0;

  /** Whether `frame` is a VideoFrame this can bring to width x height (no enlarging). */
  canShrink(frame: Frame, width: number, height: number): boolean {
    if (!readingOf(frame)) return false;
    const rect = (frame as VideoFrame).visibleRect!;
    // the kind is named only once a kind was refused (no string per frame otherwise)
    return width <= rect.width && height <= rect.height && (this.refused.size === 0 || !this.refused.has(frameKind(frame as VideoFrame)));
  }

  /**
   * Writes `frame`'s visible picture, area-averaged to width x height, into `into` (width·height·4
   * bytes, opaque) and returns their byte order; null, with nothing written, when the frame's bytes
   * cannot be copied.
   */
  async shrink(frame: VideoFrame, into: Uint8Array, width: number, height: number): Promise<ByteOrder | null> {
    const read = readingOf(frame);
    const rect = frame.visibleRect;
    if (!read || !rect) return null;
    try {
      const options = { rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
      const bytes = this.shrinker.planesFor(frame.allocationSize(options)); // the kernel's memory: no copy in
      const layout = await frame.copyTo(bytes, options);
      this.frames++;
      if (typeof read === 'string') {
        this.shrinker.shrinkRgb(bytes.subarray(layout[0].offset), layout[0].stride, rect.width, rect.height, into, width, height);
        return read;
      }
      // a colour is the reading of the YUV formats only
      this.shrinker.shrinkYuv(bytes, layout, frame.format as YuvFormat, rect.width, rect.height, read, into, width, height);
      return 'RGBA';
    } catch {
      this.refused.add(frameKind(frame)); // e.g. a visible rect at odd coordinates: the canvas reads those
      return null;
    }
  }
}

/** How `frame` is read, or null for frames this does not read (bitmaps, other formats, rotated, unknown colour). */
function readingOf(frame: Frame): Reading | null {
  if (typeof VideoFrame === 'undefined' || !(frame instanceof VideoFrame) || !frame.visibleRect) return null;
  const turned = (frame as { rotation?: number }).rotation || (frame as { flip?: boolean }).flip;
  if (turned) return null;
  const cs = frame.colorSpace;
  if (isShrinkableYuv(frame.format)) return yuvColourOf(cs.matrix, cs.fullRange);
  const order = rgbOrderOf(frame.format);
  // the canvas converts other colour spaces to sRGB; these bytes are taken as they are
  const srgb = cs.primaries === 'bt709' && cs.transfer === 'iec61966-2-1';
  return order && srgb ? order : null;
}
