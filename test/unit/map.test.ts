/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  averagePrecision101,
  boxIoU,
  evaluateMap,
  type ImageGroundTruth,
  type ImagePredictions,
} from '../../src/eval/map.js';

const NAMES = ['w', 'r', 'g', 'b'];
/** 101-point AP when precision is 1 up to recall 0.5 and p beyond (up to recall 1). */
const halfAndHalf = (p: number): number => (51 * 1 + 50 * p) / 101;

describe('boxIoU', () => {
  it('computes IoU by hand', () => {
    expect(boxIoU([0, 0, 10, 10], [0, 0, 10, 5])).toBe(0.5);
    expect(boxIoU([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
    expect(boxIoU([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
  });
});

describe('averagePrecision101', () => {
  it('interpolates at 101 recall points', () => {
    // 2 GT; ranked TP, FP, TP: precision envelope 1 until recall 0.5, then 2/3
    expect(averagePrecision101([0.9, 0.8, 0.7], [true, false, true], 2)).toBeCloseTo(halfAndHalf(2 / 3), 12);
    // order of the input does not matter, scores do
    expect(averagePrecision101([0.7, 0.9, 0.8], [true, true, false], 2)).toBeCloseTo(halfAndHalf(2 / 3), 12);
    expect(averagePrecision101([], [], 3)).toBe(0);
    expect(averagePrecision101([0.5], [true], 0)).toBe(-1);
  });
});

describe('evaluateMap', () => {
  const gt: ImageGroundTruth[] = [
    { boxes: [[10, 10, 20, 20], [40, 40, 60, 60]], classes: [0, 1] },
    { boxes: [[100, 100, 130, 130]], classes: [2] },
  ];

  it('gives 1.0 for perfect predictions', () => {
    const preds: ImagePredictions[] = [
      { boxes: [[10, 10, 20, 20], [40, 40, 60, 60]], scores: [0.9, 0.8], classes: [0, 1] },
      { boxes: [[100, 100, 130, 130]], scores: [0.7], classes: [2] },
    ];
    const r = evaluateMap(preds, gt, { classNames: NAMES });
    expect(r.map50).toBe(1);
    expect(r.map5095).toBe(1);
    expect(r.numGt).toBe(3);
    expect(r.perClass.w).toEqual({ ap50: 1, ap5095: 1, numGt: 1 });
    expect(r.perClass.b).toEqual({ ap50: -1, ap5095: -1, numGt: 0 }); // no ground truth: left out of the mean
  });

  it('scores an FP ranked above a TP by hand', () => {
    // one class, two GT: ranked TP (0.9), FP (0.8, nowhere), TP (0.7)
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 10, 10], [20, 20, 30, 30]], classes: [0, 0] }];
    const p: ImagePredictions[] = [
      { boxes: [[0, 0, 10, 10], [50, 50, 60, 60], [20, 20, 30, 30]], scores: [0.9, 0.8, 0.7], classes: [0, 0, 0] },
    ];
    const r = evaluateMap(p, g);
    expect(r.map50).toBeCloseTo(halfAndHalf(2 / 3), 12);
    // FP first: precision 1/2 at recall 1/2 and 2/3 at recall 1 -> envelope 2/3 everywhere
    const p2: ImagePredictions[] = [
      { boxes: [[50, 50, 60, 60], [0, 0, 10, 10], [20, 20, 30, 30]], scores: [0.95, 0.9, 0.7], classes: [0, 0, 0] },
    ];
    expect(evaluateMap(p2, g).map50).toBeCloseTo(2 / 3, 12);
    // a single GT with an FP above the TP: precision 1/2 at recall 1 -> AP 0.5
    const r3 = evaluateMap(
      [{ boxes: [[50, 50, 60, 60], [0, 0, 10, 10]], scores: [0.9, 0.8], classes: [0, 0] }],
      [{ boxes: [[0, 0, 10, 10]], classes: [0] }],
    );
    expect(r3.map50).toBeCloseTo(0.5, 12);
  });

  it('counts a duplicate detection as a false positive', () => {
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 10, 10], [20, 20, 30, 30]], classes: [0, 0] }];
    // TP on the first box, a duplicate of it (IoU 0.81, so it would match an unmatched box), TP on the second
    const p: ImagePredictions[] = [
      { boxes: [[0, 0, 10, 10], [0, 0, 10, 9], [20, 20, 30, 30]], scores: [0.9, 0.8, 0.7], classes: [0, 0, 0] },
    ];
    expect(evaluateMap(p, g).map50).toBeCloseTo(halfAndHalf(2 / 3), 12);
  });

  it('uses IoU >= threshold at the edges', () => {
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 10, 10]], classes: [0] }];
    const at = (y2: number): number[] => [
      evaluateMap([{ boxes: [[0, 0, 10, y2]], scores: [0.9], classes: [0] }], g).map50,
      evaluateMap([{ boxes: [[0, 0, 10, y2]], scores: [0.9], classes: [0] }], g).map5095,
    ];
    expect(at(5)).toEqual([1, 0.1]); // IoU exactly 0.5: TP at 0.5 only
    expect(at(4.99)).toEqual([0, 0]); // just below 0.5
    const [m50, m5095] = at(7.5); // IoU exactly 0.75: TP at 0.5 ... 0.75 (6 of 10 thresholds)
    expect(m50).toBe(1);
    expect(m5095).toBeCloseTo(0.6, 12);
  });

  it('matches classes separately', () => {
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 10, 10]], classes: [1] }];
    const r = evaluateMap([{ boxes: [[0, 0, 10, 10]], scores: [0.9], classes: [2] }], g, { classNames: NAMES });
    expect(r.perClass.r.ap50).toBe(0);
    expect(r.perClass.g.ap50).toBe(-1); // no ground truth of class g: its FP does not count
    expect(r.map50).toBe(0);
  });

  it('evaluates size bands with ignore regions', () => {
    // a 4 px and a 30 px light; the model finds only the big one, plus a 30 px FP
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 4, 4], [100, 100, 130, 130]], classes: [0, 0] }];
    const p: ImagePredictions[] = [
      { boxes: [[100, 100, 130, 130], [200, 200, 230, 230]], scores: [0.9, 0.1], classes: [0, 0] },
    ];
    const r = evaluateMap(p, g);
    // all sizes: TP, FP, one miss -> precision 1 up to recall 0.5, nothing beyond
    expect(r.map50).toBeCloseTo(51 / 101, 12);
    // <6: the only GT is missed; the big detections are ignored (matched to an ignored GT, or too big)
    expect(r.perSizeBand['<6']).toEqual({ map50: 0, map5095: 0, numGt: 1 });
    // >=24: the small GT is ignored; TP then FP -> AP 1
    expect(r.perSizeBand['>=24'].map50).toBe(1);
    expect(r.perSizeBand['6-12']).toEqual({ map50: -1, map5095: -1, numGt: 0 });
    expect(r.perSizeBand['>=6'].numGt).toBe(1);
  });

  it('measures sizes in another pixel space with sizeScale', () => {
    // source px boxes of 20 px in a 1280 px photo are 6.5 px at 416
    const g: ImageGroundTruth[] = [{ boxes: [[0, 0, 20, 20]], classes: [0] }];
    const p: ImagePredictions[] = [{ boxes: [[0, 0, 20, 20]], scores: [0.5], classes: [0] }];
    const r = evaluateMap(p, g, { sizeScale: [416 / 1280] });
    expect(r.perSizeBand['6-12'].numGt).toBe(1);
    expect(r.perSizeBand['>=24'].numGt).toBe(0);
    const r2 = evaluateMap(p, g, { boxSize: () => 3 });
    expect(r2.perSizeBand['<6'].map50).toBe(1);
  });

  it('accepts flat typed arrays', () => {
    const nested = evaluateMap(
      [{ boxes: [[0, 0, 10, 10], [20, 20, 30, 30]], scores: [0.3, 0.6], classes: [0, 0] }],
      [{ boxes: [[0, 0, 10, 10]], classes: [0] }],
    );
    const flat = evaluateMap(
      [{ boxes: new Float32Array([0, 0, 10, 10, 20, 20, 30, 30]), scores: new Float32Array([0.3, 0.6]), classes: new Uint16Array([0, 0]) }],
      [{ boxes: new Float32Array([0, 0, 10, 10]), classes: new Uint16Array([0]) }],
    );
    expect(flat).toEqual(nested);
    expect(() => evaluateMap([], [{ boxes: [], classes: [] }])).toThrow(RangeError);
  });
});

interface PyMetrics {
  map50: number;
  map5095: number;
  n_gt: number;
  per_class: Record<string, { ap50: number; ap5095: number; n_gt: number }>;
  per_size_band: Record<string, { map50: number; map5095: number; n_gt: number }>;
}

describe('agreement with tools/train/metrics.py', () => {
  it('reproduces the Python metrics on real model predictions', () => {
    const url = new URL('../../tools/eval/fixtures/crosscheck.json', import.meta.url);
    const fixture = JSON.parse(readFileSync(url, 'utf8')) as {
      predictions: ImagePredictions[];
      groundTruth: ImageGroundTruth[];
      expected: PyMetrics;
    };
    const r = evaluateMap(fixture.predictions, fixture.groundTruth, { classNames: NAMES });
    const e = fixture.expected;
    expect(r.numGt).toBe(e.n_gt);
    expect(r.map50).toBeCloseTo(e.map50, 10);
    expect(r.map5095).toBeCloseTo(e.map5095, 10);
    for (const name of NAMES) {
      expect(r.perClass[name].ap50).toBeCloseTo(e.per_class[name].ap50, 10);
      expect(r.perClass[name].ap5095).toBeCloseTo(e.per_class[name].ap5095, 10);
      expect(r.perClass[name].numGt).toBe(e.per_class[name].n_gt);
    }
    for (const [band, v] of Object.entries(e.per_size_band)) {
      expect(r.perSizeBand[band].map50).toBeCloseTo(v.map50, 10);
      expect(r.perSizeBand[band].map5095).toBeCloseTo(v.map5095, 10);
      expect(r.perSizeBand[band].numGt).toBe(v.n_gt);
    }
    expect(e.map50).toBeGreaterThan(0); // a meaningful case, not all zeros
  });
});
