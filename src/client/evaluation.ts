// The evaluation API of the public entry (docs/contracts.md, contract 6): thin functions that load the dataset
// and report code on first use, so pages that only detect never download it. Types are free.
import type { Dataset } from '../eval/dataset.js';
import type { DatasetFile } from '../eval/dataset-from-files.js';

export type { Dataset, DatasetImage, ImageLabels, LabelIssue, LabelIssueKind } from '../eval/dataset.js';
export type { DatasetFile } from '../eval/dataset-from-files.js';
export type { EvalClass, EvalImage, EvalReport, EvalSizeBand } from '../eval/eval-report.js';
export { evalReportToJson, EVAL_JSON_FORMAT } from '../eval/eval-report-to-json.js';
export { evaluate, EVAL_SCORE_THRESHOLD, type EvaluateOptions } from './evaluate.js';

/**
 * Reads a labelled dataset from files: images with YOLO `.txt` labels (in `images/` + `labels/`
 * folders as Ultralytics lays them out, or side by side), or a COCO JSON with its images. Class names
 * come from a `data.yaml`, `classes.txt` / `*.names`, or the COCO categories. Label problems are
 * listed in `issues`, never thrown; an image without a label file is a background image.
 *
 * @param files - The files of a dropped or picked folder (`File.webkitRelativePath` gives their
 *   paths), or `{path, file}` pairs.
 */
export async function datasetFromFiles(files: Iterable<File | DatasetFile>): Promise<Dataset> {
  const list = [...files]; // taken now: a FileList or iterator may change while the code loads
  const { datasetFromFiles: read } = await import('../eval/eval-on-demand.js');
  return read(list);
}
