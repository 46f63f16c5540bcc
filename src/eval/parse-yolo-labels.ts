// YOLO label files: one object per line, `class cx cy w h` normalised to the image size (Ultralytics'
// format), or a segmentation polygon `class x1 y1 x2 y2 x3 y3 ...` (its bounding box is scored).

import type { ImageLabels, LabelIssue } from './dataset.js';

/** Slack on the 0..1 range: exporters write 1.0000001 or -0.0000001 at image edges. */
const EDGE_SLACK = 0.01;

/**
 * Parses the text of one YOLO label file. Lines that do not parse are skipped and reported as
 * `unparsable-line` issues (never thrown); blank lines and `#` comments are ignored.
 *
 * @param text - The file's content.
 * @param file - Its path, for the issues.
 */
export function parseYoloLabels(text: string, file: string): { labels: ImageLabels; issues: LabelIssue[] } {
  const labels: ImageLabels = { classes: [], boxes: [], normalized: true, lines: [], source: file };
  const issues: LabelIssue[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const problem = (message: string) => issues.push({ kind: 'unparsable-line', file, line: i + 1, message });
    const fields = line.split(/[\s,]+/);
    const values = fields.map(Number);
    if (values.some((v) => !Number.isFinite(v))) {
      problem(`"${clip(line)}" has a field that is not a number.`);
      continue;
    }
    const cls = values[0];
    if (!Number.isInteger(cls) || cls < 0) {
      problem(`"${clip(line)}": the class id ${fields[0]} is not a whole number >= 0.`);
      continue;
    }
    let box: [number, number, number, number];
    if (values.length === 5) {
      const [, cx, cy, w, h] = values;
      box = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      if (w <= 0 || h <= 0) {
        problem(`"${clip(line)}": width and height must be > 0.`);
        continue;
      }
    } else if (values.length >= 7 && values.length % 2 === 1) {
      box = polygonBox(values);
      if (box[2] <= box[0] || box[3] <= box[1]) {
        problem(`"${clip(line)}": the polygon has no area.`);
        continue;
      }
    } else {
      problem(`"${clip(line)}" has ${values.length} fields; expected 5 (class cx cy w h) or a polygon (class x1 y1 x2 y2 x3 y3 ...).`);
      continue;
    }
    if (box.some((v) => v < -EDGE_SLACK || v > 1 + EDGE_SLACK)) {
      problem(`"${clip(line)}": coordinates must be normalised to 0..1 (fractions of the image size).`);
      continue;
    }
    labels.classes.push(cls);
    labels.boxes.push(...box.map((v) => Math.min(Math.max(v, 0), 1)));
    labels.lines.push(i + 1);
  }
  return { labels, issues };
}

/** Bounding box x1 y1 x2 y2 of `class x1 y1 x2 y2 ...` (values[0] is the class). */
function polygonBox(values: number[]): [number, number, number, number] {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let k = 1; k + 1 < values.length; k += 2) {
    x1 = Math.min(x1, values[k]);
    x2 = Math.max(x2, values[k]);
    y1 = Math.min(y1, values[k + 1]);
    y2 = Math.max(y2, values[k + 1]);
  }
  return [x1, y1, x2, y2];
}

function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
