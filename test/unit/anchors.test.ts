/// <reference types="node" />
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  parseYoloLabels,
  parseYoloLabelSizes,
  readImageSize,
  roundAnchors,
  type WH,
} from '../../tools/anchors';
import { ANCHORS_HELP, AnchorsCliError, parseAnchorsArgs, runAnchorsCli, yolov5AnchorsYaml } from '../../tools/anchors-cli';

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

describe('label lines', () => {
  it('reads a segmentation polygon as its bounding box', () => {
    // a triangle (0.1, 0.2) (0.4, 0.25) (0.2, 0.6): bounding box 0.3 x 0.4 of a 100 px input
    const parsed = parseYoloLabels('3 0.1 0.2 0.4 0.25 0.2 0.6\n', 100);
    expect(parsed.polygons).toBe(1);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.sizes).toHaveLength(1);
    expect(parsed.sizes[0][0]).toBeCloseTo(30, 9);
    expect(parsed.sizes[0][1]).toBeCloseTo(40, 9);
  });

  it('reports each skipped line with its number and reason, and ignores blanks and comments', () => {
    const text = ['# header', '0 0.5 0.5 0.1 0.1', '', 'car 0.5 0.5 0.1 0.1', '0 0.5 0.5 0.1 0.1 0.9', '1 320 240 50 80', '2 0.5 0.5 0 0.2', '4 0.1 0.1 0.1 0.1 0.1 0.1'].join('\n');
    const parsed = parseYoloLabels(text, 416);
    expect(parsed.sizes).toHaveLength(1);
    expect(parsed.skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, 'malformed'], // a class name, not a number
      [5, 'malformed'], // 6 numbers: neither a box nor a polygon
      [6, 'not-normalised'], // pixel coordinates
      [7, 'empty-box'],
      [8, 'empty-box'], // a polygon of three identical points
    ]);
    expect(parsed.skipped[2].text).toBe('1 320 240 50 80');
  });
});

describe('YOLOv5 anchors block', () => {
  it('writes one line per level as w,h pairs, named by stride when the strides are known', () => {
    const levels = groupByLevel(roundAnchors([[3.14, 3.1], [4.4, 4.3], [5.7, 5.7], [10, 13], [16, 30], [33, 23]]), 3);
    expect(yolov5AnchorsYaml(levels, [8, 16])).toBe('anchors:\n  - [3.1,3.1, 4.4,4.3, 5.7,5.7]  # P3/8\n  - [10,13, 16,30, 33,23]  # P4/16');
    expect(yolov5AnchorsYaml(levels)).toContain('  - [10,13, 16,30, 33,23]  # level 1');
  });
});

describe('anchors command line', () => {
  const errorOf = (argv: string[]): string => {
    try {
      parseAnchorsArgs(argv);
    } catch (e) {
      expect(e).toBeInstanceOf(AnchorsCliError);
      return (e as Error).message;
    }
    throw new Error(`no error for ${argv.join(' ')}`);
  };

  it('rejects bad numbers, a missing folder and unknown options with a message that names them', () => {
    expect(errorOf(['.', '--n', 'nine'])).toBe('--n must be a whole number >= 1, got "nine"');
    expect(errorOf(['.', '--n', '0'])).toMatch(/--n must be a whole number >= 1/);
    expect(errorOf(['.', '--size=-416'])).toBe('--size must be a positive number of pixels, got "-416"');
    expect(errorOf(['.', '--size', 'big'])).toMatch(/--size must be a positive number/);
    expect(errorOf(['.', '--size', '-416'])).toBe("Option '--size' argument is ambiguous (see --help)");
    expect(errorOf(['.', '--seed', '1.5'])).toMatch(/--seed must be a whole number >= 0, got "1.5"/);
    expect(errorOf(['.', '--n', '8'])).toMatch(/--n 8 is not a multiple of --per-level 3/);
    expect(errorOf(['.', '--strides', '8,16'])).toMatch(/2 strides but there are 3 levels/);
    expect(errorOf(['no/such/folder'])).toBe('no such folder: no/such/folder');
    expect(errorOf(['package.json'])).toMatch(/^not a folder: package.json/);
    expect(errorOf(['.', '--bogus'])).toMatch(/Unknown option '--bogus'.*see --help/);
    expect(errorOf([])).toMatch(/give the folder/);
    expect(parseAnchorsArgs(['--help'])).toBeNull();
  });

  it('the help explains every option and the output', () => {
    for (const option of ['--n', '--size', '--per-level', '--strides', '--seed', '--iters', '--restarts', '--square', '--json', '--yaml', '--help']) {
      expect(ANCHORS_HELP).toContain(option);
    }
    expect(ANCHORS_HELP).toMatch(/mean IoU/);
    expect(ANCHORS_HELP).toMatch(/anchors:/);
    expect(ANCHORS_HELP).toMatch(/polygon/);
  });

  function run(argv: string[]): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runAnchorsCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('reports skipped lines and polygons, prints the YAML block and writes it and the JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-cli-'));
    try {
      // two clusters of square boxes (0.1 and 0.5 of the image) plus a polygon and two bad lines
      writeFileSync(join(dir, 'a.txt'), '0 0.5 0.5 0.1 0.1\n0 0.5 0.5 0.11 0.11\nbad line\n');
      writeFileSync(join(dir, 'b.txt'), '1 0.5 0.5 0.5 0.5\n1 0.5 0.5 0.52 0.52\n1 0.2 0.2 0.7 0.2 0.7 0.7 0.2 0.7\n1 100 100 20 20\n');
      const yaml = join(dir, 'out.yaml');
      const json = join(dir, 'out.json');
      const r = run([dir, '--n', '2', '--per-level', '1', '--size', '100', '--strides', '8,16', '--yaml', yaml, '--json', json]);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      const text = r.out.join('\n');
      expect(text).toContain('1 segmentation polygons read as their bounding boxes');
      expect(text).toContain('skipped 2 label lines:');
      expect(text).toMatch(/1 not a box .*; first: .*a\.txt:3: bad line/);
      expect(text).toMatch(/1 a coordinate outside \[0, 1\].*; first: .*b\.txt:4: 1 100 100 20 20/);
      // the anchors are the two cluster means in 100 px input space: 10.5 and (50 + 52 + 50) / 3 = 50.7
      const written = JSON.parse(readFileSync(json, 'utf8'));
      expect(written.anchors).toEqual([[10.5, 10.5], [50.7, 50.7]]);
      expect(written.polygons).toBe(1);
      expect(written.skippedLines).toBe(2);
      const block = 'anchors:\n  - [10.5,10.5]  # P3/8\n  - [50.7,50.7]  # P4/16';
      expect(readFileSync(yaml, 'utf8')).toBe(block + '\n');
      expect(text).toContain(block);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('too few boxes is one line on stderr and exit status 1, not a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-cli-'));
    try {
      writeFileSync(join(dir, 'a.txt'), '0 0.5 0.5 0.1 0.1\n0 0.5 0.5 0.2 0.2\n');
      const r = run([dir]);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([`anchors: 2 usable boxes (2 distinct sizes) in 1 label files: too few for --n 9 anchors; use a smaller --n or more labels`]);
      const file = run([join(dir, 'a.txt')]);
      expect(file.code).toBe(2);
      expect(file.err).toHaveLength(1);
      mkdirSync(join(dir, 'none'));
      expect(run([join(dir, 'none')]).err).toEqual([`anchors: no label files (*.txt) under ${join(dir, 'none')}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('as a real process: errors are one line with exit status 2, --help exits 0', () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    const bad = spawnSync(tsx, ['tools/anchors.ts', 'no/such/folder'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('anchors: no such folder: no/such/folder');
    expect(bad.stdout).toBe('');
    const help = spawnSync(tsx, ['tools/anchors.ts', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout.trim()).toBe(ANCHORS_HELP);
  }, 60_000);
});
