// One tile of a frame → the model input, in the worker. The tiles of a full-resolution frame that are
// input-sized (every tile of 'auto' and of a tileSize plan) are cut from one read of the whole frame:
// its RGBA bytes are read once per frame into the WebAssembly kernel's memory, and each tile is packed
// from its rectangle there (issue 15; reading a 1920x1080 photo into a buffer of its own and copying
// each tile's rows into the kernel took 4.7-5.1 ms for the first tile, now 1.7-1.8 ms; a tile packs
// in 0.27 ms either way). Copying each tile out of the frame with its own
// VideoFrame.copyTo, as before, cost 1.2 ms of the worker's thread per tile for a 1920x1080 photo
// (each call reads the picture back), plus 0.5 ms for the JS pack: 9 % over the tiles' inference.
// Other tiles (a frame the page shrank, tiles larger or smaller than the input, a frame too large to
// hold twice in memory) are drawn into an input-sized OffscreenCanvas (letterboxed) and read back once.

import { placeImage, type BoxTransform, type PreprocessConvention, type TileRect } from '../postprocess/index.js';
import { FramePixelReader, isVideoFrame } from './frame-pixels.js';
import { OneToOnePixels } from './one-to-one-pixels.js';
import { WasmPixelKernel } from './pixels-wasm.js';
import { PixelPacker, type ByteOrder } from './pixels.js';
import { frameSize, type Frame, type SmoothingQuality } from './preprocess.js';

/** Frames up to this many pixels (64 MB of RGBA) are read whole for their tiles; larger ones are drawn tile by tile. */
export const MAX_FRAME_READ_PIXELS = 4096 * 4096;

/** Owns the canvas and buffers tiles are cut with; one per model, reused for every tile of every frame. */
export class TileCutter {
  private readonly context: OffscreenCanvasRenderingContext2D;
  private readonly packer = new PixelPacker();
  private readonly kernel = WasmPixelKernel.create();
  /** A tile's bytes when the kernel is unavailable (made on first use). */
  private tileRgba: Uint8Array | null = null;
  // The whole frame's bytes: decoded video frames through the reader that checks copyTo's colours
  // against the canvas per kind of frame, bitmaps through the faster of copyTo and the canvas.
  private readonly videoReader = new FramePixelReader();
  private readonly bitmapReader = new OneToOnePixels();
  private frameBytes = new Uint8Array(0);
  /** The frame whose bytes were read for this frame's tiles, and where (cleared by `release`). */
  private read: { frame: Frame; rgba: Uint8Array; order: ByteOrder } | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly smoothing: SmoothingQuality = 'high',
  ) {
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('OffscreenCanvas 2D is not available in this worker');
    this.context = context;
  }

  /** Forgets the frame's bytes (its tiles are done); the buffer stays for the next frame. */
  release(): void {
    this.read = null;
  }

  /**
   * Cuts `tile` (source px) of `frame` into the input. `frameScaleX/Y` are frame px per source px (1
   * when the frame has full resolution). Returns the transform that maps the tile's boxes from input
   * px to source px of a `srcWidth` x `srcHeight` frame, and the packed input (3·width·height values):
   * `out`, or where the kernel packed it when `inPlace` (valid until the next cut; no 1.2 MB copy).
   */
  async cut(
    frame: Frame,
    tile: TileRect,
    frameScaleX: number,
    frameScaleY: number,
    srcWidth: number,
    srcHeight: number,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    inPlace = false,
  ): Promise<{ transform: BoxTransform; data: Float32Array | Uint16Array }> {
    const p = placeImage(tile.width, tile.height, this.width, this.height, convention.resize);
    const t = p.transform;
    // tile px = (input − pad) / scale; source px = tile px + tile origin = (input − (pad − origin·scale)) / scale
    const transform = { scaleX: t.scaleX, scaleY: t.scaleY, padX: t.padX - tile.x * t.scaleX, padY: t.padY - tile.y * t.scaleY, srcWidth, srcHeight };
    const own = frameSize(frame);
    if (tile.width === this.width && tile.height === this.height && frameScaleX === 1 && frameScaleY === 1 && own.width * own.height <= MAX_FRAME_READ_PIXELS) {
      return { transform, data: await this.cutFromFrameBytes(frame, own.width, own.height, tile, convention, out, inPlace) };
    }
    this.drawTile(frame, tile, frameScaleX, frameScaleY, p, convention, out);
    return { transform, data: out };
  }

  /**
   * An input-sized tile of a full-resolution frame, packed 1:1 from the frame's bytes: read once per
   * frame straight into the kernel's memory, each tile packed from its rectangle there (without the
   * kernel: its rows copied out, then packed).
   */
  private async cutFromFrameBytes(
    frame: Frame,
    frameWidth: number,
    frameHeight: number,
    tile: TileRect,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
    inPlace: boolean,
  ): Promise<Float32Array | Uint16Array> {
    const { width, height } = this;
    const half = out instanceof Uint16Array;
    const k = this.kernel;
    if (k !== null && k.prepare(frameWidth, frameHeight, width, height, half, 0, 0, width, height)) {
      const { order } = await this.frameBytesOf(frame, frameWidth, frameHeight, k.source);
      const packed = k.write(this.packer, convention, order, tile.x, tile.y);
      if (inPlace) return packed;
      out.set(packed);
      return out;
    }
    if (this.frameBytes.length !== frameWidth * frameHeight * 4) this.frameBytes = new Uint8Array(frameWidth * frameHeight * 4);
    const { rgba, order } = await this.frameBytesOf(frame, frameWidth, frameHeight, this.frameBytes);
    const dst = (this.tileRgba ??= new Uint8Array(width * height * 4));
    const row = width * 4;
    for (let r = 0; r < height; r++) {
      const from = ((tile.y + r) * frameWidth + tile.x) * 4;
      dst.set(rgba.subarray(from, from + row), r * row);
    }
    this.packer.pack(dst, width, height, convention, out, order);
    return out;
  }

  /** The bytes of the whole frame (width x height, its own size) in `into`, read on its first tile. */
  private async frameBytesOf(frame: Frame, width: number, height: number, into: Uint8Array): Promise<{ rgba: Uint8Array; order: ByteOrder }> {
    if (this.read?.frame === frame && this.read.rgba === into) return this.read;
    const video = isVideoFrame(frame);
    const got = video ? await this.videoReader.read(frame, width, height, into) : await this.bitmapReader.read(frame, width, height, into);
    if (got !== into) into.set(got); // a canvas read
    this.read = { frame, rgba: into, order: video ? 'RGBA' : this.bitmapReader.lastOrder };
    return this.read;
  }

  /** Any other tile: drawn (scaled, letterboxed) into the input-sized canvas and read back. */
  private drawTile(
    frame: Frame,
    tile: TileRect,
    frameScaleX: number,
    frameScaleY: number,
    p: ReturnType<typeof placeImage>,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
  ): void {
    const ctx = this.context;
    if (p.width < this.width || p.height < this.height) {
      ctx.fillStyle = `rgb(${convention.pad},${convention.pad},${convention.pad})`;
      ctx.fillRect(0, 0, this.width, this.height);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = this.smoothing;
    ctx.drawImage(
      frame,
      tile.x * frameScaleX,
      tile.y * frameScaleY,
      tile.width * frameScaleX,
      tile.height * frameScaleY,
      p.x,
      p.y,
      p.width,
      p.height,
    );
    this.packer.pack(ctx.getImageData(0, 0, this.width, this.height).data, this.width, this.height, convention, out);
  }
}
