// Draws detections onto the overlay canvas, in the media's displayed geometry. Labels are text drawn
// with fillText: never HTML, since label names come from model files.

import { formatDetectionLabel, type Detections } from '../postprocess/index.js';
import { classColor, labelTextColor } from './class-colors.js';
import { LabelLayout, type LabelMode } from './label-layout.js';
import type { Rect } from './media-geometry.js';

/** How boxes look; read from CSS custom properties and attributes by the element. */
export interface OverlayStyle {
  /** Box outline width in CSS px. */
  lineWidth: number;
  /** CSS font of the labels (its px size shrinks on small displays). */
  font: string;
  /** Label text colour, or 'auto': black or white, whichever contrasts with the box colour. */
  labelColor: string;
  /** Box colours by class id (cycled); absent: the built-in palette. */
  palette?: readonly string[];
  /** Whether labels show the score after the class name. */
  showScores: boolean;
  /** 'auto' (default): smaller text on small displays, no label on tiny boxes or over another label. */
  labels?: LabelMode;
  /** Only these class ids are drawn; null or absent: all. */
  classes?: ReadonlySet<number> | null;
}

const layout = new LabelLayout();

/** The font with its px size scaled (the label size adapts to small displays). */
function scaledFont(font: string, scale: number): string {
  if (scale === 1) return font;
  return font.replace(/(\d+(?:\.\d+)?)px/, (_, size: string) => `${Math.max(9, Number(size) * scale).toFixed(1)}px`);
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
  const mode = style.labels ?? 'auto';
  const filter = style.classes ?? null;
  // a phone-sized picture gets smaller labels (down to 9 px), so they do not bury it
  ctx.font = mode === 'auto' ? scaledFont(style.font, Math.min(1, Math.max(0.75, content.width / 640))) : style.font;
  ctx.textBaseline = 'top';
  const { boxes, scores, classes, trackIds } = detections;
  // boxes: lowest score first, so the best end up on top
  ctx.lineWidth = style.lineWidth;
  for (let i = detections.count - 1; i >= 0; i--) {
    if (filter && !filter.has(classes[i])) continue;
    const x1 = content.x + boxes[i * 4] * sx;
    const y1 = content.y + boxes[i * 4 + 1] * sy;
    ctx.strokeStyle = classColor(classes[i], style.palette);
    ctx.strokeRect(x1, y1, content.x + boxes[i * 4 + 2] * sx - x1, content.y + boxes[i * 4 + 3] * sy - y1);
  }
  if (mode === 'none') return;
  // labels: best first, each placed where it covers no better box's label
  layout.reset(content.width * content.height);
  for (let i = 0; i < detections.count; i++) {
    if (filter && !filter.has(classes[i])) continue;
    const x1 = content.x + boxes[i * 4] * sx - style.lineWidth / 2;
    const y1 = content.y + boxes[i * 4 + 1] * sy;
    const x2 = content.x + boxes[i * 4 + 2] * sx;
    const y2 = content.y + boxes[i * 4 + 3] * sy;
    // tracking: the label names the track (`r #12`); the annotated video uses the same text
    const text = formatDetectionLabel(labels, classes[i], scores[i], { trackId: trackIds?.[i], showScore: style.showScores });
    const metrics = ctx.measureText(text);
    const textHeight = (metrics.actualBoundingBoxDescent || 10) + 4;
    const textWidth = metrics.width + 6;
    if (!layout.place(x1, y1, x2, y2, textWidth, textHeight, boxWidth, boxHeight, mode)) continue;
    const color = classColor(classes[i], style.palette);
    ctx.fillStyle = color;
    ctx.fillRect(layout.x, layout.y, textWidth, textHeight);
    ctx.fillStyle = style.labelColor === 'auto' ? labelTextColor(color) : style.labelColor;
    ctx.fillText(text, layout.x + 3, layout.y + 2);
  }
}
