// npm run bench (part): decode() against two baselines on realistic outputs, all in the same process
// (Node; bench/browser/decode-bench.ts runs the synthetic cases in Chromium, where the worker decodes):
// the naive per-row-object decode and the seed's top-k decode (bench/seed-decode.ts).
// Goals: issue 2, the 25200x85 case under 1 ms and >= 100x naive; issue 15, the dense YOLOv5 case
// (~2,300 rows above 0.25, ~290 kept) and a dense YOLOv8 case at most 0.5 ms, identical results.
// Last case: the shipped model's own raw heads on the sample photos (what the worker decodes every frame).
// Every case rotates over four outputs (see OUTPUTS_PER_CASE).
import { existsSync, readFileSync } from 'node:fs';
import { conventionForLayout } from '../src/postprocess/index.js';
import { decodeBenchMarkdown, measure, runSyntheticCases, type DecodeBenchRow, type Tensor } from './decode-cases.js';
import { naiveYolov5 } from './naive-decode.js';
import { seedYolov5 } from './seed-decode.js';
import { ort } from '../test/helpers/ort.js';
import { placeInto, readJpeg, resizeSmooth } from '../test/helpers/image.js';
import { PixelPacker } from '../src/worker/pixels.js';
import { headsGeometry, modelRows } from '../tools/eval/samples-map.js';
import { readOnnxHeader } from '../src/worker/onnx-metadata.js';
import { parseImageSize } from '../src/worker/python-literal.js';

const SHIPPED = 'models/wrgb-416.onnx';

/**
 * The shipped model's raw heads on sample photos (real outputs: 25,200 rows of 9 logits each), with the
 * anchors and strides of its metadata; null when the model or a photo is missing.
 */
async function shippedHeads(photos: string[]): Promise<{ outputs: { data: Float32Array; dims: readonly number[] }[][]; geometry: { anchors: number[][]; strides: number[] }; size: number } | null> {
  const geometry = headsGeometry(SHIPPED);
  if (!geometry || !photos.every((p) => existsSync(p))) return null;
  const session = await ort.InferenceSession.create(SHIPPED);
  const size = parseImageSize(readOnnxHeader(readFileSync(SHIPPED)).metadata.imgsz ?? '')?.width ?? 320;
  const convention = conventionForLayout('yolov5');
  const outputs = [];
  for (const photo of photos) {
    const { image } = placeInto(readJpeg(photo), size, size, convention.resize, convention.pad, resizeSmooth);
    const input = new Float32Array(3 * size * size);
    new PixelPacker().pack(image.data, size, size, convention, input);
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, size, size]) });
    outputs.push(session.outputNames.map((n) => ({ data: out[n].data as Float32Array, dims: out[n].dims })));
  }
  await session.release();
  return { outputs, geometry, size };
}

export async function runDecodeBench(): Promise<DecodeBenchRow[]> {
  const rows = runSyntheticCases();
  // The shipped model's raw heads on the four sample photos: decode() reads the logits in place; the
  // baselines first turn them into decoded rows (a sigmoid on every value and the grid decode, as a
  // page without our decoder would, inside their timing) and then decode those rows.
  const shipped = await shippedHeads([1, 2, 3, 4].map((i) => `public/samples/lights-${i}.jpg`));
  if (shipped) {
    const { outputs, geometry, size } = shipped;
    const options = { layout: 'yolov5-heads' as const, inputWidth: size, inputHeight: size, scoreThreshold: 0.25, iouThreshold: 0.45, ...geometry };
    const baseline = (decodeRows: typeof naiveYolov5) => (heads: Tensor[]) => {
      const r = modelRows(heads, geometry);
      return decodeRows(r.data, r.no, 0.25, 0.45);
    };
    const name = `shipped ${SHIPPED.split('/').pop()} raw heads [1,3,80,80,9]+[1,3,40,40,9]+[1,3,20,20,9] on lights-1..4.jpg`;
    rows.push(measure(name, outputs, options, baseline(naiveYolov5), baseline(seedYolov5)));
  }
  return rows;
}

export function printDecodeBench(rows: DecodeBenchRow[]): void {
  console.log(`\n${decodeBenchMarkdown(rows, 'Node')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printDecodeBench(await runDecodeBench());
