// The shipped models (models/wrgb-416*.onnx: the default and its fp16 / int8 / NMS-in-graph variants)
// on the committed sample photos, through the project's preprocessing convention and decode() (the
// raw heads of the default, fp16 and int8 files with the anchors and strides of their metadata, as
// the worker reads them):
// mAP@0.5 against the photos' labels (issue 6: at least 0.85), and false boxes on real photos
// without lights at the default thresholds (issue 10): a committed one, and the fixture photos whose
// 29 false boxes per photo (over 400 on giraffe.jpg) opened issue 10.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ort } from '../helpers/ort.js';
import { conventionForLayout, decode, detectLayout } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { parseImageSize, parseNames } from '../../src/worker/python-literal.js';
import { evaluateMap, type ImageGroundTruth, type ImagePredictions } from '../../src/eval/map.js';
import { placeInto, readJpeg, resizeSmooth } from '../helpers/image.js';
import { fixturePath, fixturesAvailable } from '../helpers/fixtures.js';
import { decodeYolov5 as referenceDecode, headsGeometry, modelRows } from '../../tools/eval/samples-map.js';

// minMap: the default and the variants that compute in float keep issue 6's 0.85; 8-bit activations
// cost the int8 variant about 0.04 (models/README.md), so it keeps 0.80.
const MODELS = [
  { file: 'models/wrgb-416.onnx', layout: 'yolov5-heads', minMap: 0.85 },
  { file: 'models/wrgb-416-fp16.onnx', layout: 'yolov5-heads', minMap: 0.85 },
  { file: 'models/wrgb-416-int8.onnx', layout: 'yolov5-heads', minMap: 0.8 },
  { file: 'models/wrgb-416-nms.onnx', layout: 'end2end', minMap: 0.85 },
] as const;
const SAMPLES = ['lights-1', 'lights-2', 'lights-3', 'lights-4', 'real-lights-1'];
/** A real photo (CC0, dandelions against the sun) with no lights in it: every box is a false one. */
const NO_LIGHTS = 'real-1';
const haveFixtures = fixturesAvailable('the shipped models on the fixture photos');

interface SampleLabels {
  width: number;
  height: number;
  boxes: { x1: number; y1: number; x2: number; y2: number; class: number }[];
}

async function detector(file: string) {
  const header = readOnnxHeader(readFileSync(file));
  const { width, height } = parseImageSize(header.metadata.imgsz)!;
  const session = await ort.InferenceSession.create(file);
  const geometry = headsGeometry(file) ?? {}; // the anchors and strides of its metadata
  const convention = conventionForLayout('yolov5');
  const packer = new PixelPacker();
  const input = new Float32Array(3 * width * height);
  return {
    header,
    width,
    /** Detections on a committed sample photo (its name) or on any JPEG (its path). */
    async detect(nameOrPath: string, scoreThreshold: number) {
      const src = readJpeg(nameOrPath.endsWith('.jpg') ? nameOrPath : `public/samples/${nameOrPath}.jpg`);
      const { image, placement } = placeInto(src, width, height, convention.resize, convention.pad, resizeSmooth);
      packer.pack(image.data, width, height, convention, input);
      const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, height, width]) });
      const outputs = session.outputNames.map((n) => ({ data: out[n].data as Float32Array, dims: out[n].dims }));
      const d = decode(outputs, { inputWidth: width, inputHeight: height, ...geometry, scoreThreshold, iouThreshold: 0.45, transform: placement.transform });
      return { src, outputs, placement, detections: d };
    },
  };
}

for (const { file, layout, minMap } of MODELS) {
  describe.runIf(existsSync(file))(`the shipped model ${file}`, () => {
    it(`describes itself in its metadata (names w/r/g/b, square input) and gives ${layout} outputs`, async () => {
      const m = await detector(file);
      expect(parseNames(m.header.metadata.names)).toEqual(['w', 'r', 'g', 'b']);
      expect(m.width).toBeGreaterThanOrEqual(256);
      const r = await m.detect('lights-1', 0.25);
      expect(r.outputs[0].dims.length).toBe(layout === 'yolov5-heads' ? 5 : 3);
      expect(detectLayout(r.outputs)).toBe(layout);
      expect(m.header.metadata.layout).toBe(layout);
    });

    it(`reaches mAP@0.5 >= ${minMap} on the committed sample photos (synthetic scenes and lights in a real room)`, async () => {
      const m = await detector(file);
      const predictions: ImagePredictions[] = [];
      const truth: ImageGroundTruth[] = [];
      const scales: number[] = [];
      for (const name of SAMPLES) {
        const labels = JSON.parse(readFileSync(`public/samples/${name}.json`, 'utf8')) as SampleLabels;
        // NMS in the graph keeps only scores above its baked-in 0.1; the others keep everything above 0.001
        const { src, detections: d, placement } = await m.detect(name, 0.001);
        expect([src.width, src.height]).toEqual([labels.width, labels.height]);
        predictions.push({ boxes: d.boxes, scores: d.scores, classes: d.classes });
        truth.push({ boxes: labels.boxes.map((b) => [b.x1, b.y1, b.x2, b.y2]), classes: labels.boxes.map((b) => b.class) });
        scales.push(placement.transform.scaleX);
      }
      const result = evaluateMap(predictions, truth, { classNames: ['w', 'r', 'g', 'b'], sizeScale: scales });
      console.log(`${file} on the sample photos: mAP@0.5 ${result.map50.toFixed(3)}, mAP@0.5:0.95 ${result.map5095.toFixed(3)}`);
      expect(result.numGt).toBeGreaterThan(100);
      expect(result.map50).toBeGreaterThanOrEqual(minMap);
    });

    it.runIf(layout === 'yolov5-heads')('decodes its raw heads as an independent reference decode does (lights in a real room)', async () => {
      const m = await detector(file);
      const { outputs, detections: d, placement } = await m.detect('real-lights-1', 0.25);
      const rows = modelRows(outputs, headsGeometry(file));
      const ref = referenceDecode(rows.data, rows.rows, rows.no, 0.25, 0.45);
      expect(d.count).toBeGreaterThan(20);
      expect(d.count).toBe(ref.scores.length);
      const { scaleX, scaleY, padX, padY, srcWidth, srcHeight } = placement.transform;
      const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
      for (let i = 0; i < d.count; i++) {
        expect(d.classes[i]).toBe(ref.classes[i]);
        expect(d.scores[i]).toBeCloseTo(ref.scores[i], 5);
        const b = ref.boxes[i];
        const inSource = [
          clip((b[0] - padX) / scaleX, srcWidth),
          clip((b[1] - padY) / scaleY, srcHeight),
          clip((b[2] - padX) / scaleX, srcWidth),
          clip((b[3] - padY) / scaleY, srcHeight),
        ];
        for (let k = 0; k < 4; k++) expect(Math.abs(d.boxes[i * 4 + k] - inSource[k])).toBeLessThan(0.01);
      }
    });

    it('draws at most one box on a real photo without lights at the default thresholds', async () => {
      const m = await detector(file);
      const { detections } = await m.detect(NO_LIGHTS, 0.25);
      expect(detections.count).toBeLessThanOrEqual(1);
    });

    // Issue 10's goal: at most 0.5 false boxes per photo without lights. The one box versions 1.6, 1.7
    // and their variants draw here is on a red, out-of-focus blob behind zidane.jpg's players.
    it.runIf(haveFixtures)(
      'draws at most 0.5 boxes per photo on the fixture photos (people, animals, a street; no LED lights)',
      async () => {
        const m = await detector(file);
        const photos = readdirSync(fixturePath('images')).filter((f) => f.endsWith('.jpg'));
        expect(photos.length).toBeGreaterThanOrEqual(6);
        let boxes = 0;
        for (const photo of photos) boxes += (await m.detect(fixturePath('images', photo), 0.25)).detections.count;
        expect(boxes / photos.length).toBeLessThanOrEqual(0.5);
      },
    );
  });
}
