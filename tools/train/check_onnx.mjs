// Checks an exported model against PyTorch: runs the reference input that
// export.py wrote through onnxruntime-web (its WASM backend, the page's runtime, run in Node) and compares with PyTorch's output.
// Also checks the I/O names, shapes and metadata the project's decoder relies on.
//
//   node tools/train/check_onnx.mjs [models/wrgb-416.onnx] [tools/train/runs/export]
//        [--tol 1e-4] [--box-tol 1e-3] [--json out.json]
//
// Criteria: objectness / class probabilities within --tol (absolute), box
// columns (cx, cy, w, h in input px, 0..416) within --box-tol px. The box
// columns amplify float32 rounding of the logits by up to 2 x stride, and the
// same PyTorch model in float32 vs float64 already differs by a few 1e-4 px
// there (export.py measures that noise floor and it is printed below), so an
// absolute 1e-4 on pixel coordinates is below float32 precision; 1e-4 holds
// for the probabilities and for the boxes in normalised units (px / 416).
// Exit code 0 when every check passes, 1 otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-web');
ort.env.wasm.numThreads = 2; // set before the first session: onnxruntime-web fixes it then

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : def;
};
const tol = Number(opt('--tol', '1e-4'));
const boxTol = Number(opt('--box-tol', '1e-3'));
const jsonOut = opt('--json', null);
const modelPath = args[0] ?? 'models/wrgb-416.onnx';
const refDir = args[1] ?? 'tools/train/runs/export';

const ref = JSON.parse(readFileSync(join(refDir, 'ref.json'), 'utf8'));
const asF32 = (buf) => new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const input = asF32(readFileSync(join(refDir, 'ref_input.bin')));
const expected = asF32(readFileSync(join(refDir, 'ref_output.bin')));

const session = await ort.InferenceSession.create(modelPath, { graphOptimizationLevel: 'all' });
const fail = (msg) => {
  console.error(msg);
  process.exit(1);
};
if (session.inputNames.join() !== 'images' || session.outputNames.join() !== 'output0') {
  fail(`unexpected I/O names: ${session.inputNames} -> ${session.outputNames}`);
}
const out = (await session.run({ images: new ort.Tensor('float32', input, ref.input_shape) })).output0;
const dims = Array.from(out.dims);
if (dims.join() !== ref.output_shape.join()) fail(`shape ${dims} != PyTorch ${ref.output_shape}`);
const no = dims[2];
const size = ref.input_shape[3];
let maxBox = 0;
let maxProb = 0;
let maxAt = -1;
let maxAll = 0;
let minP = Infinity;
let maxP = -Infinity;
for (let i = 0; i < expected.length; i++) {
  const d = Math.abs(out.data[i] - expected[i]);
  if (d > maxAll) {
    maxAll = d;
    maxAt = i;
  }
  if (i % no < 4) maxBox = Math.max(maxBox, d);
  else {
    maxProb = Math.max(maxProb, d);
    minP = Math.min(minP, out.data[i]);
    maxP = Math.max(maxP, out.data[i]);
  }
}
const floor = ref.torch_float32_vs_float64_max_abs_diff;
console.log(`output0 ${JSON.stringify(dims)}`);
console.log(`max abs diff vs PyTorch: ${maxAll.toExponential(3)} (row ${Math.floor(maxAt / no)}, col ${maxAt % no})`);
console.log(`  boxes (px): ${maxBox.toExponential(3)} (tolerance ${boxTol}); normalised by ${size}: ${(maxBox / size).toExponential(3)}`);
console.log(`  objectness / class probabilities: ${maxProb.toExponential(3)} (tolerance ${tol}), range [${minP.toFixed(6)}, ${maxP.toFixed(6)}]`);
if (floor) {
  console.log(`  noise floor, PyTorch float32 vs float64: boxes ${floor.boxes_px.toExponential(3)} px, probabilities ${floor.probabilities.toExponential(3)}`);
}
const ok = maxProb <= tol && maxBox <= boxTol && maxBox / size <= tol && minP >= 0 && maxP <= 1;
console.log(ok ? 'OK' : 'FAILED');
if (jsonOut) {
  const result = {
    maxAbsDiff: maxAll,
    maxAbsDiffBoxesPx: maxBox,
    maxAbsDiffBoxesNormalised: maxBox / size,
    maxAbsDiffProbabilities: maxProb,
    tolerance: { probabilities: tol, boxesPx: boxTol, boxesNormalised: tol },
    torchFloat32VsFloat64: floor ?? null,
    outputShape: dims,
    ok,
  };
  writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n');
}
process.exit(ok ? 0 : 1);
