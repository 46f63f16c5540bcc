// Camera tab: the element's `camera` attribute behind a start/stop button that always tells the truth
// (the element turns `camera` off when no camera opens; issue 14, bug 3).
import { $, detector, setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';

const cameraToggle = $<HTMLButtonElement>('camera-toggle');

function syncButton(): void {
  cameraToggle.textContent = detector.camera ? 'Stop camera' : 'Start camera';
  cameraToggle.setAttribute('aria-pressed', String(detector.camera));
}

/** The camera tab. */
export const cameraTab: DemoTab = {
  id: 'camera',
  enter() {
    setMedia(null);
  },
  leave() {
    detector.camera = false;
    detector.dismissError(); // a camera error means nothing on the other tabs
    syncButton();
  },
};

/** Wires the start/stop button. */
export function initCameraTab(): void {
  cameraToggle.addEventListener('click', () => {
    detector.camera = !detector.camera;
    syncButton();
  });
  detector.addEventListener('yolo-error', () => void detector.updateComplete.then(syncButton));
}
