/// <reference types="node" />
/**
 * Anchor boxes for YOLO models by k-means over label box sizes with the IoU
 * distance `d(box, anchor) = 1 - IoU(box, anchor)`, both boxes aligned at a
 * corner (the classic `genanchors.py`): only widths and heights matter.
 *
 * CLI (`tools/anchors-cli.ts`; `--help` explains every option and the output):
 *
 * ```sh
 * npm run anchors -- path/to/labels --n 9 [--size 416] [--per-level 3] [--strides 8,16,32] [--seed 0]
 *   [--iters 300] [--restarts 4] [--square] [--json out.json] [--yaml out.yaml]
 * ```
 *
 * It reads every YOLO label file under the folder, recursively: boxes `class cx cy w h` and
 * segmentation polygons `class x1 y1 x2 y2 ...` (as their bounding boxes), normalised. It measures
 * the boxes in pixels of a `--size` square letterboxed input: when the label's image is found (same
 * name, .jpg/.jpeg/.png, in the sibling `images/` folder or next to the label), sizes are scaled by
 * `size / max(width, height)` of that image; otherwise (or with `--square`) the image is taken as
 * square. It prints a summary of skipped lines, the anchors sorted by area, grouped per output level
 * (smallest first: the level with the smallest stride), the mean IoU of every label box with its best
 * anchor, and a YOLOv5 `anchors:` YAML block.
 *
 * The module exports pure functions (no I/O on import) for tests and tools.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A box size: width and height, in pixels. */
export type WH = readonly [number, number];

/** Options of {@link kmeansAnchors}. */
export interface KMeansOptions {
  /** Seed of the pseudo-random initialisation; default 0. Same seed, same input: same anchors. */
  seed?: number;
  /** Most Lloyd iterations per restart; default 300 (stops earlier when assignments settle). */
  iters?: number;
  /** Independent k-means++ initialisations; the one with the best mean IoU wins. Default 4. */
  restarts?: number;
}

/** Result of {@link kmeansAnchors}. */
export interface KMeansResult {
  /** The anchors, sorted by area (w * h), ascending. */
  anchors: [number, number][];
  /** Mean over all boxes of the IoU with their best anchor. */
  meanIoU: number;
  /** Lloyd iterations run by the winning restart. */
  iterations: number;
}

/**
 * IoU of two boxes aligned at a corner (same top-left), given their sizes.
 *
 * `IoU = min(w1, w2) * min(h1, h2) / (w1 * h1 + w2 * h2 - min(w1, w2) * min(h1, h2))`
 */
export function iouWH(a: WH, b: WH): number {
  const inter = Math.min(a[0], b[0]) * Math.min(a[1], b[1]);
  const union = a[0] * a[1] + b[0] * b[1] - inter;
  return union > 0 ? inter / union : 0;
}

/** The k-means distance: `1 - iouWH(a, b)`. */
export function iouDistance(a: WH, b: WH): number {
  return 1 - iouWH(a, b);
}

/** Mean over `boxes` of the IoU with the best-matching anchor (0 for no boxes). */
export function meanBestIoU(boxes: readonly WH[], anchors: readonly WH[]): number {
  if (boxes.length === 0 || anchors.length === 0) return 0;
  let sum = 0;
  for (const box of boxes) {
    let best = 0;
    for (const anchor of anchors) best = Math.max(best, iouWH(box, anchor));
    sum += best;
  }
  return sum / boxes.length;
}

/** A small seeded PRNG (mulberry32): returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index of the anchor nearest (in IoU distance) to `box`. */
function nearest(box: WH, centres: readonly WH[]): number {
  let best = 0;
  let bestD = Infinity;
  for (let k = 0; k < centres.length; k++) {
    const d = iouDistance(box, centres[k]);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** k-means++ seeding with the IoU distance. */
function seedCentres(boxes: readonly WH[], n: number, rand: () => number): [number, number][] {
  const first = boxes[Math.floor(rand() * boxes.length)];
  const centres: [number, number][] = [[first[0], first[1]]];
  const dist = boxes.map((b) => iouDistance(b, first) ** 2);
  while (centres.length < n) {
    const total = dist.reduce((a, b) => a + b, 0);
    let pick = 0;
    if (total > 0) {
      let r = rand() * total;
      for (pick = 0; pick < boxes.length - 1; pick++) {
        r -= dist[pick];
        if (r < 0) break;
      }
    } else {
      pick = Math.floor(rand() * boxes.length);
    }
    const c: [number, number] = [boxes[pick][0], boxes[pick][1]];
    centres.push(c);
    for (let i = 0; i < boxes.length; i++) dist[i] = Math.min(dist[i], iouDistance(boxes[i], c) ** 2);
  }
  return centres;
}

/** One k-means run (Lloyd iterations, centroid = mean w and mean h of the cluster). */
function lloyd(boxes: readonly WH[], centres: [number, number][], iters: number): number {
  const assign = new Int32Array(boxes.length).fill(-1);
  let it = 0;
  for (; it < iters; it++) {
    let changed = false;
    for (let i = 0; i < boxes.length; i++) {
      const k = nearest(boxes[i], centres);
      if (k !== assign[i]) {
        assign[i] = k;
        changed = true;
      }
    }
    if (!changed && it > 0) break;
    const sw = new Float64Array(centres.length);
    const sh = new Float64Array(centres.length);
    const cnt = new Float64Array(centres.length);
    for (let i = 0; i < boxes.length; i++) {
      sw[assign[i]] += boxes[i][0];
      sh[assign[i]] += boxes[i][1];
      cnt[assign[i]] += 1;
    }
    for (let k = 0; k < centres.length; k++) {
      if (cnt[k] > 0) {
        centres[k] = [sw[k] / cnt[k], sh[k] / cnt[k]];
      } else {
        // empty cluster: move it to the box worst served by its centre
        let worst = 0;
        let worstD = -1;
        for (let i = 0; i < boxes.length; i++) {
          const d = iouDistance(boxes[i], centres[assign[i]]);
          if (d > worstD) {
            worstD = d;
            worst = i;
          }
        }
        centres[k] = [boxes[worst][0], boxes[worst][1]];
        assign[worst] = k;
      }
    }
  }
  return it;
}

/**
 * k-means anchors: clusters box sizes with the distance `1 - IoU` (corner-aligned boxes).
 *
 * Seeds with k-means++ (seeded PRNG), runs Lloyd iterations until the
 * assignments settle (or `iters`), keeps the restart with the best mean IoU.
 *
 * @param boxes - Box sizes `[w, h]` (any unit, e.g. input pixels); boxes with a non-positive side are ignored.
 * @param n - Number of anchors (e.g. 9 = 3 levels x 3).
 * @param opts - Seed, iterations, restarts.
 * @returns Anchors sorted by area (ascending), their mean best IoU and the iterations used.
 * @throws RangeError when `n` < 1 or there are fewer distinct boxes than `n`.
 */
export function kmeansAnchors(boxes: readonly WH[], n: number, opts: KMeansOptions = {}): KMeansResult {
  const valid = boxes.filter((b) => b[0] > 0 && b[1] > 0 && Number.isFinite(b[0]) && Number.isFinite(b[1]));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const distinct = new Set(valid.map((b) => `${b[0]},${b[1]}`)).size;
  if (distinct < n) throw new RangeError(`need at least ${n} distinct boxes, got ${distinct}`);
  const iters = opts.iters ?? 300;
  const restarts = Math.max(1, opts.restarts ?? 4);
  const rand = mulberry32(opts.seed ?? 0);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const centres = seedCentres(valid, n, rand);
    const iterations = lloyd(valid, centres, iters);
    const meanIoU = meanBestIoU(valid, centres);
    if (best === null || meanIoU > best.meanIoU) {
      const anchors = centres.slice().sort((a, b) => a[0] * a[1] - b[0] * b[1]);
      best = { anchors, meanIoU, iterations };
    }
  }
  if (best === null) throw new Error('unreachable');
  return best;
}

/** Splits anchors sorted by area into consecutive groups of `perLevel` (one per output level). */
export function groupByLevel<T>(anchors: readonly T[], perLevel = 3): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < anchors.length; i += perLevel) groups.push(anchors.slice(i, i + perLevel));
  return groups;
}

/** Rounds anchors to `digits` decimals (at least 10^-digits per side). */
export function roundAnchors(anchors: readonly WH[], digits = 1): [number, number][] {
  const f = 10 ** digits;
  return anchors.map((a) => [Math.max(1 / f, Math.round(a[0] * f) / f), Math.max(1 / f, Math.round(a[1] * f) / f)]);
}

/** Why a label line was not used (blank lines and `#` comments are not counted). */
export type SkipReason =
  | 'malformed' // not numbers, or a count that is neither a box (5) nor a polygon (class + 3 or more x y pairs)
  | 'not-normalised' // a coordinate outside [0, 1]: pixel labels, or another format
  | 'empty-box'; // zero or negative width or height

/** A label line that was skipped, with where it is and why. */
export interface SkippedLine {
  /** 1-based line number in its file. */
  line: number;
  reason: SkipReason;
  /** The line's text, trimmed and cut to 60 characters. */
  text: string;
}

/** Box sizes read from one label file, and the lines that were skipped. */
export interface ParsedLabels {
  /** `[w, h]` of each usable label, in input pixels. */
  sizes: [number, number][];
  /** How many of them were segmentation polygons (read as their bounding boxes). */
  polygons: number;
  skipped: SkippedLine[];
}

const NORMALISED_SLACK = 1e-6; // exporters write 1.0000001 after float rounding

/**
 * Reads one YOLO label file: detection lines `class cx cy w h` and segmentation lines
 * `class x1 y1 x2 y2 x3 y3 ...` (a polygon, read as its bounding box), all normalised to [0, 1].
 * Sizes come out in pixels of a `size` x `size` letterboxed input. Blank lines and `#` comments are
 * ignored; every other line that cannot be used is reported in `skipped` with its reason.
 *
 * @param image - Width and height of the labelled image: boxes are scaled as the letterbox scales
 *   them (`size / max(width, height)`). Without it the image is taken as square.
 */
export function parseYoloLabels(text: string, size: number, image?: { width: number; height: number }): ParsedLabels {
  const sx = image ? (image.width * size) / Math.max(image.width, image.height) : size;
  const sy = image ? (image.height * size) / Math.max(image.width, image.height) : size;
  const out: ParsedLabels = { sizes: [], polygons: 0, skipped: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const skip = (reason: SkipReason): void => {
      out.skipped.push({ line: i + 1, reason, text: trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed });
    };
    const parts = trimmed.split(/\s+/).map(Number);
    const isPolygon = parts.length >= 7 && parts.length % 2 === 1;
    if ((parts.length !== 5 && !isPolygon) || parts.some((v) => !Number.isFinite(v))) {
      skip('malformed');
      continue;
    }
    const coords = parts.slice(1);
    if (coords.some((v) => v < -NORMALISED_SLACK || v > 1 + NORMALISED_SLACK)) {
      skip('not-normalised');
      continue;
    }
    let w = coords[2];
    let h = coords[3];
    if (isPolygon) {
      const xs = coords.filter((_, k) => k % 2 === 0);
      const ys = coords.filter((_, k) => k % 2 === 1);
      w = Math.max(...xs) - Math.min(...xs);
      h = Math.max(...ys) - Math.min(...ys);
    }
    if (!(w > 0 && h > 0)) {
      skip('empty-box');
      continue;
    }
    if (isPolygon) out.polygons++;
    out.sizes.push([w * sx, h * sy]);
  }
  return out;
}

/**
 * Box sizes from the text of one YOLO label file, in pixels of a `size` x `size` letterboxed input:
 * {@link parseYoloLabels} without the report of skipped lines.
 */
export function parseYoloLabelSizes(
  text: string,
  size: number,
  image?: { width: number; height: number },
): [number, number][] {
  return parseYoloLabels(text, size, image).sizes;
}

/**
 * Width and height of a PNG or JPEG from its first bytes (the PNG IHDR chunk,
 * or the JPEG SOF segment); null for other formats or truncated data.
 */
export function readImageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const u16 = (i: number): number => (bytes[i] << 8) | bytes[i + 1];
  const u32 = (i: number): number => ((bytes[i] << 24) >>> 0) + (bytes[i + 1] << 16) + (bytes[i + 2] << 8) + bytes[i + 3];
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return { width: u32(16), height: u32(20) };
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { width: u16(i + 7), height: u16(i + 5) };
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2; // markers without a length
      continue;
    }
    i += 2 + u16(i + 2);
  }
  return null;
}

/**
 * The image a YOLO label file belongs to: same stem, .jpg/.jpeg/.png, in the
 * sibling `images` folder (`.../labels/x.txt` -> `.../images/x.jpg`) or next
 * to the label file. Null when none exists.
 */
export function findImageFor(labelPath: string): string | null {
  const stem = labelPath.replace(/\.txt$/, '');
  const dirs = [stem];
  const i = stem.lastIndexOf(`${sep}labels${sep}`);
  if (i >= 0) dirs.unshift(stem.slice(0, i) + `${sep}images${sep}` + stem.slice(i + 8));
  for (const base of dirs) {
    for (const ext of ['.jpg', '.jpeg', '.png', '.JPG', '.JPEG', '.PNG']) {
      if (existsSync(base + ext)) return base + ext;
    }
  }
  return null;
}

/** Paths of all `.txt` files under `dir`, recursively, sorted. */
export function findLabelFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.txt') && name !== 'classes.txt') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Formats a result for the console. */
export function formatReport(result: KMeansResult, nBoxes: number, nFiles: number, perLevel: number, size: number): string {
  const rounded = roundAnchors(result.anchors);
  const fmt = (a: readonly number[]): string => `[${a[0]}, ${a[1]}]`;
  const lines = [
    `${nBoxes} boxes from ${nFiles} label files, sizes in ${size} px input space`,
    `anchors (w, h), sorted by area: ${rounded.map(fmt).join(', ')}`,
    'per level (smallest stride first):',
    ...groupByLevel(rounded, perLevel).map((g, i) => `  P${i}: ${g.map(fmt).join(', ')}`),
    `mean IoU of labels with their best anchor: ${result.meanIoU.toFixed(4)}`,
  ];
  return lines.join('\n');
}

/** Size of the image of a label file ({@link findImageFor}), reading only its first 64 KiB; null when there is none. */
export function imageSizeFor(labelPath: string): { width: number; height: number } | null {
  const path = findImageFor(labelPath);
  if (path === null) return null;
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return readImageSize(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  // The CLI lives in its own file, loaded only when this file is run (importing stays free of I/O);
  // no top-level await: anchors-cli imports this module, which must finish evaluating first.
  void import('./anchors-cli.js').then(({ runAnchorsCli }) => {
    process.exitCode = runAnchorsCli(process.argv.slice(2));
  });
}
