// The perf panel's frame-time chart (issue 14): one stacked bar per frame (inference, then the rest of
// the worker's time), a millisecond axis with round ticks, the first and last frame numbers, and a
// highlighted bar under the pointer. Hand-drawn on a canvas: the element's JavaScript budget has no
// room for a plotting library.

import type { PerfEntry } from '../../client/index.js';

/** Space kept for the axes (CSS px). */
export const CHART_INSETS = { left: 44, right: 4, top: 6, bottom: 16 } as const;

/** Colours of the chart. */
export interface ChartColors {
  inference: string;
  other: string;
  axis: string;
  grid: string;
  highlight: string;
}

/** The smallest 1, 2 or 5 × 10^k at or above `value` (the axis maximum). */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

/** Index into the drawn entries of the bar at CSS x, or -1 when the pointer is over none. */
export function barAt(x: number, width: number, count: number, slots: number): number {
  const plot = width - CHART_INSETS.left - CHART_INSETS.right;
  const slot = Math.floor(((x - CHART_INSETS.left) / plot) * slots);
  const index = slot - (slots - count);
  return x < CHART_INSETS.left || index < 0 || index >= count ? -1 : index;
}

const axisMs = (v: number) => `${v >= 10 || v === 0 ? v.toFixed(0) : v.toPrecision(2)} ms`;

/** Draws `entries` (newest last, at most `slots`) into a `width` x `height` CSS px context. */
export function drawFrameTimeChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  entries: readonly PerfEntry[],
  slots: number,
  colors: ChartColors,
  hover = -1,
): void {
  ctx.clearRect(0, 0, width, height);
  const { left, right, top, bottom } = CHART_INSETS;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  let max = 0;
  for (const e of entries) max = Math.max(max, e.totalMs);
  const yMax = niceCeil(max);
  const y = (ms: number) => top + plotH - (ms / yMax) * plotH;
  // y axis: 0, half, max with grid lines
  ctx.font = '10px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  ctx.lineWidth = 1;
  for (const v of [0, yMax / 2, yMax]) {
    const py = Math.round(y(v)) + 0.5;
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(width - right, py);
    ctx.stroke();
    ctx.fillStyle = colors.axis;
    ctx.fillText(axisMs(v), left - 4, py);
  }
  if (entries.length === 0) return;
  const barW = plotW / slots;
  const offset = slots - entries.length;
  entries.forEach((e, i) => {
    const x = left + (offset + i) * barW;
    const w = Math.max(1, barW - (barW > 3 ? 1 : 0));
    if (i === hover) {
      ctx.fillStyle = colors.highlight;
      ctx.fillRect(x - 1, top, w + 2, plotH);
    }
    ctx.fillStyle = colors.other;
    ctx.fillRect(x, y(e.totalMs), w, y(e.inferenceMs) - y(e.totalMs));
    ctx.fillStyle = colors.inference;
    ctx.fillRect(x, y(e.inferenceMs), w, top + plotH - y(e.inferenceMs));
  });
  // x axis: the frame numbers at both ends
  ctx.fillStyle = colors.axis;
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  if (entries.length * barW > 120) ctx.fillText(`frame ${entries[0].frame}`, left + offset * barW, height); // room for both labels
  ctx.textAlign = 'right';
  ctx.fillText(`frame ${entries[entries.length - 1].frame}`, width - right, height);
}
