// Shared handles of the demo page: the element and a typed getElementById.

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

/** An <img> to slot into the element. */
export function photo(src: string): HTMLImageElement {
  const img = document.createElement('img');
  img.src = src;
  img.alt = 'Photo to detect on';
  return img;
}
