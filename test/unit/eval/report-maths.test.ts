/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocateDetections, type Detections } from '../../../src/postprocess/index.js';
import {
  addToConfusion,
  averagePrecision101,
  bestF1,
  buildEvalReport,
  emptyConfusion,
  evalReportToJson,
  evaluateMap,
  matchAtIoU,
  type ImageGroundTruth,
  type ImagePredictions,
  type ScoredImageInput,
} from '../../../src/eval/index.js';

function dets(rows: [number, number, number, number, number, number][]): Detections {
  const d = allocateDetections(rows.length);
  rows.forEach(([x1, y1, x2, y2, score, cls], i) => {
    d.boxes.set([x1, y1, x2, y2], 4 * i);
    d.scores[i] = score;
    d.classes[i] = cls;
  });
  return d;
}
const gt = (rows: [number, number, number, number, number][]) => ({
  boxes: new Float32Array(rows.flatMap((r) => r.slice(0, 4))),
  classes: new Uint16Array(rows.map((r) => r[4])),
});

describe('matchAtIoU', () => {
  it('lets the best-scoring detection take a box; a duplicate is a false positive', () => {
    const m = matchAtIoU(dets([[0, 0, 10, 9, 0.5, 0], [0, 0, 10, 10, 0.9, 0], [50, 50, 60, 60, 0.8, 1]]), gt([[0, 0, 10, 10, 0], [50, 50, 60, 60, 0]]), 0.5);
    expect(Array.from(m.truePositive)).toEqual([0, 1, 0]); // wrong class for the third
    expect(Array.from(m.matchedScore)).toEqual([Math.fround(0.9), -1]);
  });

  it('gives the per-class AP@0.5 that evaluateMap gives on real model predictions', () => {
    const fixture = JSON.parse(readFileSync(new URL('../../../tools/eval/fixtures/crosscheck.json', import.meta.url), 'utf8')) as {
      predictions: { boxes: number[][]; scores: number[]; classes: number[] }[];
      groundTruth: { boxes: number[][]; classes: number[] }[];
    };
    const flat = (p: { boxes: number[][] }) => p.boxes.flat();
    const perClass = [0, 1, 2, 3].map(() => ({ scores: [] as number[], tp: [] as boolean[], n: 0 }));
    fixture.predictions.forEach((p, i) => {
      const g = fixture.groundTruth[i];
      const m = matchAtIoU({ ...p, boxes: flat(p) }, { ...g, boxes: flat(g) }, 0.5);
      p.scores.forEach((s, k) => {
        perClass[p.classes[k]].scores.push(s);
        perClass[p.classes[k]].tp.push(m.truePositive[k] === 1);
      });
      for (const c of g.classes) perClass[c].n++;
    });
    const r = evaluateMap(fixture.predictions, fixture.groundTruth, { classNames: ['w', 'r', 'g', 'b'] });
    ['w', 'r', 'g', 'b'].forEach((name, c) => {
      expect(averagePrecision101(perClass[c].scores, perClass[c].tp, perClass[c].n)).toBeCloseTo(r.perClass[name].ap50, 12);
    });
  });
});

describe('addToConfusion (Ultralytics ConfusionMatrix rules)', () => {
  it('counts hits, class mix-ups, misses and false alarms by hand', () => {
    const m = emptyConfusion(2);
    addToConfusion(
      m,
      dets([
        [0, 0, 10, 10, 0.9, 0], // hits label 0 (class 0)
        [20, 0, 30, 10, 0.8, 1], // on label 1 (class 0): predicted 1, true 0
        [100, 100, 110, 110, 0.7, 1], // nothing there: background column
        [0, 0, 10, 10, 0.2, 1], // below 0.25: ignored
        [0, 0, 10, 9.5, 0.6, 0], // second on label 0: label already taken -> false alarm
      ]),
      gt([[0, 0, 10, 10, 0], [20, 0, 30, 10, 0], [200, 200, 210, 210, 1]]), // the class-1 label is missed
    );
    expect(m).toEqual([
      [1, 0, 1],
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('pairs at IoU > 0.45 strictly and skips detections of unknown classes', () => {
    const m = emptyConfusion(1);
    // IoU exactly 0.45: 10x10 label, detection 10x4.5 inside it
    addToConfusion(m, dets([[0, 0, 10, 4.5, 0.9, 0], [0, 0, 10, 10, 0.9, 5]]), gt([[0, 0, 10, 10, 0]]));
    expect(m).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('bestF1', () => {
  /** Brute force: at each threshold, filter, re-match from scratch, mean F1 over classes with labels. */
  function bruteForce(images: { d: Detections; g: ReturnType<typeof gt> }[], nc: number) {
    let best = { t: 0, f1: -1 };
    for (let k = 0; k < 1000; k++) {
      const t = k / 1000;
      const tp = new Array(nc).fill(0);
      const kept = new Array(nc).fill(0);
      const n = new Array(nc).fill(0);
      for (const { d, g } of images) {
        const filtered = dets(
          Array.from({ length: d.count }, (_, i) => i)
            .filter((i) => d.scores[i] > t)
            .map((i) => [...d.boxes.slice(4 * i, 4 * i + 4), d.scores[i], d.classes[i]] as [number, number, number, number, number, number]),
        );
        const m = matchAtIoU(filtered, g, 0.5);
        for (let i = 0; i < filtered.count; i++) {
          kept[filtered.classes[i]]++;
          tp[filtered.classes[i]] += m.truePositive[i];
        }
        for (const c of g.classes) n[c]++;
      }
      let sum = 0;
      let counted = 0;
      for (let c = 0; c < nc; c++) {
        if (n[c] === 0) continue;
        counted++;
        const p = kept[c] ? tp[c] / kept[c] : 1;
        const r = tp[c] / n[c];
        if (p + r > 0) sum += (2 * p * r) / (p + r);
      }
      if (sum / counted > best.f1 + 1e-12) best = { t, f1: sum / counted };
    }
    return best;
  }

  it('finds the threshold a brute-force search finds, on random scenes', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const images = Array.from({ length: 12 }, () => {
      const labels: [number, number, number, number, number][] = [];
      const found: [number, number, number, number, number, number][] = [];
      for (let k = 0; k < 6; k++) {
        const x = rand() * 200;
        const y = rand() * 200;
        const c = Math.floor(rand() * 3);
        labels.push([x, y, x + 20, y + 20, c]);
        if (rand() < 0.8) found.push([x + rand() * 6, y + rand() * 6, x + 20, y + 20, rand(), rand() < 0.9 ? c : (c + 1) % 3]);
      }
      for (let k = 0; k < 4; k++) {
        const x = 300 + rand() * 100;
        found.push([x, x, x + 15, x + 15, rand() * 0.7, Math.floor(rand() * 3)]);
      }
      return { d: dets(found), g: gt(labels) };
    });
    const rankings = [0, 1, 2].map((c) => {
      const r = { scores: [] as number[], truePositive: [] as boolean[], labels: 0 };
      for (const { d, g } of images) {
        const m = matchAtIoU(d, g, 0.5);
        for (let i = 0; i < d.count; i++) {
          if (d.classes[i] !== c) continue;
          r.scores.push(d.scores[i]);
          r.truePositive.push(m.truePositive[i] === 1);
        }
        r.labels += g.classes.filter((x) => x === c).length;
      }
      return r;
    });
    const fast = bestF1(rankings);
    const slow = bruteForce(images, 3);
    expect(fast.threshold).toBe(slow.t);
    expect(fast.f1).toBeCloseTo(slow.f1, 12);
    expect(fast.f1).toBeGreaterThan(0.3);
  });

  it('reads precision and recall by hand', () => {
    // class 0: 2 labels; detections 0.9 TP, 0.8 FP, 0.3 TP. Thresholds < 0.3 keep all (P 2/3, R 1, F1 0.8);
    // 0.3 .. 0.8 keep 0.9 and 0.8 (P 1/2, R 1/2); 0.8 .. 0.9 keep one TP (P 1, R 1/2, F1 2/3).
    const r = bestF1([{ scores: [0.9, 0.8, 0.3], truePositive: [true, false, true], labels: 2 }]);
    expect(r.threshold).toBe(0);
    expect(r.f1).toBeCloseTo(0.8, 12);
    expect(r.precision[0]).toBeCloseTo(2 / 3, 12);
    expect(r.recall[0]).toBe(1);
    expect(r.curve[850]).toBeCloseTo(2 / 3, 12);
    expect(r.curve[950]).toBe(0);
  });
});

describe('buildEvalReport', () => {
  it('agrees with tools/train/metrics.py on real model predictions', () => {
    const fixture = JSON.parse(readFileSync(new URL('../../../tools/eval/fixtures/crosscheck.json', import.meta.url), 'utf8')) as {
      predictions: ImagePredictions[];
      groundTruth: ImageGroundTruth[];
      expected: { map50: number; map5095: number; per_class: Record<string, { ap50: number; ap5095: number; n_gt: number }> };
    };
    const images: ScoredImageInput[] = fixture.predictions.map((p, i) => ({
      name: `${i}.jpg`,
      width: 416,
      height: 416,
      detections: dets((p.boxes as number[][]).map((b, k) => [b[0], b[1], b[2], b[3], Number(p.scores[k]), Number(p.classes[k])])),
      groundTruth: gt((fixture.groundTruth[i].boxes as number[][]).map((b, k) => [b[0], b[1], b[2], b[3], Number(fixture.groundTruth[i].classes[k])])),
    }));
    const r = buildEvalReport(images, ['w', 'r', 'g', 'b']);
    // float32 boxes and scores here vs float64 in Python: agreement to well under the 0.002 asked
    expect(Math.abs(r.map50 - fixture.expected.map50)).toBeLessThan(1e-4);
    expect(Math.abs(r.map50to95 - fixture.expected.map5095)).toBeLessThan(1e-4);
    for (const c of r.perClass) {
      expect(c.labels).toBe(fixture.expected.per_class[c.name].n_gt);
      expect(Math.abs(c.ap50 - fixture.expected.per_class[c.name].ap50)).toBeLessThan(1e-3);
    }
    // the PR curve is what AP@0.5 averages
    r.perClass.forEach((c, k) => expect(r.prCurves.precision[k].reduce((a, b) => a + b, 0) / 101).toBeCloseTo(c.ap50, 12));
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(r.labels);
    // every label is in exactly one column cell of its class
    r.perClass.forEach((c, k) => expect(r.confusion.reduce((sum, row) => sum + row[k], 0)).toBe(c.labels));
  });

  it('reports per image what was scored at the best threshold, size bands and background images', () => {
    const images: ScoredImageInput[] = [
      { name: 'a.jpg', width: 400, height: 400, detections: dets([[0, 0, 10, 10, 0.9, 0], [0, 0, 200, 200, 0.8, 1]]), groundTruth: gt([[0, 0, 10, 10, 0], [0, 0, 200, 200, 1], [300, 300, 340, 340, 1]]) },
      { name: 'b.jpg', width: 400, height: 400, detections: dets([[5, 5, 50, 50, 0.6, 0]]), groundTruth: gt([]), background: true },
    ];
    const r = buildEvalReport(images, ['x', 'y']);
    expect(r.images).toBe(2);
    expect(r.labels).toBe(3);
    expect(r.backgroundImages).toBe(1);
    // the first step that drops the false alarm (0.6 as float32 is 0.60000002, kept at 0.600), keeping both hits
    expect(r.bestF1.threshold).toBe(0.601);
    expect(r.perImage.map((i) => [i.truePositives, i.falsePositives, i.misses])).toEqual([[2, 0, 1], [0, 0, 0]]);
    expect(r.perClass.map((c) => [c.labels, c.precision, c.recall])).toEqual([[1, 1, 1], [2, 1, 0.5]]);
    expect(r.sizeBands.map((b) => [b.name, b.labels])).toEqual([['small', 1], ['medium', 1], ['large', 1]]);
    expect(r.sizeBands[0].map50).toBe(1);
    expect(r.sizeBands[1].map50).toBe(0);
    expect(r.sizeBands[2].map50).toBe(1);
  });
});

describe('evalReportToJson', () => {
  it('writes typed arrays as plain arrays, rounded, with a format tag', () => {
    const images: ScoredImageInput[] = [
      { name: 'a.jpg', width: 100, height: 50, detections: dets([[1.234567, 2, 30, 40, 0.8765432, 1]]), groundTruth: gt([[1, 2, 30, 40, 1]]) },
    ];
    const report = buildEvalReport(images, ['x', 'y']);
    const json = JSON.parse(evalReportToJson(report));
    expect(json.format).toBe('yolo-detector/eval-report@1');
    expect(json.perImage[0].detections).toEqual({ count: 1, boxes: [1.23, 2, 30, 40], scores: [0.87654], classes: [1] });
    expect(json.perImage[0].groundTruth).toEqual({ boxes: [1, 2, 30, 40], classes: [1] });
    expect(json.map50).toBe(report.map50);
    expect(json.confusion).toEqual(report.confusion);
    expect(json.method.ap).toMatch(/101-point/);
  });
});
