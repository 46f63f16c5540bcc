// Tile planning for tiled inference (docs/contracts.md, contract 4): which overlapping rectangles of a frame the
// model runs on, in source px. Pure maths; the worker cuts the tiles, `TileMerger` merges the boxes.

import { InputError } from './errors.js';

/** Options shared by the explicit tiling forms. */
export interface TileOptions {
  /** Fraction of a tile side shared with its neighbour, 0 ≤ overlap < 1; default 0.2. */
  overlap?: number;
  /** Also run the whole (letterboxed) frame, so objects larger than a tile are still found; default true. */
  fullFrame?: boolean;
}

/**
 * How a frame is cut into tiles.
 * - `'off'` (default): one run on the letterboxed frame.
 * - `'auto'`: tiles of the model's input size (in source px) when the letterboxed frame would shrink
 *   the source by more than 2× (see {@link AUTO_TILING_MAX_SCALE}), else off; where that would pass
 *   {@link MAX_TILES} tiles, the smallest larger tiles that fit.
 * - `{ grid: [cols, rows] }`: exactly cols × rows tiles covering the frame.
 * - `{ tileSize }`: square tiles of this side in source px, as many as needed to cover the frame.
 *   `tileSize: 'auto'` is `'auto'` with its own `overlap` / `fullFrame`.
 */
export type Tiling =
  | 'off'
  | 'auto'
  | ({ grid: readonly [cols: number, rows: number] } & TileOptions)
  | ({ tileSize: number | 'auto' } & TileOptions);

/** Default overlap between neighbouring tiles (a fraction of the tile side). */
export const DEFAULT_TILE_OVERLAP = 0.2;
/**
 * 'auto' tiles only when the letterbox scale min(inputW / srcW, inputH / srcH) is below this: the whole
 * frame would shrink every object to less than half its size. Above it the gain (at most 2× the pixels
 * per object) is not worth the cost (at least 4 tiles + the full frame, i.e. 5× the inference).
 */
export const AUTO_TILING_MAX_SCALE = 0.5;
/** Most tiles one frame may be cut into (a typo such as `tileSize: 4` must not start 10,000 runs). */
export const MAX_TILES = 256;

/** A tile: a rectangle of the source in source px (integers, inside the source). */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the model runs on one frame. */
export interface TilePlan {
  /** The tiles, row by row (empty when tiling is off or does not apply). */
  readonly tiles: readonly TileRect[];
  /** Columns and rows of the tile grid (0 when there are no tiles). */
  readonly cols: number;
  readonly rows: number;
  /** Whether the whole letterboxed frame is run too (always true when there are no tiles). */
  readonly fullFrame: boolean;
  /** Model runs this plan costs: tiles plus the full frame. */
  readonly runs: number;
  /** The overlap used. */
  readonly overlap: number;
}

const OFF_PLAN: TilePlan = { tiles: [], cols: 0, rows: 0, fullFrame: true, runs: 1, overlap: 0 };

function checkOptions(options: TileOptions): { overlap: number; fullFrame: boolean } {
  const overlap = options.overlap ?? DEFAULT_TILE_OVERLAP;
  if (typeof overlap !== 'number' || !(overlap >= 0 && overlap < 1)) {
    throw new InputError(`tiling overlap must be a number from 0 to below 1 (a fraction of the tile side), got ${String(overlap)}.`);
  }
  const fullFrame = options.fullFrame ?? true;
  if (typeof fullFrame !== 'boolean') throw new InputError(`tiling fullFrame must be true or false, got ${String(fullFrame)}.`);
  return { overlap, fullFrame };
}

function positiveInteger(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(`${what} must be a positive whole number, got ${String(value)}.`);
  }
  return value;
}

/**
 * Checks a tiling option without planning (for early errors); throws InputError with what is wrong
 * and what is accepted.
 */
export function validateTiling(tiling: Tiling | undefined): void {
  if (tiling === undefined || tiling === 'off' || tiling === 'auto') return;
  if (typeof tiling !== 'object' || tiling === null) {
    throw new InputError(`tiling must be 'off', 'auto', {grid: [cols, rows]} or {tileSize}, got ${JSON.stringify(tiling)}.`);
  }
  checkOptions(tiling);
  if ('grid' in tiling) {
    const grid = tiling.grid;
    if (!Array.isArray(grid) || grid.length !== 2) throw new InputError(`tiling grid must be [cols, rows], got ${JSON.stringify(grid)}.`);
    const cols = positiveInteger('tiling grid columns', grid[0]);
    const rows = positiveInteger('tiling grid rows', grid[1]);
    if (cols * rows > MAX_TILES) throw new InputError(`tiling grid ${cols}x${rows} has more than ${MAX_TILES} tiles.`);
  } else if ('tileSize' in tiling) {
    if (tiling.tileSize !== 'auto' && !(typeof tiling.tileSize === 'number' && tiling.tileSize >= 1 && Number.isFinite(tiling.tileSize))) {
      throw new InputError(`tiling tileSize must be 'auto' or a tile side in source pixels (>= 1), got ${String(tiling.tileSize)}.`);
    }
  } else {
    throw new InputError(`tiling must be 'off', 'auto', {grid: [cols, rows]} or {tileSize}, got ${JSON.stringify(tiling)}.`);
  }
}

/** Start positions of `count` tiles of `tile` px spread evenly over `size` px, the last one ending at the edge. */
function positions(size: number, tile: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(count === 1 ? 0 : Math.round((i * (size - tile)) / (count - 1)));
  return out;
}

/** Tiles needed along a side so that neighbours share at least `overlap` of a tile: n·t − (n−1)·t·o ≥ size. */
function countFor(size: number, tile: number, overlap: number): number {
  if (tile >= size) return 1;
  return Math.ceil((size - tile * overlap) / (tile * (1 - overlap)) - 1e-9);
}

/**
 * Plans the tiles of a `srcWidth` x `srcHeight` frame for a model of `inputWidth` x `inputHeight`.
 * Tiles are integer rectangles inside the frame, spread evenly so that edge tiles end at the edges and
 * neighbours share at least `overlap` of a tile side. A plan whose only tile is the whole frame runs
 * just the full frame. Throws InputError for bad options or more than {@link MAX_TILES} tiles.
 */
export function planTiles(
  srcWidth: number,
  srcHeight: number,
  inputWidth: number,
  inputHeight: number,
  tiling: Tiling | undefined,
): TilePlan {
  validateTiling(tiling);
  if (tiling === undefined || tiling === 'off') return OFF_PLAN;
  if (!(srcWidth > 0 && srcHeight > 0 && inputWidth > 0 && inputHeight > 0)) {
    throw new InputError(`cannot plan tiles for a ${srcWidth}x${srcHeight} frame and a ${inputWidth}x${inputHeight} model.`);
  }
  const options: TileOptions & { grid?: readonly [number, number]; tileSize?: number | 'auto' } = tiling === 'auto' ? {} : tiling;
  const { overlap, fullFrame } = checkOptions(options);
  let tileW: number;
  let tileH: number;
  let cols: number;
  let rows: number;
  if (options.grid) {
    [cols, rows] = options.grid;
    // n tiles sharing `overlap` of their side cover the frame exactly: size = t·(n − (n−1)·o)
    tileW = Math.min(srcWidth, Math.ceil(srcWidth / (cols - (cols - 1) * overlap)));
    tileH = Math.min(srcHeight, Math.ceil(srcHeight / (rows - (rows - 1) * overlap)));
  } else {
    const side = options.tileSize ?? 'auto';
    if (side === 'auto') {
      const scale = Math.min(inputWidth / srcWidth, inputHeight / srcHeight);
      if (scale >= AUTO_TILING_MAX_SCALE) return OFF_PLAN;
      tileW = inputWidth;
      tileH = inputHeight;
      // a frame so large that input-sized tiles would pass MAX_TILES (a 24 MP photo for a 320 model):
      // larger tiles, each shrunk to the input, the smallest that fit
      for (let f = 1.1; countFor(srcWidth, tileW, overlap) * countFor(srcHeight, tileH, overlap) > MAX_TILES; f *= 1.1) {
        tileW = Math.ceil(inputWidth * f);
        tileH = Math.ceil(inputHeight * f);
      }
    } else {
      tileW = tileH = Math.round(side);
    }
    tileW = Math.min(tileW, srcWidth);
    tileH = Math.min(tileH, srcHeight);
    cols = countFor(srcWidth, tileW, overlap);
    rows = countFor(srcHeight, tileH, overlap);
  }
  if (cols * rows > MAX_TILES) {
    throw new InputError(`tiling would cut this ${srcWidth}x${srcHeight} frame into ${cols * rows} tiles (at most ${MAX_TILES}): use larger tiles.`);
  }
  if (cols === 1 && rows === 1) return OFF_PLAN; // the one tile is the whole frame
  const xs = positions(srcWidth, tileW, cols);
  const ys = positions(srcHeight, tileH, rows);
  const tiles: TileRect[] = [];
  for (const y of ys) for (const x of xs) tiles.push({ x, y, width: tileW, height: tileH });
  return { tiles, cols, rows, fullFrame, runs: tiles.length + (fullFrame ? 1 : 0), overlap };
}

/** True when `tiling` makes more than one model run for a frame of this size (the capture must then keep full resolution). */
export function tilingApplies(srcWidth: number, srcHeight: number, inputWidth: number, inputHeight: number, tiling: Tiling | undefined): boolean {
  if (tiling === undefined || tiling === 'off') return false;
  try {
    return planTiles(srcWidth, srcHeight, inputWidth, inputHeight, tiling).tiles.length > 0;
  } catch {
    return true; // let the worker report the bad option
  }
}
