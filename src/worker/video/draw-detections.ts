// Boxes and label tags (`car #12 47%`, the overlay's text) drawn over a frame in source pixels, for the
// annotated video export.
// One colour per class (golden-angle hues), line width and font scaled to the picture.

import { formatDetectionLabel, type Detections } from '../../postprocess/index.js';

type Context2D = OffscreenCanvasRenderingContext2D;

const palette: string[] = [];

/** The colour of class `id` (stable across frames and runs). */
export function classColor(id: number): string {
  while (palette.length <= id) palette.push(`hsl(${Math.round((palette.length * 137.508) % 360)} 85% 55%)`);
  return palette[id];
}

/**
 * Draws every detection onto `ctx`, whose pixels are the source frame's (boxes are in source px),
 * with the overlay's label text; `trackIds` (tracking) name the tracks.
 */
export function drawDetections(ctx: Context2D, detections: Detections, labels: readonly string[], trackIds?: Uint32Array): void {
  const { width, height } = ctx.canvas;
  const line = Math.max(2, Math.round(Math.min(width, height) / 240));
  const fontSize = Math.max(10, Math.round(Math.min(width, height) / 30));
  ctx.lineWidth = line;
  ctx.font = `${fontSize}px sans-serif`;
  ctx.textBaseline = 'top';
  const { boxes, scores, classes } = detections;
  for (let i = 0; i < detections.count; i++) {
    const x1 = boxes[i * 4];
    const y1 = boxes[i * 4 + 1];
    const w = boxes[i * 4 + 2] - x1;
    const h = boxes[i * 4 + 3] - y1;
    const color = classColor(classes[i]);
    ctx.strokeStyle = color;
    ctx.strokeRect(x1, y1, w, h);
    const text = formatDetectionLabel(labels, classes[i], scores[i], { trackId: trackIds?.[i] });
    const tagWidth = ctx.measureText(text).width + 2 * line;
    const tagHeight = fontSize + 2 * line;
    // the tag sits above the box, or inside it when the box touches the top edge
    const tagY = y1 - tagHeight >= 0 ? y1 - tagHeight : y1;
    ctx.fillStyle = color;
    ctx.fillRect(x1 - line / 2, tagY, tagWidth, tagHeight);
    ctx.fillStyle = '#000';
    ctx.fillText(text, x1 - line / 2 + line, tagY + line);
  }
}
