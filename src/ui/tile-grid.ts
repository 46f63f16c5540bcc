// Draws a frame's tile plan (docs/contracts.md, contract 4) over the overlay: each tile as a dashed rectangle,
// in the media's displayed geometry, so a page can show where the model ran.

import type { TileRect } from '../postprocess/index.js';
import type { Rect } from './media-geometry.js';

/**
 * Strokes `tiles` (source px of a `sourceWidth` x `sourceHeight` frame) into `content` (the displayed
 * media rectangle, CSS px) on `canvas`, which `drawDetections` has already sized and drawn.
 */
export function drawTileGrid(
  canvas: HTMLCanvasElement,
  content: Rect,
  sourceWidth: number,
  sourceHeight: number,
  tiles: readonly TileRect[],
  color: string,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx || tiles.length === 0 || sourceWidth <= 0 || sourceHeight <= 0) return;
  const dpr = globalThis.devicePixelRatio || 1;
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const sx = content.width / sourceWidth;
  const sy = content.height / sourceHeight;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.setLineDash([6, 4]);
  for (const t of tiles) {
    ctx.strokeRect(content.x + t.x * sx + 0.5, content.y + t.y * sy + 0.5, t.width * sx - 1, t.height * sy - 1);
  }
  ctx.restore();
}
