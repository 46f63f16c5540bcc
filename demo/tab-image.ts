// Image tab: sample photos or one of yours.
import { $, photo, setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';

/** The image tab. */
export const imageTab: DemoTab = {
  id: 'image',
  enter() {
    setMedia(photo('/samples/lights-1.jpg'));
  },
  leave() {},
};

/** Wires the sample buttons and the image file input. */
export function initImageTab(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-sample]')) {
    button.addEventListener('click', () => setMedia(photo(button.dataset.sample!)));
  }
  $<HTMLInputElement>('image-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) setMedia(photo(URL.createObjectURL(file), file.name));
  });
}
