// Median inference time of a model in onnxruntime-web's WASM backend (the page's runtime, run in Node),
// single- and two-threaded. onnxruntime-web fixes its thread count at the first session of a process,
// so each thread count runs in a child process of its own.
//
//   node tools/train/bench_onnx.mjs [models/wrgb-416.onnx] [--runs 20] [--warmup 5] [--threads 1,2] [--json out.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-web');

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

const child = opt('--child', null); // internal: one thread count, prints its result as JSON

async function measure(t) {
  ort.env.wasm.numThreads = t;
  const session = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: 'all' });
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
  await session.release();
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  return { median_ms: +median.toFixed(2), min_ms: +times[0].toFixed(2), max_ms: +times[times.length - 1].toFixed(2) };
}

if (child !== null) {
  console.log(JSON.stringify(await measure(Number(child))));
  process.exit(0);
}

const results = {};
for (const t of threads) {
  const argv = [fileURLToPath(import.meta.url), modelPath, '--runs', String(runs), '--warmup', String(warmup), '--child', String(t)];
  const r = JSON.parse(execFileSync(process.execPath, argv, { encoding: 'utf8' }).trim().split('\n').pop());
  results[`threads_${t}`] = r;
  console.log(`wasm numThreads=${t}: median ${r.median_ms} ms, min ${r.min_ms} ms, max ${r.max_ms} ms (${runs} runs after ${warmup} warm-up)`);
}
console.log(JSON.stringify(results));
const runtime = `onnxruntime-web ${ort.env.versions?.web ?? ''} (wasm, in Node)`;
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ runtime, runs, warmup, ...results }, null, 2) + '\n');
