// Defaults shared by the decoders: thresholds, anchors and strides of the reference implementations.

/** Default score threshold (a candidate is kept when score > this). */
export const DEFAULT_SCORE_THRESHOLD = 0.25;
/** Default IoU threshold of NMS (suppressed when IoU > this). */
export const DEFAULT_IOU_THRESHOLD = 0.45;
/** Default cap on returned detections. */
export const DEFAULT_MAX_DETECTIONS = 300;
/** Default cap on candidates entering NMS (the seed's nMSLimit). */
export const DEFAULT_PRE_NMS_TOP_K = 30000;

/** YOLOv5 / v7 / v5-Lite COCO anchors in input px, per level (strides 8, 16, 32). */
export const YOLOV5_ANCHORS: readonly (readonly number[])[] = [
  [10, 13, 16, 30, 33, 23],
  [30, 61, 62, 45, 59, 119],
  [116, 90, 156, 198, 373, 326],
];
/** Strides of the three YOLOv5 / YOLOX levels. */
export const YOLOV5_STRIDES: readonly number[] = [8, 16, 32];

/** Yolo-FastestV2 COCO anchors in input px (its data/coco.data), per level (strides 16, 32). */
export const FASTESTV2_ANCHORS: readonly (readonly number[])[] = [
  [12.64, 19.39, 37.88, 51.48, 55.71, 138.31],
  [126.91, 78.23, 131.57, 214.55, 279.92, 258.87],
];
/** Strides of the two Yolo-FastestV2 levels. */
export const FASTESTV2_STRIDES: readonly number[] = [16, 32];
