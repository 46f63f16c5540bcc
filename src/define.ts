// Registers <yolo-detector> and <yolo-perf-panel>. Import this module (or the built yolo-detector.js)
// once; importing src/index.ts alone registers nothing.
import { YoloDetectorElement, YoloPerfPanelElement } from './ui/index.js';

if (!customElements.get('yolo-perf-panel')) customElements.define('yolo-perf-panel', YoloPerfPanelElement);
if (!customElements.get('yolo-detector')) customElements.define('yolo-detector', YoloDetectorElement);

// What a page that uses the element needs: the elements, the client (createDetector, the exporters,
// evaluate) and their types. The pure maths (decode and the decoders, the tracker, tile merging) is
// exported by index.js only: re-exporting it here would make every page that adds the element load
// it (the 60 KB budget, see docs/architecture.md "Builds"). Both entries share their chunks.
export * from './client/index.js';
export * from './ui/index.js';

declare global {
  interface HTMLElementTagNameMap {
    'yolo-detector': YoloDetectorElement;
    'yolo-perf-panel': YoloPerfPanelElement;
  }
}
