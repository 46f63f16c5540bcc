// evaluate(): runs every image of a dataset through a detector and scores it (docs/contracts.md, contract 6).
// One image is decoded at a time and closed before the next is read, so memory holds one bitmap plus
// the (small) detections kept for the report, however large the dataset.

import type { EvalReport, ScoredImageInput } from '../eval/eval-report.js';
import type { Dataset, ImageLabels, LabelIssue } from '../eval/dataset.js';
import { abortError, InputError } from '../postprocess/index.js';
import type { Tiling } from '../postprocess/index.js';
import type { FrameOptions } from '../worker/api.js';
import { disposedError, type Detector } from './detector.js';

/** `yolo val`'s score threshold: keep nearly every detection, so the PR curve reaches high recall. */
export const EVAL_SCORE_THRESHOLD = 0.001;

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Cancels the run: the promise rejects with AbortError. */
  signal?: AbortSignal;
  /** Called after each image. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Tiled inference for each image (docs/contracts.md, contract 4), passed to `detect`; default the detector's. */
  tiling?: Tiling;
  /** Score threshold of the run (default 0.001, as `yolo val`). */
  scoreThreshold?: number;
  /** NMS IoU threshold and detection cap (default: the detector's). */
  iouThreshold?: number;
  maxDetections?: number;
}

/** Labels of one image in source px, with out-of-range classes dropped (and reported). */
function labelsInPixels(labels: ImageLabels | null, width: number, height: number, nc: number, issues: LabelIssue[]) {
  const boxes: number[] = [];
  const classes: number[] = [];
  if (labels) {
    labels.classes.forEach((c, k) => {
      if (c >= nc) {
        issues.push({
          kind: 'class-out-of-range',
          file: labels.source,
          line: labels.lines[k],
          message: `class ${c} is out of range: there are ${nc} classes (0..${nc - 1}).`,
        });
        return;
      }
      const sx = labels.normalized ? width : 1;
      const sy = labels.normalized ? height : 1;
      boxes.push(labels.boxes[4 * k] * sx, labels.boxes[4 * k + 1] * sy, labels.boxes[4 * k + 2] * sx, labels.boxes[4 * k + 3] * sy);
      classes.push(c);
    });
  }
  return { boxes: new Float32Array(boxes), classes: new Uint16Array(classes) };
}

/**
 * Evaluates `detector` on `dataset` as `yolo val` does: every image at score threshold 0.001, then
 * COCO mAP@0.5 and mAP@0.5:0.95 (101-point interpolation), per-class AP, precision and recall at the
 * best-F1 threshold, a confusion matrix, COCO size bands and per-image results (see {@link EvalReport}).
 * Class names are the dataset's, else the model's. Label problems and unreadable images are listed in
 * the report, not thrown.
 *
 * @throws InputError for an empty dataset; AbortError when `signal` aborts; the detector's errors.
 */
export async function evaluate(detector: Detector, dataset: Dataset, options: EvaluateOptions = {}): Promise<EvalReport> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError('Evaluation cancelled.');
  if (detector.disposed) throw disposedError();
  if (dataset.images.length === 0) {
    throw new InputError('The dataset has no images (jpg, png, webp, bmp, gif or avif): drop the folder that holds them.');
  }
  const start = performance.now();
  const modelLabels = detector.info.labels;
  const classNames = dataset.names.length > 0 ? dataset.names : [...modelLabels];
  const nc = classNames.length;
  const warnings: string[] = [];
  if (dataset.names.length > 0 && dataset.names.some((n, i) => i < modelLabels.length && n !== modelLabels[i])) {
    warnings.push(`The dataset's class names (${dataset.names.slice(0, 6).join(', ')}…) differ from the model's (${modelLabels.slice(0, 6).join(', ')}…): classes are matched by index.`);
  }
  if (dataset.names.length > 0 && dataset.names.length !== modelLabels.length) {
    warnings.push(`The dataset has ${dataset.names.length} classes, the model ${modelLabels.length}: detections of classes >= ${dataset.names.length} are not scored.`);
  }
  const frame: FrameOptions = {
    scoreThreshold: options.scoreThreshold ?? EVAL_SCORE_THRESHOLD,
    iouThreshold: options.iouThreshold ?? detector.frameOptions.iouThreshold,
    maxDetections: options.maxDetections ?? detector.frameOptions.maxDetections,
    classAgnostic: detector.frameOptions.classAgnostic,
    track: false, // images of a dataset are not frames of one stream
  };
  if (options.tiling !== undefined) frame.tiling = options.tiling;

  const issues = [...dataset.issues];
  const scored: ScoredImageInput[] = [];
  const total = dataset.images.length;
  for (let i = 0; i < total; i++) {
    if (signal?.aborted) throw abortError('Evaluation cancelled.');
    if (detector.disposed) throw abortError('The detector was disposed during the evaluation.'); // a call running at dispose() aborts
    const image = dataset.images[i];
    let bitmap: ImageBitmap | null = null;
    try {
      bitmap = await createImageBitmap(image.file);
    } catch (cause) {
      issues.push({ kind: 'unreadable-image', file: image.name, message: `Could not decode the image (${(cause as Error).message}): not scored.` });
    }
    if (bitmap) {
      try {
        const { width, height } = bitmap;
        const result = await detector.detect(bitmap, { ...frame, signal });
        const groundTruth = labelsInPixels(image.labels, width, height, nc, issues);
        scored.push({ name: image.name, width, height, detections: result.detections, groundTruth, background: image.labels === null });
      } finally {
        bitmap.close(); // the next image is decoded only once this one is released
      }
    }
    onProgress?.({ done: i + 1, total });
  }
  const { buildEvalReport } = await import('../eval/eval-on-demand.js'); // the maths loads on first use
  const report = buildEvalReport(scored, classNames, issues, warnings);
  const info = detector.info;
  report.settings = {
    model: info.name,
    layout: info.layout,
    inputWidth: info.inputWidth,
    inputHeight: info.inputHeight,
    backend: info.backend,
    scoreThreshold: frame.scoreThreshold,
    iouThreshold: frame.iouThreshold ?? 'detector default',
    maxDetections: frame.maxDetections ?? 'detector default',
    classAgnostic: frame.classAgnostic ?? false,
    tiling: options.tiling ?? detector.frameOptions.tiling ?? 'off',
    datasetFormat: dataset.format,
    namesSource: dataset.namesSource || 'model',
    wallMs: Math.round(performance.now() - start),
  };
  return report;
}
