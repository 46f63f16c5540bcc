// in: a frame the page already brought to its placement size; out: its bytes (RGBA, or BGRA from a
// native copy), by the faster of two ways for the frames at hand. VideoFrame.copyTo reads a decoded
// photo's bitmap in 0.09 ms against 0.22 ms for drawImage + getImageData, but a bitmap captured from a
// MediaStream <video> (a camera, a canvas stream) in 2.4 ms against 0.40 ms (measured in Chromium,
// 320x240: its pixels are read back another way). So the first EARLY_PROBES frames and every
// PROBE_EVERY-th after them run both ways, timed, and the frames between take the faster by the
// median of each way's last three timings. The first calls pay one-time costs that a single probe
// mistook for the steady cost (a tiled 1920x1080 frame: copyTo 216 ms and canvas 130 ms on the first
// frame, then 2-6 ms against 25-37 ms; the canvas won and its 25 ms stayed for 63 frames). The two
// give the same bytes for opaque RGB pixels, which each probe checks: where they differ (a
// transparent image: copyTo keeps its colours, the opaque canvas blends them into black) copyTo is
// kept from then on, as before this choice existed.

import { CanvasPixels, sameBytes, type Frame } from './frame-pixels.js';
import type { ByteOrder } from './pixels.js';

/** Frames between two timings of the slower way. */
const PROBE_EVERY = 64;
/** The first frames, all timed both ways. */
const EARLY_PROBES = 3;
/**
 * RGB formats, by where their red byte is: copyTo gives the canvas' bytes for these (copied as they
 * are, or converted to RGBA); YUV ones convert with other coefficients (int8 scores moved by 0.5).
 */
const NATIVE_ORDER: Readonly<Record<string, ByteOrder>> = { RGBA: 'RGBA', RGBX: 'RGBA', BGRA: 'BGRA', BGRX: 'BGRA' };

/** Reads 1:1 frames by VideoFrame.copyTo or by an OffscreenCanvas, whichever is faster here. */
export class OneToOnePixels {
  private readonly canvas = new CanvasPixels();
  private readonly copyMs = new ProbeTimes(); // Infinity: copyTo unavailable for these frames
  private readonly drawMs = new ProbeTimes();
  private frames = 0;
  private copyToFails = false;
  private canvasDiffers = false;

  /** Which way the last `read` took (for tests and benchmarks). */
  lastPath: 'copyTo' | 'canvas' = 'canvas';
  /** The byte order of what the last `read` returned: 'BGRA' only from a native copy of a BGRA bitmap. */
  lastOrder: ByteOrder = 'RGBA';
  // A native copy (no conversion) gave other bytes than the canvas (alpha, or a colour space that
  // looked sRGB): copyTo converts to RGBA from then on, as before native copies existed.
  private nativeDiffers = false;

  /**
   * The bytes of `frame` (width x height, its own size; in `lastOrder`): written into `into` (of
   * exactly that length) by copyTo, or returned from the canvas (RGBA).
   */
  async read(frame: Frame, width: number, height: number, into: Uint8Array): Promise<Uint8Array | Uint8ClampedArray> {
    const n = this.frames++;
    if ((n < EARLY_PROBES || n % PROBE_EVERY === 0) && !this.canvasDiffers) {
      const t0 = performance.now();
      let copied = await this.copy(frame, width, height, into);
      const t1 = performance.now();
      const drawn = this.canvas.read(frame, width, height);
      this.drawMs.add(performance.now() - t1);
      this.lastPath = 'canvas';
      this.lastOrder = 'RGBA';
      if (copied === null) {
        this.copyMs.add(Infinity); // not for these frames (a YUV-backed bitmap): the canvas until the next probes
        return drawn;
      }
      this.copyMs.add(t1 - t0);
      if (copied.native && !sameBytes(into, drawn, copied.order, hasAlpha(frame))) {
        this.nativeDiffers = true;
        copied = await this.copy(frame, width, height, into);
        if (copied === null) return drawn;
      }
      this.canvasDiffers = !sameBytes(into, drawn, copied.order);
      this.lastPath = 'copyTo';
      this.lastOrder = copied.order;
      return into;
    }
    if (this.canvasDiffers || !(this.drawMs.estimate() < this.copyMs.estimate())) {
      const copied = await this.copy(frame, width, height, into);
      if (copied !== null) {
        this.lastPath = 'copyTo';
        this.lastOrder = copied.order;
        return into;
      }
    }
    this.lastPath = 'canvas';
    this.lastOrder = 'RGBA';
    return this.canvas.read(frame, width, height);
  }

  /**
   * VideoFrame.copyTo of RGB-backed pixels into `into`: the stored bytes as they are when the frame is
   * sRGB and shows its whole picture (a BGRA bitmap: 0.1 ms against 0.2-0.4 ms for a conversion to
   * RGBA, 320x240, measured in a worker; the pack reads the channels in either order), else converted
   * to RGBA. Returns the byte order written and whether the copy was native, or null where copyTo is
   * unavailable for this frame.
   */
  private async copy(frame: Frame, width: number, height: number, into: Uint8Array): Promise<{ order: ByteOrder; native: boolean } | null> {
    if (this.copyToFails || typeof VideoFrame === 'undefined') return null;
    let pixels: VideoFrame | null = null;
    try {
      pixels = frame instanceof VideoFrame ? frame : new VideoFrame(frame, { timestamp: 0 });
      const native = NATIVE_ORDER[String(pixels.format)];
      if (!native) return null;
      const rect = pixels.visibleRect;
      const cs = pixels.colorSpace;
      if (!this.nativeDiffers && rect?.width === width && rect.height === height && cs.primaries === 'bt709' && cs.transfer === 'iec61966-2-1') {
        try {
          await pixels.copyTo(into);
          return { order: native, native: true };
        } catch {
          this.nativeDiffers = true; // convert instead
        }
      }
      await pixels.copyTo(into, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
      return { order: 'RGBA', native: false };
    } catch {
      this.copyToFails = true; // e.g. a browser without RGBA conversion in copyTo: the canvas from now on
      return null;
    } finally {
      if (pixels && pixels !== frame) pixels.close();
    }
  }
}

/** Whether a frame's fourth byte is alpha (not padding, as in BGRX): bitmaps always are. */
function hasAlpha(frame: Frame): boolean {
  return !(typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame && (frame.format === 'RGBX' || frame.format === 'BGRX'));
}

/** The last three timings of one way to read frames; its estimate is their median (the smaller of two; NaN: none). */
export class ProbeTimes {
  private readonly last = [NaN, NaN, NaN];
  private count = 0;

  add(ms: number): void {
    this.last[this.count++ % 3] = ms;
  }

  estimate(): number {
    const [a, b, c] = this.last;
    if (this.count === 0) return NaN;
    if (this.count === 1) return a;
    if (this.count === 2) return Math.min(a, b);
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
