// datasetFromFiles(): a dropped folder (or any list of files) -> a Dataset. Two layouts of YOLO labels
// (Ultralytics' images/ + labels/ trees, or each .txt beside its image) and COCO JSON + images.
// Only label and name files are read; images stay unread Files until they are evaluated.

import type { Dataset, DatasetImage, ImageLabels, LabelIssue } from './dataset.js';
import { parseDataYamlNames, parseNamesList } from './parse-class-names.js';
import { isCocoJson, parseCoco } from './parse-coco.js';
import { parseYoloLabels } from './parse-yolo-labels.js';

/** A file with the path it had in its folder (what a directory drop gives; `File` alone has only a name). */
export interface DatasetFile {
  /** Path relative to the dropped folder, `/`-separated. */
  path: string;
  file: Blob;
}

/** Image extensions `datasetFromFiles` picks up (what `createImageBitmap` decodes in browsers). */
export const IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'bmp', 'gif', 'avif'];

/** Text files that are not labels (names lists, readmes). */
const NOT_LABELS = /(^|\/)(classes|labels|obj|readme|license|licence)\.txt$/i;

/** How many label files are read at once. */
const READ_BATCH = 64;

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
}

function extension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
}

function withoutExtension(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(0, dot) : path;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The path a file had in its folder: `webkitRelativePath` for folder picks, else its name. */
function pathOf(entry: File | DatasetFile): { path: string; file: Blob } {
  if (!(entry instanceof Blob)) return { path: normalisePath(entry.path), file: entry.file };
  const relative = (entry as File & { webkitRelativePath?: string }).webkitRelativePath;
  return { path: normalisePath(relative || (entry as File).name || 'unnamed'), file: entry };
}

/** Where Ultralytics looks for an image's labels: the last `images` folder swapped for `labels`. */
function ultralyticsLabelPath(imagePath: string): string | null {
  const parts = withoutExtension(imagePath).split('/');
  const i = parts.lastIndexOf('images');
  if (i < 0 || i === parts.length - 1) return null;
  parts[i] = 'labels';
  return `${parts.join('/')}.txt`;
}

/** Shallower paths first, then names matching `preferred`, then alphabetical. */
function ranked<T extends { path: string }>(items: T[], preferred: RegExp): T[] {
  return [...items].sort(
    (a, b) =>
      a.path.split('/').length - b.path.split('/').length ||
      Number(!preferred.test(baseName(a.path))) - Number(!preferred.test(baseName(b.path))) ||
      a.path.localeCompare(b.path),
  );
}

async function readAll<T>(items: readonly T[], read: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += READ_BATCH) await Promise.all(items.slice(i, i + READ_BATCH).map(read));
}

/**
 * Reads a labelled dataset from files: images with YOLO `.txt` labels (in `images/` + `labels/`
 * folders as Ultralytics lays them out, or side by side), or a COCO JSON with its images. Class names
 * come from a `data.yaml`, `classes.txt` / `*.names`, or the COCO categories. Label problems are
 * listed in `issues`, never thrown; an image without a label file is a background image.
 *
 * @param files - The files of a dropped or picked folder (`File.webkitRelativePath` gives their
 *   paths), or `{path, file}` pairs.
 */
export async function datasetFromFiles(files: Iterable<File | DatasetFile>): Promise<Dataset> {
  const all = [...files].map(pathOf).sort((a, b) => a.path.localeCompare(b.path));
  const images = all.filter((f) => IMAGE_EXTENSIONS.includes(extension(f.path)));
  const texts = all.filter((f) => extension(f.path) === 'txt');
  const jsons = all.filter((f) => extension(f.path) === 'json');
  const issues: LabelIssue[] = [];

  const cocoFiles: { path: string; json: Parameters<typeof parseCoco>[0] }[] = [];
  await readAll(jsons, async (f) => {
    try {
      const json: unknown = JSON.parse(await f.file.text());
      if (isCocoJson(json)) cocoFiles.push({ path: f.path, json });
    } catch {
      // not JSON, or not COCO: not a label file
    }
  });
  const coco = ranked(cocoFiles, /instances/i)[0];
  if (coco) return cocoDataset(coco.path, coco.json, images, issues);

  const names = await readNames(all, texts);
  const labelFiles = new Map(texts.filter((f) => !NOT_LABELS.test(f.path)).map((f) => [f.path, f.file]));
  const used = new Set<string>();
  const dataset: DatasetImage[] = images.map((image) => ({ name: image.path, file: image.file, labels: null }));
  await readAll(dataset, async (image) => {
    const candidates = [ultralyticsLabelPath(image.name), `${withoutExtension(image.name)}.txt`];
    const labelPath = candidates.find((p): p is string => p !== null && labelFiles.has(p));
    if (labelPath === undefined) {
      issues.push({ kind: 'image-without-labels', file: image.name, message: 'No label file: scored as a background image (no objects).' });
      return;
    }
    used.add(labelPath);
    const parsed = parseYoloLabels(await labelFiles.get(labelPath)!.text(), labelPath);
    image.labels = parsed.labels;
    issues.push(...parsed.issues);
  });
  for (const [path, file] of labelFiles) {
    if (used.has(path)) continue;
    const head = (await file.slice(0, 512).text()).trim().split(/\r?\n/)[0] ?? '';
    if (IMAGE_EXTENSIONS.includes(extension(head.trim()))) continue; // an image list (train.txt), not labels
    issues.push({ kind: 'label-without-image', file: path, message: 'No image with this name beside it or in the matching images/ folder: not scored.' });
  }
  return { format: 'yolo', images: dataset, names: names.names, namesSource: names.source, issues: sortIssues(issues) };
}

async function readNames(all: { path: string; file: Blob }[], texts: { path: string; file: Blob }[]): Promise<{ names: string[]; source: string }> {
  const yamls = all.filter((f) => ['yaml', 'yml'].includes(extension(f.path)));
  for (const yaml of ranked(yamls, /^data\./i)) {
    const names = parseDataYamlNames(await yaml.file.text());
    if (names && names.length > 0) return { names, source: yaml.path };
  }
  const lists = [...texts.filter((f) => /(^|\/)classes\.txt$/i.test(f.path)), ...all.filter((f) => extension(f.path) === 'names')];
  const list = ranked(lists, /^classes\.txt$/i)[0];
  if (list) return { names: parseNamesList(await list.file.text()), source: list.path };
  return { names: [], source: '' };
}

function cocoDataset(
  path: string,
  json: Parameters<typeof parseCoco>[0],
  images: { path: string; file: Blob }[],
  issues: LabelIssue[],
): Dataset {
  const coco = parseCoco(json, path);
  issues.push(...coco.issues);
  const byBaseName = new Map<string, ImageLabels>();
  for (const [fileName, labels] of coco.byFileName) byBaseName.set(baseName(normalisePath(fileName)), labels);
  const used = new Set<ImageLabels>();
  const dataset: DatasetImage[] = images.map((image) => {
    const labels = byBaseName.get(baseName(image.path)) ?? null;
    if (labels) used.add(labels);
    else issues.push({ kind: 'image-without-labels', file: image.path, message: `Not in ${path}: scored as a background image (no objects).` });
    return { name: image.path, file: image.file, labels };
  });
  for (const [fileName, labels] of coco.byFileName) {
    if (!used.has(labels)) issues.push({ kind: 'label-without-image', file: fileName, message: `Listed in ${path} but not among the files: not scored.` });
  }
  return { format: 'coco', images: dataset, names: coco.names, namesSource: path, issues: sortIssues(issues) };
}

function sortIssues(issues: LabelIssue[]): LabelIssue[] {
  return issues.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
