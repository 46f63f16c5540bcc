// The elements (no registration here: see src/define.ts).
export { YoloDetectorElement } from './yolo-detector/yolo-detector.js';
export { YoloPerfPanelElement, PANEL_REFRESH_MS } from './yolo-perf-panel/yolo-perf-panel.js';
export type { ErrorDetail, YoloEventMap } from './events.js';
export { contentRect, type ObjectFit, type Rect } from './media-geometry.js';
export { classColor, CLASS_PALETTE, labelTextColor } from './class-colors.js';
export { LabelLayout, LABEL_AREA_SHARE, MIN_LABELLED_BOX_PX, type LabelMode } from './label-layout.js';
export { drawDetections, type OverlayStyle } from './overlay.js';
