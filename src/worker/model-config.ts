// Turns what a model says about itself (input metadata, metadata_props, the warm-up outputs) plus the
// user's overrides into the settings the engine runs with. Pure: tested in Node.

import {
  conventionForLayout,
  detectLayout,
  FASTESTV2_ANCHORS,
  FASTESTV2_STRIDES,
  UnsupportedModelError,
  YOLOV5_ANCHORS,
  YOLOV5_STRIDES,
  type LayoutName,
  type OutputTensor,
  type PreprocessConvention,
} from '../postprocess/index.js';
import type { LoadOptions, ModelInfo } from './api.js';
import { COCO80_LABELS } from './coco-labels.js';
import { parseImageSize, parseNames, parseNumberLists } from './python-literal.js';

/** The model input as onnxruntime describes it. */
export interface InputDescription {
  name: string;
  type: string;
  /** Dimensions; symbolic or unknown ones are strings or -1. */
  dims: readonly (number | string)[];
}

/** The resolved model input. */
export interface ResolvedInput {
  name: string;
  type: 'float32' | 'float16';
  width: number;
  height: number;
}

const DEFAULT_INPUT_SIZE = 640;
const TASKS_NOT_DETECT: Record<string, string> = {
  classify: 'an image classifier',
  segment: 'an instance-segmentation model',
  pose: 'a pose model',
  obb: 'an oriented-box (OBB) model',
};

/** Checks the model is a detector by its metadata and input, and fixes the input size. */
export function resolveInput(
  inputs: readonly InputDescription[],
  metadata: Readonly<Record<string, string>>,
  options: LoadOptions,
): ResolvedInput {
  const task = metadata.task;
  if (task && TASKS_NOT_DETECT[task]) {
    throw new UnsupportedModelError(`This model is ${TASKS_NOT_DETECT[task]} (metadata task=${task}), not an object detector.`);
  }
  if (inputs.length !== 1) {
    throw new UnsupportedModelError(`Expected one image input, the model has ${inputs.length} (${inputs.map((i) => i.name).join(', ')}).`);
  }
  const input = inputs[0];
  if (input.type !== 'float32' && input.type !== 'float16') {
    throw new UnsupportedModelError(`The input '${input.name}' is ${input.type}; only float32 and float16 image inputs are supported.`);
  }
  const d = input.dims;
  if (d.length !== 4 || (typeof d[1] === 'number' && d[1] !== 3)) {
    throw new UnsupportedModelError(
      `The input '${input.name}' has shape [${d.join(',')}]; expected an NCHW image [1,3,H,W].`,
    );
  }
  const fromMeta = metadata.imgsz ? parseImageSize(metadata.imgsz) : null;
  const fixed = (v: number | string) => (typeof v === 'number' && v > 0 ? v : 0);
  const width = options.inputWidth ?? (fixed(d[3]) || fromMeta?.width || DEFAULT_INPUT_SIZE);
  const height = options.inputHeight ?? (fixed(d[2]) || fromMeta?.height || DEFAULT_INPUT_SIZE);
  return { name: input.name, type: input.type, width, height };
}

/** Number of classes a layout's outputs carry, or 0 when the layout does not tell (end2end). */
export function classCount(layout: LayoutName, outputs: readonly OutputTensor[], anchorsPerCell: number): number {
  const last = (t: OutputTensor) => t.dims[t.dims.length - 1];
  switch (layout) {
    case 'yolov5':
    case 'yolov5-undecoded':
    case 'yolox':
      return last(outputs.find((t) => t.dims.length >= 2) ?? outputs[0]) - 5;
    case 'yolov5-heads':
      return last(outputs[0]) - 5;
    case 'yolov8': {
      const t = outputs.find((o) => o.dims.length >= 2) ?? outputs[0];
      return t.dims[t.dims.length - 2] - 4;
    }
    case 'fastestv2':
      return last(outputs[0]) - 5 * anchorsPerCell;
    default:
      return 0;
  }
}

/** The decode settings and labels of a model, from its warm-up outputs, metadata and overrides. */
export function resolveModel(
  warmupOutputs: readonly OutputTensor[],
  metadata: Readonly<Record<string, string>>,
  options: LoadOptions,
): Pick<ModelInfo, 'layout' | 'labels' | 'labelSource' | 'preprocess' | 'anchors' | 'strides'> {
  const layout = options.layout && options.layout !== 'auto' ? options.layout : detectLayout(warmupOutputs);
  const metaAnchors = metadata.anchors ? parseNumberLists(metadata.anchors) : null;
  const metaStrides = metadata.strides ? parseNumberLists(metadata.strides) : null;
  const needsAnchors = layout === 'yolov5-undecoded' || layout === 'yolov5-heads' || layout === 'fastestv2';
  const needsStrides = needsAnchors || layout === 'yolox';
  const defaultAnchors = layout === 'fastestv2' ? FASTESTV2_ANCHORS : YOLOV5_ANCHORS;
  const defaultStrides = layout === 'fastestv2' ? FASTESTV2_STRIDES : YOLOV5_STRIDES;
  const anchors = needsAnchors
    ? (options.anchors ?? (metaAnchors && Array.isArray(metaAnchors[0]) ? (metaAnchors as number[][]) : defaultAnchors))
    : undefined;
  const strides = needsStrides
    ? (options.strides ?? (metaStrides && typeof metaStrides[0] === 'number' ? (metaStrides as number[]) : defaultStrides))
    : undefined;
  const preprocess: PreprocessConvention = { ...conventionForLayout(layout), ...options.preprocess };

  const nc = classCount(layout, warmupOutputs, anchors ? anchors[0].length / 2 : 3);
  const fromMeta = metadata.names ? parseNames(metadata.names) : null;
  let labels: readonly string[];
  let labelSource: ModelInfo['labelSource'];
  if (options.labels && options.labels.length > 0) {
    labels = options.labels;
    labelSource = 'option';
  } else if (fromMeta) {
    labels = fromMeta;
    labelSource = 'metadata';
  } else if (nc === 80 || (nc === 0 && (layout === 'end2end' || layout === 'yolov7-nms'))) {
    // an already-suppressed output does not say how many classes it has; the end2end exports of YOLOv7
    // and YOLOv5-Lite that carry no `names` are COCO's by default
    labels = COCO80_LABELS;
    labelSource = 'coco80';
  } else {
    labels = Array.from({ length: Math.max(nc, 0) }, (_, i) => `class ${i}`);
    labelSource = 'generic';
  }
  return { layout, labels, labelSource, preprocess, anchors, strides };
}
