// The decode benchmark's synthetic cases and its measuring, shared by the Node suite
// (bench/decode.bench.ts) and the browser one (bench/browser/decode-bench.ts): pure TypeScript, no
// Node or DOM API. Each case is decoded by decode() and by the two baselines on the same outputs.
import { decode, type Detections } from '../src/postprocess/index.js';
import { setSimdArgmaxEnabled, simdArgmaxAvailable } from '../src/postprocess/class-argmax-simd.js';
import { naiveYolov5, naiveYolov8, type NaiveDetection } from './naive-decode.js';
import { seedYolov5, seedYolov8 } from './seed-decode.js';
import { ms, percentile } from './stats.js';
import { rng } from '../test/helpers/random-outputs.js';

/** How a YOLOv5 scene's boxes are drawn: side = min + range·u; each row's box jitters around its object's. */
interface Yolov5Boxes {
  min: number;
  range: number;
  /** Centre offset: up to ±jitter/2 of the side. */
  jitter: number;
  /** Side factor: base + spread·u. */
  base: number;
  spread: number;
}

/**
 * A decoded YOLOv5 output: `objects` boxes of random classes, `hot` rows (above the threshold) spread
 * over them, every other row below it.
 */
function yolov5Scene(rows: number, nc: number, size: number, hot: number, objects: number, seed: number, box: Yolov5Boxes): Float32Array {
  const r = rng(seed);
  const cols = 5 + nc;
  const data = new Float32Array(rows * cols);
  const centres = Array.from({ length: objects }, () => [r() * size, r() * size, box.min + r() * box.range, box.min + r() * box.range, Math.floor(r() * nc)]);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const isHot = r() < hot / rows;
    const [cx, cy, w, h, cls] = centres[Math.floor(r() * objects)];
    data[o] = cx + (r() - 0.5) * w * box.jitter;
    data[o + 1] = cy + (r() - 0.5) * h * box.jitter;
    data[o + 2] = w * (box.base + box.spread * r());
    data[o + 3] = h * (box.base + box.spread * r());
    data[o + 4] = isHot ? 0.5 + 0.5 * r() : 0.2 * r();
    for (let k = 0; k < nc; k++) data[o + 5 + k] = 0.05 * r();
    data[o + 5 + (cls as number)] = isHot ? 0.6 + 0.4 * r() : 0.1 * r();
  }
  return data;
}

/** Clusters of rows around a few objects of 10 px to a fifth of the input. */
const yolov5Output = (rows: number, nc: number, size: number, hot: number, objects: number, seed: number) =>
  yolov5Scene(rows, nc, size, hot, objects, seed, { min: 10, range: size * 0.2, jitter: 0.2, base: 0.9, spread: 0.2 });

/**
 * Like a crowded scene: many small objects (12-52 px), rows with a few px of jitter (each object's
 * rows overlap well above the IoU threshold).
 */
const denseYolov5Output = (rows: number, nc: number, size: number, hot: number, objects: number, seed: number) =>
  yolov5Scene(rows, nc, size, hot, objects, seed, { min: 12, range: 40, jitter: 0.1, base: 0.95, spread: 0.1 });

/** A YOLOv8 output like a crowded scene (see denseYolov5Output): `hot` anchors over `objects` boxes. */
function denseYolov8Output(n: number, nc: number, size: number, hot: number, objects: number, seed: number): Float32Array {
  const r = rng(seed);
  const c = 4 + nc;
  const data = new Float32Array(c * n);
  const centres = Array.from({ length: objects }, () => [r() * size, r() * size, 12 + r() * 40, 12 + r() * 40, Math.floor(r() * nc)]);
  for (let i = 0; i < n; i++) {
    const [cx, cy, w, h, cls] = centres[Math.floor(r() * objects)];
    data[i] = cx + (r() - 0.5) * w * 0.1;
    data[n + i] = cy + (r() - 0.5) * h * 0.1;
    data[2 * n + i] = w * (0.95 + 0.1 * r());
    data[3 * n + i] = h * (0.95 + 0.1 * r());
    for (let k = 0; k < nc; k++) data[(4 + k) * n + i] = 0.02 * r();
    if (r() < hot / n) data[(4 + (cls as number)) * n + i] = 0.3 + 0.7 * r();
  }
  return data;
}

function yolov8Output(n: number, nc: number, size: number, hot: number, seed: number): Float32Array {
  const r = rng(seed);
  const c = 4 + nc;
  const data = new Float32Array(c * n);
  const centres = Array.from({ length: 40 }, () => [r() * size, r() * size, 10 + r() * 100, 10 + r() * 100, Math.floor(r() * nc)]);
  for (let i = 0; i < n; i++) {
    const [cx, cy, w, h, cls] = centres[Math.floor(r() * centres.length)];
    data[i] = cx + (r() - 0.5) * 10;
    data[n + i] = cy + (r() - 0.5) * 10;
    data[2 * n + i] = w;
    data[3 * n + i] = h;
    for (let k = 0; k < nc; k++) data[(4 + k) * n + i] = 0.02 * r();
    if (r() < hot / n) data[(4 + (cls as number)) * n + i] = 0.3 + 0.7 * r();
  }
  return data;
}

function same(fast: Detections, naive: NaiveDetection[]): boolean {
  if (fast.count !== naive.length) return false;
  for (let i = 0; i < naive.length; i++) {
    if (fast.classes[i] !== naive[i].cls || Math.abs(fast.scores[i] - naive[i].score) > 1e-6) return false;
    if (Math.abs(fast.boxes[i * 4] - naive[i].x1) > 1e-3 || Math.abs(fast.boxes[i * 4 + 3] - naive[i].y2) > 1e-3) return false;
  }
  return true;
}

export interface DecodeBenchRow {
  case: string;
  /** Candidates above the threshold and detections kept, over the case's outputs: "min-max". */
  candidates: string;
  detections: string;
  fastMs: number;
  /** YOLOv8 only: decode() with the JS class scan instead of the WebAssembly SIMD kernel (the fallback). */
  jsScanMs?: number;
  naiveMs: number;
  seedMs: number;
  speedup: number;
  seedSpeedup: number;
  identical: boolean;
}

/**
 * Outputs per case. Before each timed call the next output is copied into the tensors decoded (not
 * timed), as onnxruntime copies each frame's output out of its memory just before the decode: the data
 * is as fresh in the caches as in the worker, and its branches are new to the CPU. Decoding one output
 * over and over flatters every decoder (the shipped model on one photo: 0.12 ms repeated, 0.20 ms
 * on four in turn, as in the worker).
 */
export const OUTPUTS_PER_CASE = 4;

/** One output tensor of a case. */
export type Tensor = { data: Float32Array; dims: readonly number[] };

/** Median ms of `fn` on `work`, after copying output k (untimed) into it, k = 0, 1, 2, ... in turn. */
function rotatingMs(outputs: Tensor[][], work: Tensor[], fn: () => unknown, runs: number, warmup: number): number {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    outputs[i % outputs.length].forEach((t, j) => work[j].data.set(t.data));
    const t0 = performance.now();
    fn();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  return percentile(times, 0.5);
}

const span = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}-${Math.max(...values)}`);

/**
 * One row: decode() and the two baselines on the same outputs, each call on the next (`naive` and
 * `seed` decode the tensors they are given).
 */
export function measure(
  name: string,
  outputs: Tensor[][],
  options: Parameters<typeof decode>[1],
  naive: (work: Tensor[]) => NaiveDetection[],
  seed: (work: Tensor[]) => NaiveDetection[],
  jsScan = false,
): DecodeBenchRow {
  const work = outputs[0].map((t) => ({ data: new Float32Array(t.data.length), dims: t.dims }));
  const run = () => decode(work, options);
  const fastMs = rotatingMs(outputs, work, run, 300, 30);
  let jsScanMs: number | undefined;
  if (jsScan && simdArgmaxAvailable()) {
    setSimdArgmaxEnabled(false);
    jsScanMs = rotatingMs(outputs, work, run, 300, 30);
    setSimdArgmaxEnabled(true);
  }
  const naiveMs = rotatingMs(outputs, work, () => naive(work), 8, 1);
  const seedMs = rotatingMs(outputs, work, () => seed(work), 40, 4);
  return {
    case: name,
    candidates: span(outputs.map((o) => decode(o, { ...options, iouThreshold: 2, maxDetections: 1e9 }).count)),
    detections: span(outputs.map((o) => decode(o, options).count)),
    fastMs,
    jsScanMs,
    naiveMs,
    seedMs,
    speedup: naiveMs / fastMs,
    seedSpeedup: seedMs / fastMs,
    identical: outputs.every((o) => same(decode(o, options), naive(o)) && same(decode(o, options), seed(o))),
  };
}

/** The four synthetic cases (dense YOLOv5 and YOLOv8 first: the issue-15 goals), measured in turn. */
export function runSyntheticCases(): DecodeBenchRow[] {
  const rows: DecodeBenchRow[] = [];
  // each case's outputs: the same kind of scene with other random objects and rows (seed, seed + 100, ...)
  const cases = [
    { name: 'YOLOv5 640 [1,25200,85], dense: ~290 objects', kind: 'v5', make: (seed: number) => denseYolov5Output(25200, 80, 640, 2300, 292, seed), seed: 5, n: 25200, nc: 80, size: 640 },
    { name: 'YOLOv8 640 [1,84,8400], dense: ~250 objects', kind: 'v8', make: (seed: number) => denseYolov8Output(8400, 80, 640, 2000, 250, seed), seed: 6, n: 8400, nc: 80, size: 640 },
    { name: 'YOLOv5 640 [1,25200,85], ~2400 hot rows in 30 clusters', kind: 'v5', make: (seed: number) => yolov5Output(25200, 80, 640, 2400, 30, seed), seed: 1, n: 25200, nc: 80, size: 640 },
    { name: 'YOLOv8 640 [1,84,8400], 40 clusters', kind: 'v8', make: (seed: number) => yolov8Output(8400, 80, 640, 800, seed), seed: 2, n: 8400, nc: 80, size: 640 },
  ];
  for (const c of cases) {
    const threshold = 0.25;
    const iouThreshold = 0.45;
    const datas = Array.from({ length: OUTPUTS_PER_CASE }, (_, k) => c.make(c.seed + 100 * k));
    const dims = c.kind === 'v5' ? [1, c.n, 5 + c.nc] : [1, 4 + c.nc, c.n];
    const options = { layout: c.kind === 'v5' ? ('yolov5' as const) : ('yolov8' as const), inputWidth: c.size, inputHeight: c.size, scoreThreshold: threshold, iouThreshold };
    const naive = ([t]: Tensor[]) => (c.kind === 'v5' ? naiveYolov5(t.data, 5 + c.nc, threshold, iouThreshold) : naiveYolov8(t.data, 4 + c.nc, threshold, iouThreshold));
    const seed = ([t]: Tensor[]) => (c.kind === 'v5' ? seedYolov5(t.data, 5 + c.nc, threshold, iouThreshold) : seedYolov8(t.data, 4 + c.nc, threshold, iouThreshold));
    rows.push(measure(c.name, datas.map((data) => [{ data, dims }]), options, naive, seed, c.kind === 'v8'));
  }
  return rows;
}

/** The rows as a Markdown table, then the goal lines of the two dense cases. */
export function decodeBenchMarkdown(rows: DecodeBenchRow[], where: string): string {
  const lines = [
    `## decode() vs naive and seed top-k JS decodes + NMS (${where}, median ms; ${OUTPUTS_PER_CASE} outputs per case, each call on the next)`,
    '| case | candidates > thr | kept | decode ms | decode, JS class scan | naive ms | vs naive | seed top-k ms | vs seed | identical |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.case} | ${r.candidates} | ${r.detections} | ${ms(r.fastMs)} | ${r.jsScanMs === undefined ? '' : ms(r.jsScanMs)} | ${ms(r.naiveMs)} | ${r.speedup.toFixed(0)}x | ${ms(r.seedMs)} | ${r.seedSpeedup.toFixed(1)}x | ${r.identical ? 'yes' : 'NO'} |`,
    );
  }
  for (const r of rows.slice(0, 2)) {
    lines.push(`goal (issue 15): ${r.case} at most 0.5 ms (${where}): ${r.fastMs <= 0.5 ? 'met' : 'NOT met'} (${ms(r.fastMs)} ms)`);
  }
  return lines.join('\n');
}
