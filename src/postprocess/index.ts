// Public surface of the postprocess core (docs/contracts.md, contract 1). Pure TypeScript: no DOM, no onnxruntime.

export type { BoxTransform, DecodeOptions, Detections, LayoutName, ModelOutputs, OutputTensor } from './types.js';
export { LAYOUT_NAMES } from './types.js';
export { decode } from './decode.js';
export { detectLayout, describeShapes } from './layout.js';
export { allocateDetections, emptyDetections, viewDetections } from './detections.js';
export { floatToHalf, halfToFloat } from './half.js';
export { formatDetectionLabel, type DetectionLabelOptions } from './format-detection-label.js';
export * from './defaults.js';
export * from './errors.js';
export * from './letterbox.js';
export * from './tile-plan.js';
export { COARSE_AREA_RATIO, TileMerger, TILE_EDGE_MARGIN, TILE_MERGE_IOS_THRESHOLD } from './tile-merger.js';
export * from './resize-filter.js';
export * from './option-checks.js';
