// The summary line under the element: what the picture on screen shows. It reads the element's
// lastDetections (the result drawn now), so a video job running in another tab never overwrites it
// (issue 14, bug 4).
import type { FrameResult } from '../src/index.js';
import { $, detector } from './dom.js';
import { onTabChange } from './tabs.js';

const summary = $<HTMLParagraphElement>('summary');

/** "(r: 3, g: 2)" for a frame. */
export function countsByClass(r: FrameResult): string {
  const counts = new Map<string, number>();
  for (let i = 0; i < r.detections.count; i++) {
    const label = r.labels[r.detections.classes[i]] ?? `class ${r.detections.classes[i]}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts.size ? ` (${[...counts].map(([l, n]) => `${l}: ${n}`).join(', ')})` : '';
}

function render(): void {
  const r = detector.lastDetections;
  summary.textContent = r
    ? `Frame ${r.frame}: ${r.detections.count} detections${countsByClass(r)} in ${r.timings.totalMs.toFixed(1)} ms (inference ${r.timings.inferenceMs.toFixed(1)} ms${r.tiles > 1 ? `, ${r.tiles} model runs: tiles + full frame` : ''}).`
    : '';
}

/** Keeps the summary line up to date. */
export function initSummary(): void {
  detector.addEventListener('yolo-detections', render);
  onTabChange(render);
  // new media empties the picture (the element forgets its result once it sees the slot change)
  new MutationObserver(() => setTimeout(render, 0)).observe(detector, { childList: true });
}
