// Draws detections onto the overlay canvas, in the media's displayed geometry. Labels are text drawn
// with fillText: never HTML, since label names come from model files.

import type { Detections } from '../postprocess/index.js';
import { classColor } from './class-colors.js';
import type { Rect } from './media-geometry.js';

/** How boxes look; read from CSS custom properties by the element. */
export interface OverlayStyle {
  lineWidth: number;
  font: string;
  labelColor: string;
  palette?: readonly string[];
  showScores: boolean;
}

/**
 * Resizes `canvas` to its CSS box times devicePixelRatio, clears it, and draws `detections` (boxes in
 * source px of a `sourceWidth` x `sourceHeight` frame) into `content`, the displayed rectangle of the
 * media inside the canvas box (CSS px).
 */
export function drawDetections(
  canvas: HTMLCanvasElement,
  boxWidth: number,
  boxHeight: number,
  content: Rect,
  sourceWidth: number,
  sourceHeight: number,
  detections: Detections | null,
  labels: readonly string[],
  style: OverlayStyle,
): void {
  const dpr = globalThis.devicePixelRatio || 1;
  const pixelWidth = Math.max(1, Math.round(boxWidth * dpr));
  const pixelHeight = Math.max(1, Math.round(boxHeight * dpr));
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, pixelWidth, pixelHeight);
  if (!detections || detections.count === 0 || sourceWidth <= 0 || sourceHeight <= 0) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const sx = content.width / sourceWidth;
  const sy = content.height / sourceHeight;
  ctx.lineWidth = style.lineWidth;
  ctx.font = style.font;
  ctx.textBaseline = 'top';
  const { boxes, scores, classes, trackIds } = detections;
  for (let i = detections.count - 1; i >= 0; i--) {
    // lowest score first, so the best boxes end up on top
    const x1 = content.x + boxes[i * 4] * sx;
    const y1 = content.y + boxes[i * 4 + 1] * sy;
    const x2 = content.x + boxes[i * 4 + 2] * sx;
    const y2 = content.y + boxes[i * 4 + 3] * sy;
    const color = classColor(classes[i], style.palette);
    ctx.strokeStyle = color;
    ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const id = trackIds?.[i] ?? 0; // tracking: the label names the track (`r #12`)
    const name = (labels[classes[i]] ?? `class ${classes[i]}`) + (id !== 0 ? ` #${id}` : '');
    const text = style.showScores ? `${name} ${(scores[i] * 100).toFixed(0)}%` : name;
    const metrics = ctx.measureText(text);
    const textHeight = (metrics.actualBoundingBoxDescent || 10) + 4;
    const ty = y1 - textHeight >= 0 ? y1 - textHeight : y1;
    ctx.fillStyle = color;
    ctx.fillRect(x1 - style.lineWidth / 2, ty, metrics.width + 6, textHeight);
    ctx.fillStyle = style.labelColor;
    ctx.fillText(text, x1 + 3 - style.lineWidth / 2, ty + 2);
  }
}
