// CPU-time benchmark of the shipped model variants (issue 10), robust to a loaded machine: the same
// onnxruntime-web WASM kernels the worker runs (single-threaded, in Node), timed with the process's
// CPU time (user + system) instead of the wall clock, plus the project's decode() + NMS on each output.
// On a shared machine the wall clock measures the other tenants; CPU time measures the work.
//
//   npx tsx tools/train/bench_cpu.ts models/wrgb-416.onnx models/wrgb-416-int8.onnx ... [--runs 30] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web/wasm';
import { conventionForLayout, decode } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { parseImageSize } from '../../src/worker/python-literal.js';
import { placeInto, readJpeg, resizeSmooth } from '../../test/helpers/image.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const runs = Number(opt('--runs', '30'));
const jsonOut = opt('--json', '');
const photos = opt('--photos', 'lights-1,lights-3,real-1').split(',');
ort.env.wasm.numThreads = 1;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const results = [];
for (const file of args) {
  const bytes = readFileSync(file);
  const { width, height } = parseImageSize(readOnnxHeader(bytes).metadata.imgsz)!;
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const convention = conventionForLayout('yolov5');
  const packer = new PixelPacker();
  for (const photo of photos) {
    const { image, placement } = placeInto(readJpeg(`public/samples/${photo}.jpg`), width, height, convention.resize, convention.pad, resizeSmooth);
    const input = new Float32Array(3 * width * height);
    packer.pack(image.data, width, height, convention, input);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, height, width]) };
    const inf: number[] = [];
    const post: number[] = [];
    let boxes = 0;
    for (let i = 0; i < runs + 3; i++) {
      const c0 = cpuMs();
      const out = await session.run(feeds);
      const c1 = cpuMs();
      const t = out[session.outputNames[0]];
      const d = decode([{ data: t.data as Float32Array, dims: t.dims }], {
        inputWidth: width,
        inputHeight: height,
        scoreThreshold: 0.25,
        iouThreshold: 0.45,
        transform: placement.transform,
      });
      const c2 = cpuMs();
      if (i >= 3) {
        inf.push(c1 - c0);
        post.push(c2 - c1);
      }
      boxes = d.count;
    }
    const row = { model: file.split('/').pop(), input: width, photo, boxes, inferenceCpuMs: median(inf), postprocessCpuMs: median(post) };
    console.log(JSON.stringify(row));
    results.push(row);
  }
  await session.release();
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
