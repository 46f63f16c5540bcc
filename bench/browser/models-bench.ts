// Shipped-model variants (issue 10), in headless Chromium: every models/*.onnx through the worker
// (WASM, all threads the page may use), per-stage medians on two photos: a sparse one (public/samples
// lights-1.jpg) and a dense one (lights-3.jpg, many lights): NMS in the graph vs the TypeScript
// decode + NMS depends on how many candidates survive the score threshold.
import { createDetector, type Detector, type StageTimings } from '../../src/index.js';
import { fmt, median, table, type BenchReport } from './report.js';

const FRAMES = 20;
const WARMUP = 3;
const models = import.meta.glob<string>('../../models/*.onnx', { query: '?url', import: 'default', eager: true });
const PHOTOS = ['lights-1.jpg', 'lights-3.jpg'];

async function measure(model: string, image: Blob, threads: number) {
  const detector: Detector = await createDetector({ model, backend: 'wasm', numThreads: threads });
  const bitmap = await createImageBitmap(image);
  for (let i = 0; i < WARMUP; i++) await detector.detect(bitmap);
  const rows: StageTimings[] = [];
  let boxes = 0;
  for (let i = 0; i < FRAMES; i++) {
    const r = await detector.detect(bitmap);
    rows.push(r.timings);
    boxes = r.detections.count;
  }
  const size = `${detector.info.inputWidth}`;
  detector.dispose();
  const col = (k: 'preprocessMs' | 'inferenceMs' | 'postprocessMs' | 'totalMs') => median(rows.map((r) => r[k]));
  return { size, boxes, preprocess: col('preprocessMs'), inference: col('inferenceMs'), postprocess: col('postprocessMs'), total: col('totalMs') };
}

export async function runModelsBench(): Promise<BenchReport> {
  const threads = crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 1;
  const results = [];
  for (const [path, url] of Object.entries(models).sort()) {
    const name = path.split('/').pop()!;
    for (const photo of PHOTOS) {
      const res = await fetch(`/samples/${photo}`);
      if (!res.ok) continue;
      console.log(`[bench] models: ${name} on ${photo}`);
      results.push({ name, photo, threads, ...(await measure(url, await res.blob(), threads)) });
    }
  }
  const rows = results.map((r) => [r.name, r.size, r.photo, r.boxes, fmt(r.preprocess), fmt(r.inference), fmt(r.postprocess), fmt(r.total)]);
  const markdown = [
    `## models: shipped variants in the worker, median ms over ${FRAMES} frames (WASM, ${threads} threads)`,
    table(['model', 'input', 'photo', 'boxes', 'preprocess', 'inference', 'postprocess (decode + NMS)', 'total'], rows),
  ].join('\n');
  return { markdown, data: results };
}
