// The video file tab's chart (issue 14): detections per class over media time, drawn with uPlot:
// axes with units, a legend with every class name in full, and the values under the cursor.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FrameResult } from '../src/index.js';
import { $, screenColor } from './dom.js';

const container = $<HTMLDivElement>('class-chart');
let plot: uPlot | null = null;
let plotted = ''; // the classes the plot has series for
const AXIS = '#c8cdd8';
const GRID = { stroke: '#ffffff1f', width: 1 };

/** Shows or hides the chart. */
export function showClassChart(on: boolean): void {
  container.hidden = !on || !plot;
}

/** Removes the chart (a new job starts). */
export function clearClassChart(): void {
  plot?.destroy();
  plot = null;
  plotted = '';
  container.hidden = true;
}

function options(classes: number[], labels: readonly string[], width: number): uPlot.Options {
  return {
    width,
    height: 220,
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [
      { label: 'media time (s)', stroke: AXIS, grid: GRID, ticks: GRID, values: (_u, ticks) => ticks.map((t) => `${+t.toFixed(2)} s`) },
      { label: 'detections per frame', stroke: AXIS, grid: GRID, ticks: GRID, size: 40 },
    ],
    series: [
      { label: 'time', value: (_u, v) => (v == null ? '–' : `${v.toFixed(2)} s`) },
      ...classes.map((cls) => ({
        label: labels[cls] ?? `class ${cls}`,
        stroke: screenColor(cls),
        width: 1.5,
        value: (_u: uPlot, v: number | null) => (v == null ? '–' : String(v)),
      })),
    ],
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Plots detections per class over media time for the frames so far. */
export function drawClassChart(frames: readonly FrameResult[]): void {
  if (frames.length === 0) return;
  const labels = frames[frames.length - 1].labels;
  const counts = new Map<number, number[]>();
  frames.forEach((f, i) => {
    for (let k = 0; k < f.detections.count; k++) {
      const cls = f.detections.classes[k];
      let series = counts.get(cls);
      if (!series) counts.set(cls, (series = new Array<number>(frames.length).fill(0)));
      series[i]++;
    }
  });
  const classes = [...counts.keys()].sort((a, b) => a - b);
  const data: uPlot.AlignedData = [frames.map((f, i) => f.timestamp ?? i), ...classes.map((c) => counts.get(c)!)];
  const key = `${classes.join(',')}|${labels.join(',')}`;
  container.hidden = false;
  if (plot && key === plotted) {
    plot.setData(data);
    return;
  }
  plot?.destroy();
  plotted = key;
  plot = new uPlot(options(classes, labels, Math.max(240, container.clientWidth || 720)), data, container);
}

/** Keeps the chart as wide as its container. */
export function initClassChart(): void {
  new ResizeObserver(() => {
    if (plot && container.clientWidth > 0) plot.setSize({ width: container.clientWidth, height: 220 });
  }).observe(container);
}
