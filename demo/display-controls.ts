// Dense scenes (issue 14): a labels on/off switch and a class filter, both applied by the element
// (`label-mode`, `show-classes`) to what it draws and describes.
import type { OverlayStyle } from '../src/index.js';
import { $, detector } from './dom.js';

const showLabels = $<HTMLInputElement>('show-labels');
const list = $<HTMLDivElement>('class-list');
const state = $<HTMLSpanElement>('class-filter-state');

function checkboxes(): HTMLInputElement[] {
  return [...list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
}

function applyFilter(): void {
  const boxes = checkboxes();
  const on = boxes.filter((b) => b.checked).map((b) => b.value);
  // ids, not names: class names may hold commas
  detector.showClasses = on.length === boxes.length ? '' : on.length === 0 ? '-1' : on.join(',');
  state.textContent = on.length === boxes.length ? 'all' : `${on.length} of ${boxes.length}`;
}

function buildList(labels: readonly string[]): void {
  list.replaceChildren(
    ...labels.map((name, id) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = String(id);
      box.checked = true;
      label.append(box, ` ${name}`);
      return label;
    }),
  );
  applyFilter();
}

/** The element's label mode and class filter, for drawing outside it (the PNG export). */
export function displayStyle(labels: readonly string[]): Pick<OverlayStyle, 'labels' | 'classes'> {
  const ids = detector.showClasses ? new Set(detector.showClasses.split(',').map(Number)) : null;
  return { labels: detector.labelMode, classes: ids && labels.length ? ids : null };
}

/** Wires the labels switch and the class filter (rebuilt for each model). */
export function initDisplayControls(): void {
  showLabels.addEventListener('change', () => {
    detector.labelMode = showLabels.checked ? 'auto' : 'none';
  });
  list.addEventListener('change', applyFilter);
  $<HTMLButtonElement>('class-all').addEventListener('click', () => {
    for (const b of checkboxes()) b.checked = true;
    applyFilter();
  });
  $<HTMLButtonElement>('class-none').addEventListener('click', () => {
    for (const b of checkboxes()) b.checked = false;
    applyFilter();
  });
  detector.addEventListener('yolo-ready', (e) => buildList(detector.labels ? detector.labels.split(',').map((l) => l.trim()) : e.detail.labels));
  $<HTMLInputElement>('labels').addEventListener('change', () => {
    if (detector.info) buildList(detector.labels ? detector.labels.split(',').map((l) => l.trim()) : detector.info.labels);
  });
}
