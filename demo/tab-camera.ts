// Camera tab: the element's `camera` attribute behind a start/stop button.
import { $, detector, setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';

const cameraToggle = $<HTMLButtonElement>('camera-toggle');

function toggleCamera(on: boolean): void {
  detector.camera = on;
  cameraToggle.textContent = on ? 'Stop camera' : 'Start camera';
}

/** The camera tab. */
export const cameraTab: DemoTab = {
  id: 'camera',
  enter() {
    setMedia(null);
  },
  leave() {
    if (detector.camera) toggleCamera(false);
  },
};

/** Wires the start/stop button. */
export function initCameraTab(): void {
  cameraToggle.addEventListener('click', () => toggleCamera(!detector.camera));
}
