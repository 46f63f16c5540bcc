// The video file tab's chart: detections per class over media time.
import { classColor, type FrameResult } from '../src/index.js';
import { $ } from './dom.js';

const chart = $<HTMLCanvasElement>('class-chart');

/** Shows or hides the chart. */
export function showClassChart(on: boolean): void {
  chart.hidden = !on;
}

/** Detections per class over media time, one line per class. */
export function drawClassChart(frames: readonly FrameResult[]): void {
  const ctx = chart.getContext('2d');
  if (!ctx || frames.length === 0) return;
  const width = chart.width;
  const height = chart.height;
  ctx.clearRect(0, 0, width, height);
  const labels = frames[0].labels;
  const series = new Map<number, number[]>();
  frames.forEach((f, i) => {
    for (let k = 0; k < f.detections.count; k++) {
      const cls = f.detections.classes[k];
      if (!series.has(cls)) series.set(cls, new Array(frames.length).fill(0));
      series.get(cls)![i]++;
    }
  });
  const max = Math.max(1, ...[...series.values()].flatMap((s) => s));
  const t0 = frames[0].timestamp ?? 0;
  const t1 = frames[frames.length - 1].timestamp ?? frames.length;
  const x = (f: FrameResult, i: number) => (((f.timestamp ?? i) - t0) / Math.max(1e-6, t1 - t0)) * (width - 60);
  ctx.font = '12px system-ui';
  let legend = 0;
  for (const [cls, counts] of series) {
    ctx.strokeStyle = classColor(cls);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    frames.forEach((f, i) => {
      const y = height - 4 - (counts[i] / max) * (height - 12);
      if (i === 0) ctx.moveTo(x(f, i), y);
      else ctx.lineTo(x(f, i), y);
    });
    ctx.stroke();
    ctx.fillStyle = classColor(cls);
    ctx.fillText(`${labels[cls] ?? `class ${cls}`}`, width - 55, 14 + legend++ * 14);
  }
}
