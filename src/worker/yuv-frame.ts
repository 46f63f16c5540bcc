// in: a YUV VideoFrame (a <video>'s current frame, a decoded frame); out: its picture shrunk to the
// placement size as RGBA, by area averaging (the 'smooth' filter), read from its planes as they are.
// In headless Chromium a 1280x960 frame of a playing <video> costs 24-48 ms of CPU to draw on a canvas
// or to copy as RGBA, and 0.15 ms to copy as it is (I420) in the worker; the averaging and conversion
// (yuv-shrink.ts) add 1.5 ms (issue 15). A kind of frame copyTo cannot read this way is not tried again.

import type { Frame } from './frame-pixels.js';
import { isShrinkableYuv, YuvShrinker, yuvColourOf, type YuvColour, type YuvFormat } from './yuv-shrink.js';

/** Reads YUV VideoFrames into RGBA at a smaller (or equal) size; reused for every frame. */
export class YuvFrameReader {
  private readonly shrinker = new YuvShrinker();
  /** Kinds of frames (format + colour space) whose planes copyTo would not give. */
  private readonly refused = new Set<string>();

  /** Frames read so far (for tests and benchmarks). */
  frames = 0;

  /** Whether `frame` is a YUV VideoFrame this reader can bring to width x height (no enlarging, no rotation). */
  canShrink(frame: Frame, width: number, height: number): boolean {
    const read = readable(frame);
    if (!read) return false;
    const rect = (frame as VideoFrame).visibleRect!;
    return width <= rect.width && height <= rect.height && !this.refused.has(read.kind);
  }

  /**
   * Writes `frame`'s visible picture, area-averaged to width x height, as opaque RGBA into `into`
   * (width·height·4 bytes). False, with nothing written, when the frame's planes cannot be copied.
   */
  async shrink(frame: VideoFrame, into: Uint8Array, width: number, height: number): Promise<boolean> {
    const read = readable(frame);
    const rect = frame.visibleRect;
    if (!read || !rect) return false;
    try {
      const options = { rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
      const planes = this.shrinker.planesFor(frame.allocationSize(options)); // the averaging kernel's memory: no copy in
      const layout = await frame.copyTo(planes, options);
      this.shrinker.shrink(planes, layout, read.format, rect.width, rect.height, read.colour, into, width, height);
      this.frames++;
      return true;
    } catch {
      this.refused.add(read.kind); // e.g. a visible rect at odd coordinates: the canvas reads those
      return false;
    }
  }
}

/** What the reader needs of a frame, or null for frames it does not read (bitmaps, RGB, rotated, unknown matrix). */
function readable(frame: Frame): { format: YuvFormat; colour: YuvColour; kind: string } | null {
  if (typeof VideoFrame === 'undefined' || !(frame instanceof VideoFrame)) return null;
  const format = frame.format;
  if (!isShrinkableYuv(format) || !frame.visibleRect) return null;
  const turned = (frame as { rotation?: number }).rotation || (frame as { flip?: boolean }).flip;
  if (turned) return null;
  const cs = frame.colorSpace;
  const colour = yuvColourOf(cs.matrix, cs.fullRange);
  return colour ? { format, colour, kind: `${format} ${cs.matrix} ${cs.fullRange}` } : null;
}
