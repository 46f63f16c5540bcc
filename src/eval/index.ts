// Evaluation (docs/contracts.md, contract 6), pure TS: dataset reading and the mAP / confusion maths. The runner
// that decodes images and calls a detector is `evaluate()` in src/client.
export { datasetFromFiles, IMAGE_EXTENSIONS, type DatasetFile } from './dataset-from-files.js';
export { LABEL_ISSUE_KINDS, type Dataset, type DatasetImage, type ImageLabels, type LabelIssue, type LabelIssueKind } from './dataset.js';
export { parseYoloLabels } from './parse-yolo-labels.js';
export { parseDataYamlNames, parseNamesList } from './parse-class-names.js';
export { parseCoco, isCocoJson, type CocoLabels } from './parse-coco.js';
export {
  buildEvalReport,
  COCO_SIZE_BANDS,
  EVAL_METHOD,
  type EvalClass,
  type EvalImage,
  type EvalReport,
  type EvalSizeBand,
  type ScoredImageInput,
} from './eval-report.js';
export { evalReportToJson, EVAL_JSON_FORMAT } from './eval-report-to-json.js';
export { addToConfusion, emptyConfusion, CONFUSION_DEFAULTS } from './confusion-matrix.js';
export { bestF1, F1_THRESHOLD_STEPS, type BestF1, type ClassRanking } from './best-f1.js';
export { matchAtIoU, type ImageMatch } from './match-at-iou.js';
export {
  averagePrecision101,
  boxIoU,
  DEFAULT_IOU_THRESHOLDS,
  DEFAULT_SIZE_BANDS,
  evaluateMap,
  interpolatedPrecision101,
  type Box,
  type BoxesInput,
  type ImageGroundTruth,
  type ImagePredictions,
  type MapOptions,
  type MapResult,
  type SizeBand,
} from './map.js';
