/// <reference types="node" />
/**
 * End-to-end mAP of an ONNX model on the sample photos, in Node:
 * JPEG decode (jpeg-js) -> letterbox to the model input (bilinear point
 * sampling, pad 114) -> onnxruntime-web (WASM, in Node) -> YOLOv5 decode (score = obj x cls,
 * class-wise NMS) -> boxes in source px -> {@link evaluateMap}.
 *
 * Self-contained (it does not use src/): a check of the committed model and
 * sample labels independent of the project's decoder.
 *
 * ```sh
 * npx tsx tools/eval/samples-map.ts [models/wrgb-416.onnx] [public/samples] [--score 0.001] [--iou 0.45] [--json out.json]
 * ```
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-web';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { boxIoU, evaluateMap, maxSide, type Box, type ImageGroundTruth, type ImagePredictions } from '../../src/eval/map.js';

/** RGBA pixels of a decoded image. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Letterbox geometry: input = source * scale + pad. */
export interface Letterbox {
  scale: number;
  padX: number;
  padY: number;
}

/**
 * Letterboxes an RGBA image into a size x size CHW float32 tensor (RGB, 0..1, pad 114/255)
 * with bilinear point sampling (pixel centres, no antialiasing).
 */
export function letterbox(img: RgbaImage, size: number): { tensor: Float32Array; box: Letterbox } {
  const scale = Math.min(size / img.width, size / img.height);
  const nw = Math.round(img.width * scale);
  const nh = Math.round(img.height * scale);
  const padX = Math.floor((size - nw) / 2);
  const padY = Math.floor((size - nh) / 2);
  const plane = size * size;
  const out = new Float32Array(3 * plane).fill(114 / 255);
  for (let y = 0; y < nh; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * img.height) / nh - 0.5, 0), img.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const fy = sy - y0;
    for (let x = 0; x < nw; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * img.width) / nw - 0.5, 0), img.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const fx = sx - x0;
      const o = (y + padY) * size + x + padX;
      for (let c = 0; c < 3; c++) {
        const p00 = img.data[(y0 * img.width + x0) * 4 + c];
        const p01 = img.data[(y0 * img.width + x1) * 4 + c];
        const p10 = img.data[(y1 * img.width + x0) * 4 + c];
        const p11 = img.data[(y1 * img.width + x1) * 4 + c];
        const v = (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy;
        out[c * plane + o] = v / 255;
      }
    }
  }
  return { tensor: out, box: { scale, padX, padY } };
}

/** A model file's anchors and strides (its metadata), for raw heads. */
export function headsGeometry(modelPath: string): { anchors: number[][]; strides: number[] } | null {
  const m = readOnnxHeader(readFileSync(modelPath)).metadata;
  return m.anchors && m.strides ? { anchors: JSON.parse(m.anchors) as number[][], strides: JSON.parse(m.strides) as number[] } : null;
}

/**
 * A run's output as YOLOv5 rows [N, no]: the one [1, N, no] output as it is, or raw YOLOv5 heads
 * [1, na, ny, nx, no] (finest first) decoded here, in float64, as YOLOv5's Detect does (sigmoid of
 * everything; cx = (2·sx − 0.5 + gx)·stride, w = (2·sw)²·anchor), written out independently of the
 * project's decoder.
 */
export function modelRows(
  outputs: readonly { data: Float32Array; dims: readonly number[] }[],
  geometry: { anchors: number[][]; strides: number[] } | null,
): { data: Float32Array; rows: number; no: number } {
  if (outputs.length === 1) {
    const [, rows, no] = outputs[0].dims;
    return { data: outputs[0].data, rows, no };
  }
  if (!geometry) throw new Error('raw heads need the anchors and strides of the model metadata');
  const no = outputs[0].dims[4];
  const rows = outputs.reduce((n, t) => n + t.data.length / no, 0);
  const data = new Float32Array(rows * no);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let r = 0;
  outputs.forEach((t, level) => {
    const [, na, ny, nx] = t.dims;
    const stride = geometry.strides[level];
    for (let a = 0; a < na; a++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, r++) {
          const i = (((a * ny + y) * nx + x) * no);
          const o = r * no;
          data[o] = (2 * sig(t.data[i]) - 0.5 + x) * stride;
          data[o + 1] = (2 * sig(t.data[i + 1]) - 0.5 + y) * stride;
          data[o + 2] = (2 * sig(t.data[i + 2])) ** 2 * geometry.anchors[level][2 * a];
          data[o + 3] = (2 * sig(t.data[i + 3])) ** 2 * geometry.anchors[level][2 * a + 1];
          for (let c = 4; c < no; c++) data[o + c] = sig(t.data[i + c]);
        }
      }
    }
  });
  return { data, rows, no };
}

/** YOLOv5 rows [N, 5 + nc] -> detections in input px: score = obj x best class, class-wise NMS. */
export function decodeYolov5(
  data: Float32Array,
  rows: number,
  no: number,
  scoreThreshold: number,
  iouThreshold: number,
  maxDet = 1000,
): { boxes: Box[]; scores: number[]; classes: number[] } {
  const cand: { box: Box; score: number; cls: number }[] = [];
  for (let r = 0; r < rows; r++) {
    const o = r * no;
    let best = 0;
    let cls = 0;
    for (let c = 5; c < no; c++) {
      if (data[o + c] > best) {
        best = data[o + c];
        cls = c - 5;
      }
    }
    const score = best * data[o + 4];
    if (score <= scoreThreshold) continue;
    const [cx, cy, w, h] = [data[o], data[o + 1], data[o + 2], data[o + 3]];
    cand.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score, cls });
  }
  cand.sort((a, b) => b.score - a.score);
  const kept: typeof cand = [];
  for (const c of cand) {
    if (kept.length >= maxDet) break;
    if (kept.some((k) => k.cls === c.cls && boxIoU(k.box, c.box) > iouThreshold)) continue;
    kept.push(c);
  }
  return { boxes: kept.map((k) => k.box), scores: kept.map((k) => k.score), classes: kept.map((k) => k.cls) };
}

/** Ground truth of a YOLO label file in source px. */
export function readYoloLabels(text: string, width: number, height: number): ImageGroundTruth {
  const boxes: Box[] = [];
  const classes: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const p = line.trim().split(/\s+/).map(Number);
    if (p.length < 5 || p.some((v) => !Number.isFinite(v))) continue;
    const [c, cx, cy, w, h] = p;
    boxes.push([(cx - w / 2) * width, (cy - h / 2) * height, (cx + w / 2) * width, (cy + h / 2) * height]);
    classes.push(c);
  }
  return { boxes, classes };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      score: { type: 'string', default: '0.001' },
      iou: { type: 'string', default: '0.45' },
      json: { type: 'string' },
    },
  });
  const modelPath = positionals[0] ?? 'models/wrgb-416.onnx';
  const dir = positionals[1] ?? 'public/samples';
  ort.env.wasm.numThreads = 2; // before the first session: onnxruntime-web fixes the count then
  const session = await ort.InferenceSession.create(modelPath);
  const geometry = headsGeometry(modelPath);
  const dims = session.inputMetadata[0];
  const size = dims !== undefined && dims.isTensor && typeof dims.shape[2] === 'number' ? dims.shape[2] : 416;
  const preds: ImagePredictions[] = [];
  const gts: ImageGroundTruth[] = [];
  const scales: number[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort()) {
    const img = jpeg.decode(readFileSync(join(dir, name)), { useTArray: true, formatAsRGBA: true });
    const { tensor, box } = letterbox(img, size);
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', tensor, [1, 3, size, size]) });
    const y = modelRows(session.outputNames.map((n) => ({ data: out[n].data as Float32Array, dims: out[n].dims })), geometry);
    const det = decodeYolov5(y.data, y.rows, y.no, Number(values.score), Number(values.iou));
    const src = det.boxes.map(
      (b): Box => [
        Math.min(Math.max((b[0] - box.padX) / box.scale, 0), img.width),
        Math.min(Math.max((b[1] - box.padY) / box.scale, 0), img.height),
        Math.min(Math.max((b[2] - box.padX) / box.scale, 0), img.width),
        Math.min(Math.max((b[3] - box.padY) / box.scale, 0), img.height),
      ],
    );
    const gt = readYoloLabels(readFileSync(join(dir, name.replace(/\.jpg$/, '.txt')), 'utf8'), img.width, img.height);
    const single = evaluateMap([{ ...det, boxes: src }], [gt], { classNames: ['w', 'r', 'g', 'b'], sizeScale: box.scale });
    console.log(
      `${name} ${img.width}x${img.height}: ${det.boxes.length} detections, ${gt.classes.length} labels, ` +
        `mAP@0.5 ${single.map50.toFixed(4)}, mAP@0.5:0.95 ${single.map5095.toFixed(4)}`,
    );
    preds.push({ ...det, boxes: src });
    gts.push(gt);
    scales.push(box.scale);
  }
  const r = evaluateMap(preds, gts, { classNames: ['w', 'r', 'g', 'b'], sizeScale: scales });
  console.log(`all samples (score > ${values.score}): mAP@0.5 ${r.map50.toFixed(4)}, mAP@0.5:0.95 ${r.map5095.toFixed(4)}`);
  for (const [k, v] of Object.entries(r.perClass)) console.log(`  class ${k}: AP@0.5 ${v.ap50.toFixed(4)} (${v.numGt})`);
  for (const [k, v] of Object.entries(r.perSizeBand)) {
    console.log(`  size ${k}: mAP@0.5 ${v.map50.toFixed(4)} mAP@0.5:0.95 ${v.map5095.toFixed(4)} (${v.numGt})`);
  }
  const smallest = Math.min(...gts.flatMap((g, i) => (g.boxes as Box[]).map((b) => maxSide(b) * scales[i])));
  console.log(`  smallest label at the model input: ${smallest.toFixed(1)} px`);
  if (values.json !== undefined) {
    const info = { pipeline: 'jpeg-js, letterbox (bilinear point sampling), onnxruntime-web (WASM), map.ts' };
    writeFileSync(values.json, JSON.stringify({ ...info, score: Number(values.score), iou: Number(values.iou), ...r }, null, 2) + '\n');
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
