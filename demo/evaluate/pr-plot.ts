// PR curves per class on a canvas: axes with ticks, grid, one line per class, a legend with each AP.
import { classColor, type EvalReport } from '../../src/index.js';

const PAD = { left: 48, right: 150, top: 14, bottom: 40 };

/** Draws precision (y) against recall (x) at IoU 0.5 for every class with labels. */
export function drawPrCurves(canvas: HTMLCanvasElement, report: EvalReport): void {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 640;
  const height = canvas.clientHeight || 320;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const text = getComputedStyle(canvas).color || '#888';
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const x = (r: number) => PAD.left + r * w;
  const y = (p: number) => PAD.top + (1 - p) * h;
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = text;
  ctx.strokeStyle = text;
  ctx.lineWidth = 1;
  for (let k = 0; k <= 10; k += 2) {
    const v = k / 10;
    ctx.globalAlpha = 0.15;
    ctx.beginPath();
    ctx.moveTo(x(v), y(0));
    ctx.lineTo(x(v), y(1));
    ctx.moveTo(x(0), y(v));
    ctx.lineTo(x(1), y(v));
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.textAlign = 'center';
    ctx.fillText(v.toFixed(1), x(v), y(0) + 16);
    ctx.textAlign = 'right';
    ctx.fillText(v.toFixed(1), x(0) - 6, y(v) + 4);
  }
  ctx.strokeRect(x(0), y(1), w, h);
  ctx.textAlign = 'center';
  ctx.fillText('Recall', x(0.5), height - 6);
  ctx.save();
  ctx.translate(12, y(0.5));
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('Precision', 0, 0);
  ctx.restore();

  const { recall, precision } = report.prCurves;
  let row = 0;
  report.perClass.forEach((c, k) => {
    if (c.labels === 0) return;
    ctx.strokeStyle = classColor(k);
    ctx.lineWidth = 2;
    ctx.beginPath();
    recall.forEach((r, i) => (i === 0 ? ctx.moveTo(x(r), y(precision[k][i])) : ctx.lineTo(x(r), y(precision[k][i]))));
    ctx.stroke();
    const ly = PAD.top + 8 + row++ * 18;
    ctx.fillStyle = classColor(k);
    ctx.fillRect(x(1) + 14, ly - 6, 14, 4);
    ctx.fillStyle = text;
    ctx.textAlign = 'left';
    ctx.fillText(`${c.name} AP50 ${c.ap50.toFixed(3)}`, x(1) + 34, ly);
  });
  canvas.setAttribute('aria-label', `Precision-recall curves at IoU 0.5 for ${row} classes; mAP@0.5 ${report.map50.toFixed(3)}`);
}
