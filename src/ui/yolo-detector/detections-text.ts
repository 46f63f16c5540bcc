// The text alternative of the overlay (issue 14): a one-line summary for a polite live region and one
// line per detection for a list screen readers can walk. Pure strings, no DOM.

import type { FrameResult } from '../../client/index.js';

/** What the element says about a frame. */
export interface DetectionsText {
  /** "12 detections: 5 r, 4 g, 3 b" (classes by count, most first). */
  summary: string;
  /** "r 89%, x 120 to 160, y 40 to 80 px" per detection, best first, at most `limit`. */
  items: string[];
}

/** Describes `result`, counting only the classes in `classes` (all when null). */
export function describeDetections(result: FrameResult | null, classes: ReadonlySet<number> | null, limit = 100): DetectionsText {
  if (!result) return { summary: '', items: [] };
  const { detections: d, labels } = result;
  const counts = new Map<string, number>();
  const items: string[] = [];
  let shown = 0;
  for (let i = 0; i < d.count; i++) {
    if (classes && !classes.has(d.classes[i])) continue;
    shown++;
    const name = labels[d.classes[i]] ?? `class ${d.classes[i]}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (items.length < limit) {
      const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => Math.round(d.boxes[i * 4 + k]));
      items.push(`${name} ${Math.round(d.scores[i] * 100)}%, x ${x1} to ${x2}, y ${y1} to ${y2} px`);
    }
  }
  const byCount = [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${n} ${name}`);
  const summary = shown === 0 ? 'No detections.' : `${shown} detection${shown === 1 ? '' : 's'}: ${byCount.join(', ')}.`;
  return { summary, items };
}

/** Whether two texts say the same (the element re-renders its text alternative only when they differ). */
export function sameDetectionsText(a: DetectionsText | undefined, b: DetectionsText | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.summary !== b.summary || a.items.length !== b.items.length) return false;
  for (let i = 0; i < a.items.length; i++) if (a.items[i] !== b.items[i]) return false;
  return true;
}

/** Parses a class filter ("r, g" or "0,2") against the labels; null (all classes) when empty. */
export function parseClassFilter(filter: string, labels: readonly string[]): Set<number> | null {
  const parts = filter.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const ids = new Set<number>();
  for (const part of parts) {
    const byName = labels.indexOf(part);
    if (byName >= 0) ids.add(byName);
    else if (/^\d+$/.test(part)) ids.add(Number(part));
  }
  return ids;
}
