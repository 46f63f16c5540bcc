// evaluate() with the shipped model on a small committed labelled folder (test/data/eval-wrgb: six
// generated images with labels broken on purpose), checked against the Python evaluator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import {
  createDetector,
  datasetFromFiles,
  evalReportToJson,
  evaluate,
  type Dataset,
  type DatasetFile,
  type Detector,
  type EvalReport,
} from '../../src/index.js';
import { fetchBlob } from './helpers.js';

const DIR = 'test/data/eval-wrgb';
const MODEL = 'models/wrgb-416.onnx';
let detector: Detector;
let files: DatasetFile[];

beforeAll(async () => {
  detector = await createDetector({ model: `/${MODEL}`, backend: 'wasm' });
  const paths = await commands.listFiles(DIR);
  files = await Promise.all(paths.map(async (path) => ({ path: `eval-wrgb/${path}`, file: await fetchBlob(`/${DIR}/${path}`) })));
});
afterAll(() => detector?.dispose());

describe('evaluate() on a dropped folder', () => {
  let dataset: Dataset;
  let report: EvalReport;
  const progress: string[] = [];

  beforeAll(async () => {
    dataset = await datasetFromFiles(files);
    report = await evaluate(detector, dataset, { onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
  });

  it('runs every image once, in order, with progress', () => {
    expect(progress).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    expect(report.images).toBe(6);
    expect(report.perImage.map((i) => i.name)).toEqual(dataset.images.map((i) => i.name));
    expect(report.perImage.every((i) => i.width === 416 && i.height === 416)).toBe(true);
    expect(report.settings?.scoreThreshold).toBe(0.001);
    // scored down to 0.001, as yolo val: far more detections than at the usual 0.25
    const low = report.perImage.reduce((n, i) => n + Array.from(i.detections.scores).filter((s) => s <= 0.25).length, 0);
    expect(low).toBeGreaterThan(0);
  });

  it('counts and lists the label problems without stopping', () => {
    expect(report.issueCounts).toEqual({
      'unparsable-line': 1,
      'class-out-of-range': 1,
      'image-without-labels': 1,
      'label-without-image': 1,
      'unreadable-image': 0,
    });
    const outOfRange = report.issues.find((i) => i.kind === 'class-out-of-range')!;
    expect(outOfRange).toMatchObject({ file: 'eval-wrgb/labels/000002.txt', line: 21 });
    expect(report.backgroundImages).toBe(1);
    expect(report.perImage[5].labels).toBe(0);
    expect(report.classNames).toEqual(['w', 'r', 'g', 'b']);
  });

  it('scores the shipped model sensibly: mAP, classes, confusion, size bands', () => {
    expect(report.labels).toBe(report.perClass.reduce((n, c) => n + c.labels, 0));
    expect(report.labels).toBe(50 + 97 + 19 + 29 + 42); // label lines that parse, in range, of images that exist
    expect(report.map50).toBeGreaterThan(0.5);
    expect(report.map50to95).toBeLessThan(report.map50);
    expect(report.bestF1.threshold).toBeGreaterThan(0.001);
    expect(report.bestF1.f1).toBeGreaterThan(0.5);
    expect(report.confusion).toHaveLength(5);
    report.perClass.forEach((c, k) => expect(report.confusion.reduce((n, row) => n + row[k], 0)).toBe(c.labels));
    expect(report.sizeBands.reduce((n, b) => n + b.labels, 0)).toBe(report.labels);
    expect(report.sizeBands[0].labels).toBeGreaterThan(report.labels / 2); // lights are mostly small (< 32² px)
  });

  it('equals the Python evaluator on the same detections (to 0.002) and a pipeline outside the browser (to 0.02)', async () => {
    const json = evalReportToJson(report);
    const same = await commands.pythonScore(json, 'test/data', 4);
    if ('skip' in same) {
      console.warn(`[skip] Python cross-check: ${same.skip}`);
      return;
    }
    expect(same.n_gt).toBe(report.labels);
    expect(Math.abs(same.map50 - report.map50)).toBeLessThan(0.002);
    expect(Math.abs(same.map5095 - report.map50to95)).toBeLessThan(0.002);
    const ref = await commands.referenceScore(MODEL, DIR, { score: 0.001, iou: 0.45, maxDet: 300 }, 4);
    if ('skip' in ref) return;
    console.log(`eval-wrgb: browser mAP@0.5 ${report.map50.toFixed(4)} / python same detections ${same.map50.toFixed(4)} / Node pipeline ${ref.map50.toFixed(4)}`);
    expect(Math.abs(ref.map50 - report.map50)).toBeLessThan(0.02);
    expect(Math.abs(ref.map5095 - report.map50to95)).toBeLessThan(0.02);
  });
});

describe('evaluate() edge cases', () => {
  it('stops with AbortError when cancelled, after the image in flight', async () => {
    const dataset = await datasetFromFiles(files);
    const controller = new AbortController();
    let done = 0;
    const run = evaluate(detector, dataset, {
      signal: controller.signal,
      onProgress: (p) => {
        done = p.done;
        if (p.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(done).toBe(2);
  });

  it('lists an image that does not decode and scores the rest', async () => {
    const broken: DatasetFile = { path: 'eval-wrgb/images/broken.jpg', file: new Blob(['not a jpeg'], { type: 'image/jpeg' }) };
    const report = await evaluate(detector, await datasetFromFiles([...files, broken]));
    expect(report.images).toBe(6);
    expect(report.issues.find((i) => i.kind === 'unreadable-image')?.file).toBe('eval-wrgb/images/broken.jpg');
  });

  it('passes tiling through to the detector and records it', async () => {
    const two = await datasetFromFiles(files.filter((f) => /00000[01]\.(jpg|txt)$/.test(f.path)));
    const plain = await evaluate(detector, two);
    const tiled = await evaluate(detector, two, { tiling: { grid: [2, 2] } });
    expect(tiled.settings?.tiling).toEqual({ grid: [2, 2] });
    expect(plain.settings?.tiling).toBe('off');
    // five model runs per image, merged: other boxes (both may hit the 300-detection cap, so compare boxes, not counts)
    const boxes = (r: typeof plain) => r.perImage.map((i) => Array.from(i.detections.boxes));
    expect(boxes(tiled)).not.toEqual(boxes(plain));
  });

  it('scores COCO JSON labels like the same labels in YOLO files', async () => {
    const yolo = await datasetFromFiles(files);
    // the same labels written as COCO (pixels: the images are 416 x 416), categories with COCO-style gaps
    const coco = { images: [] as object[], annotations: [] as object[], categories: ['w', 'r', 'g', 'b'].map((name, i) => ({ id: 1 + 2 * i, name })) };
    yolo.images.forEach((image, id) => {
      coco.images.push({ id, file_name: image.name.split('/').pop() });
      image.labels?.classes.forEach((c, k) => {
        if (c > 3) return;
        const [x1, y1, x2, y2] = image.labels!.boxes.slice(4 * k, 4 * k + 4).map((v) => v * 416);
        coco.annotations.push({ image_id: id, category_id: 1 + 2 * c, bbox: [x1, y1, x2 - x1, y2 - y1] });
      });
    });
    const images = files.filter((f) => f.path.endsWith('.jpg'));
    const dataset = await datasetFromFiles([...images, { path: 'eval-wrgb/instances_val.json', file: new Blob([JSON.stringify(coco)]) }]);
    expect(dataset.format).toBe('coco');
    const fromCoco = await evaluate(detector, dataset);
    const fromYolo = await evaluate(detector, yolo);
    expect(fromCoco.labels).toBe(fromYolo.labels);
    expect(fromCoco.map50).toBeCloseTo(fromYolo.map50, 4);
    expect(fromCoco.map50to95).toBeCloseTo(fromYolo.map50to95, 4);
    expect(fromCoco.classNames).toEqual(['w', 'r', 'g', 'b']);
  });

  it('refuses a folder without images with an InputError', async () => {
    const labelsOnly = files.filter((f) => f.path.endsWith('.txt'));
    await expect(evaluate(detector, await datasetFromFiles(labelsOnly))).rejects.toMatchObject({ name: 'InputError' });
  });
});
