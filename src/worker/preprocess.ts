// Frame → input tensor, in the worker: the transferred ImageBitmap or VideoFrame placed in the model's
// input (letterbox or stretch, padded), its pixels read once and packed into one reused buffer (NCHW)
// or the WebAssembly kernel's memory. How it is read and resized depends on the frame and the filter
// (see run()). The placement's transform goes to decode().

import {
  canvasResizeQuality,
  InputError,
  placeImage,
  type ImagePlacement,
  type PreprocessConvention,
  type ResizeFilter,
} from '../postprocess/index.js';
import { BilinearResizer } from './bilinear-resize.js';
import { OneToOnePixels } from './one-to-one-pixels.js';
import { WasmPixelKernel } from './pixels-wasm.js';
import { FramePixelReader, isVideoFrame } from './frame-pixels.js';
import { PixelPacker, type ByteOrder } from './pixels.js';
import type { FrameShrinker } from './frame-shrink.js';
import { loadVideoFrameReaders } from './lazy-features.js';

/** A frame the worker accepts. */
export type Frame = ImageBitmap | VideoFrame;

/** Width and height of a frame as it displays; 0 for a closed or detached one. */
export function frameSize(frame: Frame): { width: number; height: number } {
  if ('displayWidth' in frame) return { width: frame.displayWidth, height: frame.displayHeight };
  return { width: frame.width, height: frame.height };
}

/** Canvas scaling quality (the tile cutter's): 'high' averages pixels when shrinking. */
export type SmoothingQuality = 'low' | 'medium' | 'high';

/** Owns the canvas and the input buffer of one model; reused for every frame. */
export class FramePreprocessor {
  /** The input buffer the JS paths write: float32, or float16 bits. */
  readonly input: Float32Array | Uint16Array;
  /**
   * Where the last `run` (or `blank`) left the input tensor: `input`, or the WebAssembly kernel's
   * memory, which onnxruntime then reads directly (no 1.2 MB copy per frame, issue 15). Valid until
   * the next call.
   */
  data: Float32Array | Uint16Array;
  private readonly context: OffscreenCanvasRenderingContext2D;
  private readonly packer = new PixelPacker();
  private placement: ImagePlacement | null = null;
  // The 'bilinear' path: the frame at its own size, read back, resized straight into the input (issue 15).
  private readonly resizer: BilinearResizer;
  // The WebAssembly pixel kernels (resize and 1:1 pack, the same bytes as the JS); null: the JS.
  private readonly kernel = WasmPixelKernel.create();
  private readonly reader = new FramePixelReader();
  // The 1:1 path: a frame already at its placement size is read at its own size (no readback of the
  // pad bands) and packed into its rectangle (issue 15).
  private rectRgba = new Uint8Array(0);
  private readonly oneToOne = new OneToOnePixels();
  // The 'smooth' path of VideoFrames: their bytes as they are, area-averaged down (issue 15); made
  // on the first VideoFrame (its code is a chunk of its own).
  private shrinker: FrameShrinker | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly type: 'float32' | 'float16',
  ) {
    this.input = type === 'float16' ? new Uint16Array(3 * width * height) : new Float32Array(3 * width * height);
    this.data = this.input;
    this.resizer = new BilinearResizer(this.kernel);
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('OffscreenCanvas 2D is not available in this worker');
    this.context = context;
  }

  /** The placement for a source size, cached while the size stays the same (video). */
  private place(width: number, height: number, convention: PreprocessConvention): ImagePlacement {
    const p = this.placement;
    if (p && p.transform.srcWidth === width && p.transform.srcHeight === height && this.lastResize === convention.resize) return p;
    this.lastResize = convention.resize;
    this.placement = placeImage(width, height, this.width, this.height, convention.resize);
    return this.placement;
  }
  private lastResize = '';

  /** Fills the input with a plain pad-coloured frame (the warm-up run). */
  blank(convention: PreprocessConvention): void {
    const ctx = this.context;
    ctx.fillStyle = `rgb(${convention.pad},${convention.pad},${convention.pad})`;
    ctx.fillRect(0, 0, this.width, this.height);
    this.packer.pack(ctx.getImageData(0, 0, this.width, this.height).data, this.width, this.height, convention, this.input);
    this.data = this.input;
  }

  /**
   * Draws `frame` into the input and returns where it went (its transform maps boxes back to `source`,
   * the size the frame was captured from; default the frame's own size), resampled with `filter`:
   * 'bilinear' exactly as OpenCV INTER_LINEAR (bilinear-resize.ts), 'smooth' by area averaging of a
   * VideoFrame's own bytes (frame-shrink.ts) or, for other frames, the canvas' high-quality scaler.
   * Frames the page already brought to their placement size are read 1:1, where the filter does not
   * matter. Does not close the frame.
   */
  async run(frame: Frame, convention: PreprocessConvention, filter: ResizeFilter, source?: { width: number; height: number }): Promise<ImagePlacement> {
    const own = frameSize(frame);
    if (!(own.width > 0 && own.height > 0)) {
      throw new InputError(`The image is ${own.width}x${own.height}: it is empty, not loaded yet, or was already closed/transferred.`);
    }
    const { width, height } = source && source.width > 0 && source.height > 0 ? source : own;
    const placement = this.place(width, height, convention);
    if (filter === 'bilinear' && (own.width !== placement.width || own.height !== placement.height)) {
      await this.resizeBilinear(frame, own.width, own.height, placement, convention);
      return placement;
    }
    if (own.width === placement.width && own.height === placement.height) {
      await this.packRect(placement, convention, (into) => this.readOneToOne(frame, placement.width, placement.height, into));
      return placement;
    }
    const shrinker = filter === 'smooth' && isVideoFrame(frame) ? (this.shrinker ??= new (await loadVideoFrameReaders()).FrameShrinker()) : null;
    if (shrinker?.canShrink(frame, placement.width, placement.height)) {
      // null: this kind of frame cannot be read so after all (the shrinker will not try it again)
      const done = await this.packRect(placement, convention, (into) => shrinker.shrink(frame as VideoFrame, into, placement.width, placement.height));
      if (done) return placement;
    }
    const ctx = this.context;
    if (placement.width < this.width || placement.height < this.height) {
      ctx.fillStyle = `rgb(${convention.pad},${convention.pad},${convention.pad})`;
      ctx.fillRect(0, 0, this.width, this.height);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = canvasResizeQuality(filter);
    ctx.drawImage(frame, placement.x, placement.y, placement.width, placement.height);
    // One readback per frame; the packer writes straight into the reused input buffer.
    const pixels = ctx.getImageData(0, 0, this.width, this.height).data;
    this.packer.pack(pixels, this.width, this.height, convention, this.input);
    this.data = this.input;
    return placement;
  }

  /** Reads `frame` at its own size and resizes it straight into the input at `placement`, padding the rest. */
  private async resizeBilinear(frame: Frame, width: number, height: number, placement: ImagePlacement, convention: PreprocessConvention): Promise<void> {
    const { x, y } = placement;
    const into = this.resizer.sourceFor(width, height, this.width, this.height, this.input instanceof Uint16Array, x, y, placement.width, placement.height);
    const src = await this.reader.read(frame, width, height, into ?? undefined);
    this.data = this.resizer.resize(src, width, height, this.packer, convention, this.input, this.width, this.height, x, y, placement.width, placement.height);
  }

  /** 1:1 bytes of a frame already at its placement size (no resize, no readback of the pad), and their order. */
  private async readOneToOne(frame: Frame, w: number, h: number, into: Uint8Array): Promise<ByteOrder> {
    const bytes = await this.oneToOne.read(frame, w, h, into);
    if (bytes !== into) into.set(bytes);
    return this.oneToOne.lastOrder; // a native copy may be BGRA: the pack reads either
  }

  /**
   * Packs the placement's rectangle from the bytes `fill` writes into the given array (w·h·4, in the
   * order it returns; null: it wrote nothing), padding the rest. The array is the WebAssembly kernel's
   * memory where it is available: the frame's bytes land where they are packed. False when `fill` gave up.
   */
  private async packRect(placement: ImagePlacement, convention: PreprocessConvention, fill: (into: Uint8Array) => Promise<ByteOrder | null>): Promise<boolean> {
    const { x, y, width: w, height: h } = placement;
    const k = this.kernel;
    const inKernel = k !== null && k.prepare(w, h, this.width, this.height, this.input instanceof Uint16Array, x, y, w, h);
    const bytes = w * h * 4;
    if (!inKernel && this.rectRgba.length < bytes) this.rectRgba = new Uint8Array(bytes);
    const into = inKernel ? k.source : this.rectRgba.subarray(0, bytes);
    const order = await fill(into);
    if (order === null) return false;
    if (!inKernel) {
      this.packer.packRect(into, w, h, convention, this.input, this.width, this.height, x, y, order);
      this.data = this.input;
      return true;
    }
    this.data = k.write(this.packer, convention, order);
    return true;
  }
}
