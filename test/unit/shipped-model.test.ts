// The shipped model (models/wrgb-416.onnx) on the committed sample photos, through the project's
// preprocessing convention and decode(): mAP@0.5 against the photos' labels (issue 6: at least 0.85).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ort } from '../helpers/ort.js';
import { conventionForLayout, decode, detectLayout } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { parseImageSize, parseNames } from '../../src/worker/python-literal.js';
import { evaluateMap, type ImageGroundTruth, type ImagePredictions } from '../../src/eval/map.js';
import { placeInto, readJpeg, resizeSmooth } from '../helpers/image.js';

const MODEL = 'models/wrgb-416.onnx';
const SAMPLES = ['lights-1', 'lights-2', 'lights-3', 'lights-4'];
const present = existsSync(MODEL);
if (!present) console.warn(`[skip] shipped model: ${MODEL} is not there yet (tools/train makes it)`);

interface SampleLabels {
  width: number;
  height: number;
  boxes: { x1: number; y1: number; x2: number; y2: number; class: number }[];
}

describe.runIf(present)('the shipped wrgb-416 model', () => {
  it('describes itself in its metadata: names w/r/g/b, 416 px input, decoded YOLOv5 rows', async () => {
    const header = readOnnxHeader(readFileSync(MODEL));
    expect(parseNames(header.metadata.names)).toEqual(['w', 'r', 'g', 'b']);
    expect(parseImageSize(header.metadata.imgsz)).toEqual({ width: 416, height: 416 });
    const session = await ort.InferenceSession.create(MODEL);
    const out = await session.run({ images: new ort.Tensor('float32', new Float32Array(3 * 416 * 416).fill(114 / 255), [1, 3, 416, 416]) });
    const t = out[session.outputNames[0]];
    expect(t.dims.length).toBe(3);
    expect(t.dims[2]).toBe(9);
    expect(detectLayout([{ data: t.data as Float32Array, dims: t.dims }])).toBe('yolov5');
  });

  it('reaches mAP@0.5 >= 0.85 on the committed sample photos', async () => {
    const session = await ort.InferenceSession.create(MODEL);
    const convention = conventionForLayout('yolov5');
    const packer = new PixelPacker();
    const input = new Float32Array(3 * 416 * 416);
    const predictions: ImagePredictions[] = [];
    const truth: ImageGroundTruth[] = [];
    const scales: number[] = [];
    for (const name of SAMPLES) {
      const labels = JSON.parse(readFileSync(`public/samples/${name}.json`, 'utf8')) as SampleLabels;
      const src = readJpeg(`public/samples/${name}.jpg`);
      expect([src.width, src.height]).toEqual([labels.width, labels.height]);
      const { image, placement } = placeInto(src, 416, 416, convention.resize, convention.pad, resizeSmooth);
      packer.pack(image.data, 416, 416, convention, input);
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, 416, 416]) });
      const t = out[session.outputNames[0]];
      const d = decode([{ data: t.data as Float32Array, dims: t.dims }], {
        inputWidth: 416,
        inputHeight: 416,
        scoreThreshold: 0.001,
        iouThreshold: 0.45,
        transform: placement.transform,
      });
      predictions.push({ boxes: d.boxes, scores: d.scores, classes: d.classes });
      truth.push({ boxes: labels.boxes.map((b) => [b.x1, b.y1, b.x2, b.y2]), classes: labels.boxes.map((b) => b.class) });
      scales.push(placement.transform.scaleX);
    }
    const result = evaluateMap(predictions, truth, { classNames: ['w', 'r', 'g', 'b'], sizeScale: scales });
    console.log(`shipped model on the sample photos: mAP@0.5 ${result.map50.toFixed(3)}, mAP@0.5:0.95 ${result.map5095.toFixed(3)}`, JSON.stringify(result.perClass));
    expect(result.numGt).toBeGreaterThan(100);
    expect(result.map50).toBeGreaterThanOrEqual(0.85);
  });
});
