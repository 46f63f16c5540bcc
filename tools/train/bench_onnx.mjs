// Median onnxruntime-node CPU inference time of a model, single- and two-threaded.
// A proxy for the browser's WASM budget (WASM is roughly 1.5-2.5x slower).
//
//   node tools/train/bench_onnx.mjs [models/wrgb-416.onnx] [--runs 20] [--warmup 5] [--threads 1,2] [--json out.json]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const runs = Number(opt('--runs', '20'));
const warmup = Number(opt('--warmup', '5'));
const threads = opt('--threads', '1,2').split(',').map(Number);
const jsonOut = opt('--json', null);
const modelPath = args[0] ?? 'models/wrgb-416.onnx';

const results = {};
for (const t of threads) {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: t,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const meta = session.inputMetadata?.[0];
  const shape = meta?.shape?.every((d) => typeof d === 'number') ? meta.shape : [1, 3, 416, 416];
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = ((i * 2654435761) % 1000) / 1000;
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  results[`threads_${t}`] = { median_ms: +median.toFixed(2), min_ms: +times[0].toFixed(2), max_ms: +times[times.length - 1].toFixed(2) };
  console.log(`intraOpNumThreads=${t}: median ${median.toFixed(2)} ms, min ${times[0].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms (${runs} runs after ${warmup} warm-up)`);
  await session.release();
}
console.log(JSON.stringify(results));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runtime: `onnxruntime-node ${ort.env.versions?.common ?? ''}`.trim(), runs, warmup, ...results }, null, 2) + '\n');
