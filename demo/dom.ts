// Shared handles of the demo page: the element and a typed getElementById.
import { classColor } from '../src/index.js';

/** The element with that id, typed by the caller. */
export const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The page's one <yolo-detector>. */
export const detector = $<HTMLElementTagNameMap['yolo-detector']>('detector');

/** Replaces the element's slotted media (pausing a video that leaves). */
export function setMedia(element: HTMLElement | null): void {
  for (const child of [...detector.children]) {
    if (child instanceof HTMLVideoElement) child.pause();
    child.remove();
  }
  if (element) detector.append(element);
}

/** An <img> to slot into the element; `name` (default: the URL's file name) names its exports. */
export function photo(src: string, name = src.slice(src.lastIndexOf('/') + 1)): HTMLImageElement {
  const img = document.createElement('img');
  img.src = src;
  img.alt = `Photo to detect on: ${name}`;
  img.dataset.name = name;
  return img;
}

/** Saves `blob` as a download named `fileName`. */
export function download(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The element's --yolo-colors as a list, or undefined for its default palette. */
export function screenPalette(): string[] | undefined {
  const colors = getComputedStyle(detector).getPropertyValue('--yolo-colors').trim();
  return colors ? colors.split(',').map((c) => c.trim()) : undefined;
}

/** The class colour used on screen (the demo's palette, else the element's default). */
export function screenColor(index: number): string {
  return classColor(index, screenPalette());
}
