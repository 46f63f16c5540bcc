// in: a frame the page already brought to its placement size; out: its RGBA bytes, by the faster of
// two ways for the frames at hand. VideoFrame.copyTo reads a decoded photo's bitmap in 0.09 ms
// against 0.22 ms for drawImage + getImageData, but a bitmap captured from a MediaStream <video> (a
// camera, a canvas stream) in 2.4 ms against 0.40 ms (measured in Chromium, 320x240: its pixels are
// read back another way). So the first EARLY_PROBES frames and every PROBE_EVERY-th after them run
// both ways, timed, and the frames between take the faster by the median of each way's last three
// timings. The first calls pay one-time costs that a single probe mistook for the steady cost (a
// tiled 1920x1080 frame: copyTo 216 ms and canvas 130 ms on the first frame, then 2-6 ms against
// 25-37 ms; the canvas won and its 25 ms stayed for 63 frames). The two give the same bytes for
// opaque RGB pixels, which each probe checks: where they differ (a transparent image: copyTo keeps its colours, the opaque
// canvas blends them into black) copyTo is kept from then on, as before this choice existed.

import { CanvasPixels, sameBytes, type Frame } from './frame-pixels.js';

/** Frames between two timings of the slower way. */
const PROBE_EVERY = 64;
/** The first frames, all timed both ways. */
const EARLY_PROBES = 3;
/** Formats copyTo converts to RGBA with the canvas' bytes; YUV ones use other coefficients (int8 scores moved by 0.5). */
const RGB_FORMATS = new Set(['RGBA', 'RGBX', 'BGRA', 'BGRX']);

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

  /**
   * The RGBA bytes of `frame` (width x height, its own size): written into `into` (of exactly that
   * length) by copyTo, or returned from the canvas.
   */
  async read(frame: Frame, width: number, height: number, into: Uint8Array): Promise<Uint8Array | Uint8ClampedArray> {
    const n = this.frames++;
    if ((n < EARLY_PROBES || n % PROBE_EVERY === 0) && !this.canvasDiffers) {
      const t0 = performance.now();
      const copied = await this.copy(frame, into);
      const t1 = performance.now();
      const drawn = this.canvas.read(frame, width, height);
      this.drawMs.add(performance.now() - t1);
      this.lastPath = 'canvas';
      if (!copied) {
        this.copyMs.add(Infinity); // not for these frames (a YUV-backed bitmap): the canvas until the next probes
        return drawn;
      }
      this.copyMs.add(t1 - t0);
      this.canvasDiffers = !sameBytes(into, drawn);
      this.lastPath = 'copyTo';
      return into;
    }
    if (this.canvasDiffers || !(this.drawMs.estimate() < this.copyMs.estimate())) {
      if (await this.copy(frame, into)) {
        this.lastPath = 'copyTo';
        return into;
      }
    }
    this.lastPath = 'canvas';
    return this.canvas.read(frame, width, height);
  }

  /** VideoFrame.copyTo(RGBA) of RGB-backed pixels into `into`; false where that is unavailable. */
  private async copy(frame: Frame, into: Uint8Array): Promise<boolean> {
    if (this.copyToFails || typeof VideoFrame === 'undefined') return false;
    let pixels: VideoFrame | null = null;
    try {
      pixels = frame instanceof VideoFrame ? frame : new VideoFrame(frame, { timestamp: 0 });
      if (!RGB_FORMATS.has(String(pixels.format))) return false;
      await pixels.copyTo(into, { format: 'RGBA', colorSpace: 'srgb' } as VideoFrameCopyToOptions);
      return true;
    } catch {
      this.copyToFails = true; // e.g. a browser without RGBA conversion in copyTo: the canvas from now on
      return false;
    } finally {
      if (pixels && pixels !== frame) pixels.close();
    }
  }
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
