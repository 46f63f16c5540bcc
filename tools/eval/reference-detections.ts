/// <reference types="node" />
/**
 * An evaluation reference outside the browser: the images of a folder run through jpeg-js, the
 * bilinear letterbox, onnxruntime-web's WASM backend run in Node and the naive YOLOv5 decode of
 * `samples-map.ts` (none of it is the project's browser pipeline: decoder, preprocessing, worker), written as a JSON that `score_report.py` scores with the
 * Python evaluator. Used to check the in-browser `evaluate()` end to end.
 *
 * ```sh
 * npx tsx tools/eval/reference-detections.ts DIR [--model models/wrgb-416.onnx] [--score 0.001] [--iou 0.45] [--max-det 300] --out ref.json
 * ```
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-web';
import { decodeYolov5, headsGeometry, letterbox, modelRows } from './samples-map.js';

/** One image's reference detections, boxes x1 y1 x2 y2 in source px (flat). */
export interface ReferenceImage {
  name: string;
  width: number;
  height: number;
  detections: { boxes: number[]; scores: number[]; classes: number[] };
}

/** Every .jpg under `dir` (recursively), as paths relative to `dir`, sorted. */
export function listJpegs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.jpe?g$/i.test(entry)) out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Runs the model on each image (a YOLOv5-layout model: [1, N, 5+nc] decoded rows, or raw YOLOv5 heads). */
export async function referenceDetections(
  modelPath: string,
  dir: string,
  names: readonly string[],
  opts: { score: number; iou: number; maxDet: number },
): Promise<ReferenceImage[]> {
  ort.env.wasm.numThreads = 1; // shared machines; fixed at the first session of the process
  const session = await ort.InferenceSession.create(readFileSync(modelPath));
  const geometry = headsGeometry(modelPath);
  const dims = session.inputMetadata[0];
  const size = dims !== undefined && dims.isTensor && typeof dims.shape[2] === 'number' ? dims.shape[2] : 416;
  const out: ReferenceImage[] = [];
  for (const name of names) {
    const img = jpeg.decode(readFileSync(join(dir, name)), { useTArray: true, formatAsRGBA: true });
    const { tensor, box } = letterbox(img, size);
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', tensor, [1, 3, size, size]) });
    const y = modelRows(session.outputNames.map((n) => ({ data: result[n].data as Float32Array, dims: result[n].dims })), geometry);
    const det = decodeYolov5(y.data, y.rows, y.no, opts.score, opts.iou, opts.maxDet);
    const clip = (v: number, pad: number, max: number) => Math.min(Math.max((v - pad) / box.scale, 0), max);
    out.push({
      name,
      width: img.width,
      height: img.height,
      detections: {
        boxes: det.boxes.flatMap((b) => [clip(b[0], box.padX, img.width), clip(b[1], box.padY, img.height), clip(b[2], box.padX, img.width), clip(b[3], box.padY, img.height)]),
        scores: det.scores,
        classes: det.classes,
      },
    });
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string', default: 'models/wrgb-416.onnx' },
      score: { type: 'string', default: '0.001' },
      iou: { type: 'string', default: '0.45' },
      'max-det': { type: 'string', default: '300' },
      limit: { type: 'string' },
      out: { type: 'string', default: 'reference-detections.json' },
    },
  });
  const dir = resolve(positionals[0] ?? 'tools/train/data/eval-seed3');
  let names = listJpegs(dir);
  if (values.limit !== undefined) names = names.slice(0, Number(values.limit));
  const images = await referenceDetections(values.model, dir, names, {
    score: Number(values.score),
    iou: Number(values.iou),
    maxDet: Number(values['max-det']),
  });
  writeFileSync(values.out, JSON.stringify({ pipeline: 'jpeg-js, bilinear letterbox, onnxruntime-web (WASM, Node), naive YOLOv5 decode', images }));
  console.log(`wrote ${values.out}: ${images.length} images`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
