/// <reference types="node" />
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findLabelFiles,
  groupByLevel,
  iouDistance,
  iouWH,
  kmeansAnchors,
  meanBestIoU,
  mulberry32,
  parseYoloLabelSizes,
  roundAnchors,
  type WH,
} from '../../tools/anchors';

describe('iouWH / iouDistance', () => {
  it('computes the corner-aligned IoU by hand', () => {
    // 2x4 and 4x2: intersection 2x2 = 4, union 8 + 8 - 4 = 12
    expect(iouWH([2, 4], [4, 2])).toBeCloseTo(1 / 3, 12);
    expect(iouDistance([2, 4], [4, 2])).toBeCloseTo(2 / 3, 12);
    // 10x10 contains 5x5: 25 / 100
    expect(iouWH([10, 10], [5, 5])).toBeCloseTo(0.25, 12);
    // 3x6 vs 6x3 is symmetric; identical boxes have IoU 1
    expect(iouWH([3, 6], [6, 3])).toBeCloseTo(iouWH([6, 3], [3, 6]), 12);
    expect(iouWH([7, 9], [7, 9])).toBe(1);
    expect(iouDistance([7, 9], [7, 9])).toBe(0);
  });

  it('is scale invariant', () => {
    expect(iouWH([2, 3], [5, 1])).toBeCloseTo(iouWH([20, 30], [50, 10]), 12);
  });
});

describe('meanBestIoU', () => {
  it('averages the best IoU of each box', () => {
    // [4,4] vs anchors [4,4] -> 1; [8,8] vs [4,4] -> 16/64 = 0.25 (best among the two anchors [4,4] and [2,2])
    expect(meanBestIoU([[4, 4], [8, 8]], [[4, 4], [2, 2]])).toBeCloseTo((1 + 0.25) / 2, 12);
    expect(meanBestIoU([], [[1, 1]])).toBe(0);
  });
});

describe('kmeansAnchors', () => {
  it('recovers the centres of well separated clusters, sorted by area', () => {
    const centres: WH[] = [[64, 32], [4, 4], [16, 16]];
    const boxes: WH[] = [];
    for (const [w, h] of centres) {
      // symmetric jitter: the cluster mean is exactly the centre
      for (const d of [-0.05, 0.05]) {
        boxes.push([w * (1 + d), h], [w, h * (1 + d)], [w * (1 + d), h * (1 + d)], [w * (1 - d), h * (1 - d)]);
      }
    }
    const { anchors, meanIoU } = kmeansAnchors(boxes, 3, { seed: 1 });
    expect(anchors).toHaveLength(3);
    const expected = [[4, 4], [16, 16], [64, 32]];
    anchors.forEach((a, i) => {
      expect(a[0]).toBeCloseTo(expected[i][0], 9);
      expect(a[1]).toBeCloseTo(expected[i][1], 9);
    });
    expect(meanIoU).toBeGreaterThan(0.9);
  });

  it('matches a hand-computed two-cluster case', () => {
    // clusters {1x1, 2x2} and {10x10, 12x12}: means 1.5x1.5 and 11x11
    const boxes: WH[] = [[1, 1], [2, 2], [10, 10], [12, 12]];
    const { anchors, meanIoU } = kmeansAnchors(boxes, 2, { seed: 3 });
    expect(anchors).toEqual([[1.5, 1.5], [11, 11]]);
    // IoUs: 1/2.25, 2.25/4, 100/121, 121/144
    const hand = (1 / 2.25 + 2.25 / 4 + 100 / 121 + 121 / 144) / 4;
    expect(meanIoU).toBeCloseTo(hand, 12);
  });

  it('is deterministic for a seed', () => {
    const rand = mulberry32(42);
    const boxes: WH[] = Array.from({ length: 500 }, () => {
      const s = 3 + 40 * rand() ** 2;
      return [s * (0.7 + 0.6 * rand()), s * (0.7 + 0.6 * rand())] as const;
    });
    const a = kmeansAnchors(boxes, 9, { seed: 7 });
    const b = kmeansAnchors(boxes, 9, { seed: 7 });
    expect(a).toEqual(b);
    const areas = a.anchors.map(([w, h]) => w * h);
    expect(areas).toEqual([...areas].sort((x, y) => x - y));
    expect(a.meanIoU).toBeCloseTo(meanBestIoU(boxes, a.anchors), 12);
  });

  it('rejects impossible requests', () => {
    expect(() => kmeansAnchors([[1, 1], [1, 1]], 2)).toThrow(RangeError);
    expect(() => kmeansAnchors([[1, 1]], 0)).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('groups anchors per level and rounds them', () => {
    expect(groupByLevel([1, 2, 3, 4, 5, 6], 3)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(roundAnchors([[3.14159, 0.01]], 1)).toEqual([[3.1, 0.1]]);
  });

  it('parses YOLO label text, scaling by the input size', () => {
    const sizes = parseYoloLabelSizes('0 0.5 0.5 0.1 0.2\n\n# comment\n1 0.1 0.1 0.05 0.05\nbad line\n', 416);
    expect(sizes).toHaveLength(2);
    expect(sizes[0][0]).toBeCloseTo(41.6, 9);
    expect(sizes[0][1]).toBeCloseTo(83.2, 9);
    expect(sizes[1][0]).toBeCloseTo(20.8, 9);
  });

  it('finds label files recursively', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      writeFileSync(join(dir, 'x.txt'), '0 0.5 0.5 0.1 0.1\n');
      writeFileSync(join(dir, 'a', 'b', 'y.txt'), '0 0.5 0.5 0.2 0.2\n');
      writeFileSync(join(dir, 'a', 'img.jpg'), '');
      const files = findLabelFiles(dir);
      expect(files.map((f) => f.slice(dir.length + 1))).toEqual([join('a', 'b', 'y.txt'), 'x.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
