/// <reference types="node" />
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findImageFor,
  findLabelFiles,
  groupByLevel,
  iouDistance,
  iouWH,
  kmeansAnchors,
  meanBestIoU,
  mulberry32,
  parseYoloLabelSizes,
  readImageSize,
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

  it('scales boxes as the letterbox does when the image size is known', () => {
    // 1280x720 -> 416x234: a box of 0.1 x 0.1 is 41.6 x 23.4 input px
    const [[w, h]] = parseYoloLabelSizes('0 0.5 0.5 0.1 0.1\n', 416, { width: 1280, height: 720 });
    expect(w).toBeCloseTo(41.6, 9);
    expect(h).toBeCloseTo(23.4, 9);
  });

  it('reads PNG and JPEG sizes from their headers', () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    png.set([0, 0, 0x05, 0x00, 0, 0, 0x02, 0xd0], 16); // 1280 x 720
    expect(readImageSize(png)).toEqual({ width: 1280, height: 720 });
    // SOI, APP0 (length 16), SOF0: length 17, precision 8, height 960, width 1280
    const jpg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array<number>(14).fill(0),
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x03, 0xc0, 0x05, 0x00, 0x03, ...new Array<number>(9).fill(0),
    ]);
    expect(readImageSize(jpg)).toEqual({ width: 1280, height: 960 });
    expect(readImageSize(new Uint8Array([1, 2, 3, 4]))).toBeNull();
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
      // images next to the label, or in the sibling images/ folder of labels/
      writeFileSync(join(dir, 'x.png'), '');
      expect(findImageFor(join(dir, 'x.txt'))).toBe(join(dir, 'x.png'));
      mkdirSync(join(dir, 'set', 'labels'), { recursive: true });
      mkdirSync(join(dir, 'set', 'images'), { recursive: true });
      writeFileSync(join(dir, 'set', 'images', 'z.jpg'), '');
      expect(findImageFor(join(dir, 'set', 'labels', 'z.txt'))).toBe(join(dir, 'set', 'images', 'z.jpg'));
      expect(findImageFor(join(dir, 'a', 'b', 'y.txt'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
