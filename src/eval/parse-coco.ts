// COCO object-detection JSON (`instances_*.json`): images, annotations with bbox [x, y, w, h] in pixels,
// categories. Category ids (COCO's 1..90 with gaps) become contiguous class indices in id order, which is
// how YOLO exports number the 80 COCO classes.

import type { ImageLabels, LabelIssue } from './dataset.js';

/** A COCO dataset file, read: names by class index, and labels by image file name. */
export interface CocoLabels {
  names: string[];
  /** Keyed by the image's `file_name` as written in the JSON. */
  byFileName: Map<string, ImageLabels>;
  issues: LabelIssue[];
}

interface CocoJson {
  images: { id: number | string; file_name: string }[];
  annotations: { image_id: number | string; category_id: number; bbox: number[]; iscrowd?: number }[];
  categories: { id: number; name: string }[];
}

/** True when `value` has COCO's three arrays (images, annotations, categories). */
export function isCocoJson(value: unknown): value is CocoJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.images) && Array.isArray(v.annotations) && Array.isArray(v.categories);
}

/**
 * Reads a parsed COCO JSON. Crowd annotations (`iscrowd: 1`) are skipped (pycocotools makes them
 * ignore regions; this evaluator has none); bad annotations are reported, not thrown.
 *
 * @param json - The parsed file (see {@link isCocoJson}).
 * @param file - Its path, for the issues.
 */
export function parseCoco(json: CocoJson, file: string): CocoLabels {
  const issues: LabelIssue[] = [];
  const categories = [...json.categories].sort((a, b) => a.id - b.id);
  const classOf = new Map(categories.map((c, i) => [c.id, i]));
  const names = categories.map((c) => String(c.name));
  const byId = new Map<number | string, ImageLabels>();
  const byFileName = new Map<string, ImageLabels>();
  for (const image of json.images) {
    const labels: ImageLabels = { classes: [], boxes: [], normalized: false, lines: [], source: file };
    byId.set(image.id, labels);
    byFileName.set(String(image.file_name), labels);
  }
  json.annotations.forEach((a, index) => {
    const problem = (message: string) => issues.push({ kind: 'unparsable-line', file, line: index + 1, message: `annotation ${index}: ${message}` });
    if (a.iscrowd === 1) return;
    const labels = byId.get(a.image_id);
    if (!labels) return problem(`image_id ${String(a.image_id)} is not in "images".`);
    const cls = classOf.get(a.category_id);
    if (cls === undefined) {
      issues.push({ kind: 'class-out-of-range', file, line: index + 1, message: `annotation ${index}: category_id ${a.category_id} is not in "categories".` });
      return;
    }
    const b = a.bbox;
    if (!Array.isArray(b) || b.length !== 4 || b.some((v) => typeof v !== 'number' || !Number.isFinite(v)) || b[2] <= 0 || b[3] <= 0) {
      return problem(`bbox ${JSON.stringify(b)} is not [x, y, width > 0, height > 0].`);
    }
    labels.classes.push(cls);
    labels.boxes.push(b[0], b[1], b[0] + b[2], b[1] + b[3]);
    labels.lines.push(index + 1);
  });
  return { names, byFileName, issues };
}
