/// <reference types="node" />
/**
 * The `npm run anchors` command line: options, help, one-line errors, the report (text, YOLOv5
 * `anchors:` YAML block, JSON). The maths is in `anchors.ts`.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  findLabelFiles,
  formatReport,
  groupByLevel,
  imageSizeFor,
  kmeansAnchors,
  meanBestIoU,
  parseYoloLabels,
  roundAnchors,
  type SkipReason,
  type SkippedLine,
} from './anchors.js';

/** A mistake in the command line or its input, reported as one line (no stack trace). */
export class AnchorsCliError extends Error {
  override name = 'AnchorsCliError';
}

/** What `--help` prints. */
export const ANCHORS_HELP = `usage: npm run anchors -- <labels folder>... [options]

Anchor boxes for a YOLO model: k-means over the sizes of the label boxes with the distance
1 - IoU (boxes aligned at a corner, as YOLOv2-v7 and genanchors.py do).

Input: every *.txt under the folders, recursively (classes.txt aside). Each line is a YOLO label,
normalised to [0, 1]: a box "class cx cy w h", or a segmentation polygon "class x1 y1 x2 y2 x3 y3 ..."
(read as its bounding box). Blank lines and # comments are ignored; other lines that cannot be used
are skipped and counted in a summary. A label's image (same name, .jpg/.jpeg/.png, next to it or in
the sibling images/ folder of labels/) gives its aspect ratio; without one it is taken as square.

Options:
  --n <int>          number of anchors (default 9: 3 levels x 3)
  --size <px>        model input size; boxes are measured in pixels of this square letterboxed
                     input, as the model sees them (default 416)
  --per-level <int>  anchors per output level; --n must be a multiple (default 3)
  --strides <list>   the levels' strides, smallest first, e.g. 8,16,32: named in the YAML comments
  --seed <int>       seed of the k-means++ initialisation: same seed, same anchors (default 0)
  --iters <int>      most k-means iterations per restart (default 300)
  --restarts <int>   independent initialisations; the best mean IoU wins (default 4)
  --square           ignore the images: take every image as square
  --json <file>      also write the result as JSON (size, n, seed, boxes, files, anchors, levels, meanIoU)
  --yaml <file>      also write the YOLOv5 "anchors:" block to a file
  -h, --help         this text

Output: the anchors as [w, h] in input pixels (one decimal), sorted by area; the same grouped per
output level, smallest stride first (P0 pairs with the finest grid); the mean IoU of every label box
with its best anchor (1 would be every box exactly one of the anchors); and a YOLOv5 model-YAML
"anchors:" block to paste into the model's .yaml (the same anchors, pixels of --size).

Exit status: 0 on success, 1 when the input cannot give anchors, 2 for a bad command line.`;

/** Where the CLI writes; the console by default, collected strings in tests. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Options after validation. */
export interface AnchorsCliOptions {
  folders: string[];
  n: number;
  size: number;
  perLevel: number;
  strides: number[] | null;
  seed: number;
  iters: number;
  restarts: number;
  square: boolean;
  json: string | null;
  yaml: string | null;
}

function integer(name: string, text: string, min: number): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min) {
    throw new AnchorsCliError(`--${name} must be ${min === 0 ? 'a whole number >= 0' : `a whole number >= ${min}`}, got "${text}"`);
  }
  return v;
}

/** Parses and checks the command line; throws {@link AnchorsCliError} with what to fix. Null means "print the help". */
export function parseAnchorsArgs(argv: string[]): AnchorsCliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        n: { type: 'string', default: '9' },
        size: { type: 'string', default: '416' },
        seed: { type: 'string', default: '0' },
        iters: { type: 'string', default: '300' },
        restarts: { type: 'string', default: '4' },
        'per-level': { type: 'string', default: '3' },
        strides: { type: 'string' },
        json: { type: 'string' },
        yaml: { type: 'string' },
        square: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    // node's messages run on with advice about "--" that does not apply here: keep the first sentence
    const first = (e as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    throw new AnchorsCliError(`${first} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length === 0) throw new AnchorsCliError('give the folder(s) with the YOLO label files (see --help)');
  const n = integer('n', values.n, 1);
  const perLevel = integer('per-level', values['per-level'], 1);
  if (n % perLevel !== 0) throw new AnchorsCliError(`--n ${n} is not a multiple of --per-level ${perLevel}: every level gets the same number of anchors`);
  const size = Number(values.size);
  if (!(Number.isFinite(size) && size > 0) || values.size.trim() === '') {
    throw new AnchorsCliError(`--size must be a positive number of pixels, got "${values.size}"`);
  }
  let strides: number[] | null = null;
  if (values.strides !== undefined) {
    strides = values.strides.split(',').map((s) => integer('strides', s.trim(), 1));
    if (strides.length !== n / perLevel) {
      throw new AnchorsCliError(`--strides lists ${strides.length} strides but there are ${n / perLevel} levels (--n ${n} / --per-level ${perLevel})`);
    }
  }
  for (const folder of positionals) {
    if (!existsSync(folder)) throw new AnchorsCliError(`no such folder: ${folder}`);
    if (!statSync(folder).isDirectory()) throw new AnchorsCliError(`not a folder: ${folder} (give the folder that holds the label .txt files)`);
  }
  return {
    folders: positionals,
    n,
    size,
    perLevel,
    strides,
    seed: integer('seed', values.seed, 0),
    iters: integer('iters', values.iters, 1),
    restarts: integer('restarts', values.restarts, 1),
    square: values.square,
    json: values.json ?? null,
    yaml: values.yaml ?? null,
  };
}

/**
 * The YOLOv5 model-YAML block: one line per level, smallest stride first, anchors as `w,h` pairs in
 * input pixels; the comment names the level (`P3/8` from its stride when the strides are known).
 */
export function yolov5AnchorsYaml(levels: readonly (readonly (readonly [number, number])[])[], strides: readonly number[] | null = null): string {
  const lines = levels.map((level, i) => {
    const pairs = level.map(([w, h]) => `${w},${h}`).join(', ');
    const name = strides ? `P${Math.round(Math.log2(strides[i]))}/${strides[i]}` : `level ${i}`;
    return `  - [${pairs}]  # ${name}`;
  });
  return ['anchors:', ...lines].join('\n');
}

const REASONS: Record<SkipReason, string> = {
  malformed: 'not a box (5 numbers) or a polygon (class + 3 or more x y pairs)',
  'not-normalised': 'a coordinate outside [0, 1] (pixel labels?)',
  'empty-box': 'zero width or height',
};

/** One line per reason: how many lines were skipped, and the first one, as `file:line: text`. */
export function skippedSummary(skipped: readonly { file: string; line: SkippedLine }[]): string[] {
  if (skipped.length === 0) return [];
  const lines = [`skipped ${skipped.length} label line${skipped.length === 1 ? '' : 's'}:`];
  for (const reason of Object.keys(REASONS) as SkipReason[]) {
    const these = skipped.filter((s) => s.line.reason === reason);
    if (these.length === 0) continue;
    const first = these[0];
    lines.push(`  ${these.length} ${REASONS[reason]}; first: ${first.file}:${first.line.line}: ${first.line.text}`);
  }
  return lines;
}

/**
 * Runs the CLI: reads the labels, computes the anchors, prints the report and writes the files asked
 * for. Every expected problem is one line on `err`. Returns the exit status.
 */
export function runAnchorsCli(argv: string[], io: CliOutput = consoleOutput): number {
  let options: AnchorsCliOptions | null;
  try {
    options = parseAnchorsArgs(argv);
  } catch (e) {
    io.err(`anchors: ${(e as Error).message}`);
    return 2;
  }
  if (options === null) {
    io.out(ANCHORS_HELP);
    return 0;
  }
  try {
    report(options, io);
    return 0;
  } catch (e) {
    // our own errors and the file system's (EACCES ...) are one line; anything else is a bug: keep its stack
    if (e instanceof AnchorsCliError || (e as NodeJS.ErrnoException).code !== undefined) {
      io.err(`anchors: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
}

function report(o: AnchorsCliOptions, io: CliOutput): void {
  const files = o.folders.flatMap((d) => findLabelFiles(resolve(d)));
  if (files.length === 0) throw new AnchorsCliError(`no label files (*.txt) under ${o.folders.join(', ')}`);
  let withImage = 0;
  let polygons = 0;
  const boxes: [number, number][] = [];
  const skipped: { file: string; line: SkippedLine }[] = [];
  for (const file of files) {
    const image = o.square ? null : imageSizeFor(file);
    if (image) withImage++;
    const parsed = parseYoloLabels(readFileSync(file, 'utf8'), o.size, image ?? undefined);
    boxes.push(...parsed.sizes);
    polygons += parsed.polygons;
    for (const line of parsed.skipped) skipped.push({ file, line });
  }
  io.out(
    `${withImage} of ${files.length} label files matched to their image (letterbox scaling)` +
      (withImage < files.length ? '; the others are taken as square images' : ''),
  );
  if (polygons > 0) io.out(`${polygons} segmentation polygons read as their bounding boxes`);
  for (const line of skippedSummary(skipped)) io.out(line);
  const distinct = new Set(boxes.map((b) => `${b[0]},${b[1]}`)).size;
  if (distinct < o.n) {
    throw new AnchorsCliError(
      `${boxes.length} usable boxes (${distinct} distinct sizes) in ${files.length} label files: too few for --n ${o.n} anchors; ` +
        'use a smaller --n or more labels',
    );
  }
  const result = kmeansAnchors(boxes, o.n, { seed: o.seed, iters: o.iters, restarts: o.restarts });
  const rounded = roundAnchors(result.anchors);
  const meanIoU = meanBestIoU(boxes, rounded);
  const levels = groupByLevel(rounded, o.perLevel);
  io.out(formatReport({ ...result, anchors: rounded, meanIoU }, boxes.length, files.length, o.perLevel, o.size));
  const yaml = yolov5AnchorsYaml(levels, o.strides);
  io.out(`YOLOv5 model YAML (input ${o.size} px):`);
  io.out(yaml);
  if (o.yaml !== null) {
    writeFileSync(o.yaml, yaml + '\n');
    io.out(`wrote ${o.yaml}`);
  }
  if (o.json !== null) {
    const json = {
      size: o.size,
      n: o.n,
      seed: o.seed,
      boxes: boxes.length,
      files: files.length,
      anchors: rounded,
      levels,
      meanIoU: Number(meanIoU.toFixed(4)),
      polygons,
      skippedLines: skipped.length,
    };
    writeFileSync(o.json, JSON.stringify(json, null, 2) + '\n');
    io.out(`wrote ${o.json}`);
  }
}
