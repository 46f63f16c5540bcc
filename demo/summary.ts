// The summary line under the element: what was loaded, what the last frame found.
import type { FrameResult } from '../src/index.js';
import { $, detector } from './dom.js';
import { currentTab } from './tabs.js';

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

/** Keeps the summary line up to date. */
export function initSummary(): void {
  detector.addEventListener('yolo-ready', (e) => {
    const info = e.detail;
    summary.textContent = `Loaded ${info.name}: ${info.layout}, ${info.inputWidth}×${info.inputHeight}, ${info.labels.length} classes (labels from ${info.labelSource}), ${info.backend}${info.fallbackReason ? ` (${info.fallbackReason})` : ''}.`;
  });
  detector.addEventListener('yolo-detections', (e) => {
    if (currentTab() === 'file') return;
    const r = e.detail;
    summary.textContent = `Frame ${r.frame}: ${r.detections.count} detections${countsByClass(r)} in ${r.timings.totalMs.toFixed(1)} ms (inference ${r.timings.inferenceMs.toFixed(1)} ms).`;
  });
}
