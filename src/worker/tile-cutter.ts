// One tile of a frame → the model input, in the worker: the tile's rectangle of the transferred frame is
// drawn into an input-sized OffscreenCanvas (1:1 for input-sized tiles, letterboxed otherwise), read
// back once and packed into the caller's buffer slot. The frame itself is never copied whole.

import { placeImage, type BoxTransform, type PreprocessConvention, type TileRect } from '../postprocess/index.js';
import { PixelPacker } from './pixels.js';
import type { Frame, SmoothingQuality } from './preprocess.js';

/** Owns the canvas tiles are cut into; one per model, reused for every tile of every frame. */
export class TileCutter {
  private readonly context: OffscreenCanvasRenderingContext2D;
  private readonly packer = new PixelPacker();

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly smoothing: SmoothingQuality = 'high',
  ) {
    const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('OffscreenCanvas 2D is not available in this worker');
    this.context = context;
  }

  /**
   * Draws `tile` (source px) of `frame` into the input and packs it into `out` (3·width·height values).
   * `frameScaleX/Y` are frame px per source px (1 when the frame has full resolution). Returns the
   * transform that maps the tile's boxes from input px to source px of a `srcWidth` x `srcHeight` frame.
   */
  cut(
    frame: Frame,
    tile: TileRect,
    frameScaleX: number,
    frameScaleY: number,
    srcWidth: number,
    srcHeight: number,
    convention: PreprocessConvention,
    out: Float32Array | Uint16Array,
  ): BoxTransform {
    const p = placeImage(tile.width, tile.height, this.width, this.height, convention.resize);
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
    const t = p.transform;
    // tile px = (input − pad) / scale; source px = tile px + tile origin = (input − (pad − origin·scale)) / scale
    return { scaleX: t.scaleX, scaleY: t.scaleY, padX: t.padX - tile.x * t.scaleX, padY: t.padY - tile.y * t.scaleY, srcWidth, srcHeight };
  }
}
