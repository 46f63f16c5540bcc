// Public types of the postprocess core (docs/contracts.md, contract 1).

/** The output layouts `decode` understands. See docs/contracts.md, contract 1 for each shape. */
export type LayoutName =
  /** [1, N, 5+nc]: cx cy w h (input px), obj, class probabilities (sigmoid applied). */
  | 'yolov5'
  /** [1, N, 5+nc]: all values sigmoid, boxes not decoded: needs anchors + strides (YOLOv5-Lite --concat). */
  | 'yolov5-undecoded'
  /** Three raw-logit heads [1, na, ny, nx, 5+nc]: needs anchors + strides. */
  | 'yolov5-heads'
  /** [1, 4+nc, N], channel-major: cx cy w h, class probabilities, no objectness. */
  | 'yolov8'
  /** [1, K, 6] or [K, 6]: x1 y1 x2 y2 score class, already de-duplicated. */
  | 'end2end'
  /** [K, 7]: batch x1 y1 x2 y2 class score (ONNX NonMaxSuppression in the graph). */
  | 'yolov7-nms'
  /** [1, N, 5+nc]: raw tx ty tw th, sigmoid obj + cls; anchor-free grid decode. */
  | 'yolox'
  /** Two NHWC outputs [1, H, W, 4na+na+nc] or one flat [rows, 4na+na+nc]. */
  | 'fastestv2';

/** Every layout name, in a fixed order (useful for option validation and UIs). */
export const LAYOUT_NAMES: readonly LayoutName[] = [
  'yolov5',
  'yolov5-undecoded',
  'yolov5-heads',
  'yolov8',
  'end2end',
  'yolov7-nms',
  'yolox',
  'fastestv2',
];

/** One output tensor, read in place: float32 data, or float16 bits as onnxruntime returns them. */
export interface OutputTensor {
  /** The values, row-major in `dims` order. */
  data: Float32Array | Uint16Array;
  /** The tensor's shape. */
  dims: readonly number[];
}

/** Outputs in the session's output order, or by output name. */
export type ModelOutputs = Record<string, OutputTensor> | readonly OutputTensor[];

/** Maps model-input pixels back to source pixels: `source = (input - pad) / scale`, per axis. */
export interface BoxTransform {
  /** Input pixels per source pixel, horizontally. */
  scaleX: number;
  /** Input pixels per source pixel, vertically. */
  scaleY: number;
  /** Left padding in input pixels. */
  padX: number;
  /** Top padding in input pixels. */
  padY: number;
  /** Source width in pixels: boxes are clipped to [0, srcWidth]. */
  srcWidth: number;
  /** Source height in pixels: boxes are clipped to [0, srcHeight]. */
  srcHeight: number;
}

/** Options of `decode`. Only the input size is required. */
export interface DecodeOptions {
  /** Output layout; default 'auto' (detected from shapes and, where ambiguous, value ranges). */
  layout?: LayoutName | 'auto';
  /** Model input width in pixels. */
  inputWidth: number;
  /** Model input height in pixels. */
  inputHeight: number;
  /** A candidate is kept when its score is strictly greater; default 0.25. */
  scoreThreshold?: number;
  /** A box is suppressed when its IoU with a kept box is strictly greater; default 0.45. */
  iouThreshold?: number;
  /** At most this many detections are returned; default 300. */
  maxDetections?: number;
  /** Candidates kept (by score) before NMS; default 30000. */
  preNmsTopK?: number;
  /** NMS across all classes instead of per class; default false. */
  classAgnostic?: boolean;
  /** Per level, [w0, h0, w1, h1, ...] in input px (yolov5-undecoded, yolov5-heads, fastestv2). */
  anchors?: readonly (readonly number[])[];
  /** Per level, in input px (yolox, yolov5-undecoded, yolov5-heads, fastestv2). */
  strides?: readonly number[];
  /** Maps boxes back to source pixels and clips them; without it boxes stay in input px, unclipped. */
  transform?: BoxTransform;
}

/** Detections as a struct of arrays, sorted by score, descending. */
export interface Detections {
  /** Number of detections. */
  count: number;
  /** 4 * count values: x1, y1, x2, y2 in source px (input px without a transform). */
  boxes: Float32Array;
  /** count scores. */
  scores: Float32Array;
  /** count class indices. */
  classes: Uint16Array;
  /** When tracking (docs/contracts.md contract 5): each detection's track ID, 0 when it belongs to no confirmed track. */
  trackIds?: Uint32Array;
}
