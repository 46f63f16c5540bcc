// Registers <yolo-detector> and <yolo-perf-panel>. Import this module (or the built yolo-detector.js)
// once; importing src/index.ts alone registers nothing.
import { YoloDetectorElement, YoloPerfPanelElement } from './ui/index.js';

if (!customElements.get('yolo-perf-panel')) customElements.define('yolo-perf-panel', YoloPerfPanelElement);
if (!customElements.get('yolo-detector')) customElements.define('yolo-detector', YoloDetectorElement);

export * from './index.js';

declare global {
  interface HTMLElementTagNameMap {
    'yolo-detector': YoloDetectorElement;
    'yolo-perf-panel': YoloPerfPanelElement;
  }
}
