// Evaluate tab: drop or pick a labelled folder, evaluate the current model on it (a detector of its
// own, same model and backend as the element), then the tables, PR curves, confusion matrix, the worst
// images, a button that applies the best-F1 threshold to the element, and the JSON report.
import {
  createDetector,
  datasetFromFiles,
  evalReportToJson,
  evaluate,
  isAbortError,
  type Dataset,
  type DatasetFile,
  type EvalReport,
  type Tiling,
} from '../../src/index.js';
import { $, detector, setMedia } from '../dom.js';
import type { DemoTab } from '../tabs.js';
import { parseTilingAttribute } from '../../src/ui/yolo-detector/tiling-attribute.js';
import { confusionTable } from './confusion-table.js';
import { filesFromDrop } from './folder-drop.js';
import { MissBrowser } from './miss-browser.js';
import { drawPrCurves } from './pr-plot.js';
import { classTable, issueList, sizeBandTable } from './report-tables.js';
import './evaluate.css';

/** A new element with properties set. */
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}): HTMLElementTagNameMap[K] =>
  Object.assign(document.createElement(tag), props);

const folderInput = el('input', { type: 'file', id: 'eval-folder', multiple: true, webkitdirectory: true });
const drop = el('label', { className: 'file drop', id: 'eval-drop' });
const progress = el('progress', { id: 'eval-progress', max: 1, value: 0, hidden: true });
const status = el('span', { id: 'eval-status' });
const cancel = el('button', { id: 'eval-cancel', type: 'button', textContent: 'Cancel', hidden: true });
const results = el('div', { id: 'eval-results', hidden: true });
const missBrowser = new MissBrowser();
let job: AbortController | null = null;
let lastReport: EvalReport | null = null;

/** The evaluate tab. */
export const evaluateTab: DemoTab = {
  id: 'evaluate',
  enter() {
    setMedia(null);
    detector.hidden = true;
    if (lastReport) drawPrCurves($<HTMLCanvasElement>('eval-pr'), lastReport);
  },
  leave() {
    detector.hidden = false;
  },
};

/** Builds the tab's controls into #panel-evaluate and wires them. */
export function initEvaluateTab(): void {
  const panel = $<HTMLElement>('panel-evaluate');
  status.setAttribute('role', 'status');
  drop.append('Drop a labelled folder (images + YOLO .txt labels with data.yaml, or a COCO JSON + images) or click to pick one ', folderInput);
  const controls = el('div', { className: 'eval-controls' });
  controls.append(drop, progress, cancel, status);
  panel.append(controls, results);
  folderInput.addEventListener('change', () => {
    if (folderInput.files && folderInput.files.length > 0) void run([...folderInput.files]);
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation(); // the page-wide drop handler would treat the first file as media
    drop.classList.remove('over');
    if (e.dataTransfer) void filesFromDrop(e.dataTransfer).then(run);
  });
  cancel.addEventListener('click', () => job?.abort());
}

function elementLabels(): string[] | undefined {
  const labels = detector.labels.split(',').map((s) => s.trim()).filter(Boolean);
  return labels.length > 0 ? labels : undefined;
}

/** The element's tiling setting (the demo's Tiling control), so the evaluation runs as the page detects. */
function elementTiling(): Tiling {
  try {
    return parseTilingAttribute(detector.tiling, detector.tileOverlap);
  } catch {
    return 'off';
  }
}

async function run(files: (File | DatasetFile)[]): Promise<void> {
  job?.abort();
  const controller = new AbortController();
  job = controller;
  results.hidden = true;
  progress.hidden = false;
  progress.value = 0;
  cancel.hidden = false;
  status.textContent = `Reading ${files.length} files…`;
  let model: Awaited<ReturnType<typeof createDetector>> | null = null;
  try {
    const dataset = await datasetFromFiles(files);
    status.textContent = `${dataset.images.length} images (${dataset.format} labels). Loading the model…`;
    model = await createDetector({ model: detector.model || undefined, backend: detector.backend, labels: elementLabels(), signal: controller.signal });
    const started = performance.now();
    const report = await evaluate(model, dataset, {
      signal: controller.signal,
      tiling: elementTiling(),
      onProgress: ({ done, total }) => {
        progress.value = done / total;
        const rate = done / ((performance.now() - started) / 1000);
        status.textContent = `${done} / ${total} images · ${rate.toFixed(1)} images/s · ${Math.ceil((total - done) / rate)} s left`;
      },
    });
    lastReport = report;
    status.textContent = `Done: ${report.images} images, ${report.labels} labels in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    showReport(report, dataset);
  } catch (error) {
    status.textContent = isAbortError(error) ? 'Cancelled.' : `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    model?.dispose();
    if (job === controller) job = null;
    cancel.hidden = true;
    progress.hidden = true;
  }
}

function showReport(report: EvalReport, dataset: Dataset): void {
  const headline = el('p', { className: 'eval-headline' });
  headline.innerHTML = '';
  headline.append(
    el('strong', { id: 'eval-map50', textContent: `mAP@0.5 ${report.map50.toFixed(3)}` }),
    ' · ',
    el('strong', { id: 'eval-map5095', textContent: `mAP@0.5:0.95 ${report.map50to95.toFixed(3)}` }),
    ` · best F1 ${report.bestF1.f1.toFixed(3)} at score > ${report.bestF1.threshold.toFixed(3)} · ${report.images} images (${report.backgroundImages} background), ${report.labels} labels · tiling ${JSON.stringify(report.settings?.tiling)}`,
  );
  const apply = el('button', { id: 'eval-apply', type: 'button', textContent: `Use score threshold ${report.bestF1.threshold.toFixed(3)} on the detector` });
  apply.addEventListener('click', () => {
    detector.scoreThreshold = report.bestF1.threshold;
    $<HTMLInputElement>('score').value = String(report.bestF1.threshold);
    $<HTMLOutputElement>('score-out').value = report.bestF1.threshold.toFixed(3);
    apply.textContent = `Score threshold set to ${report.bestF1.threshold.toFixed(3)}`;
  });
  const json = el('a', {
    id: 'eval-json',
    className: 'download',
    textContent: 'Download the report (JSON)',
    href: URL.createObjectURL(new Blob([evalReportToJson(report)], { type: 'application/json' })),
    download: 'evaluation-report.json',
  });
  const actions = el('p', { className: 'eval-actions' });
  actions.append(apply, ' ', json);
  const warnings = report.warnings.map((w) => el('p', { className: 'eval-warning', textContent: w }));
  const note = el('p', { className: 'hint', textContent: `AP: ${report.method.ap}. Scored at score > ${String(report.settings?.scoreThreshold)}.` });
  const pr = el('canvas', { id: 'eval-pr', className: 'eval-pr' });
  const prTitle = el('h3', { textContent: 'Precision-recall curves (IoU 0.5)' });
  const old = results.querySelector<HTMLAnchorElement>('#eval-json');
  if (old) URL.revokeObjectURL(old.href);
  results.replaceChildren(headline, actions, ...warnings, classTable(report), sizeBandTable(report), note, prTitle, pr, confusionTable(report), issueList(report), missBrowser.element);
  results.hidden = false;
  drawPrCurves(pr, report);
  missBrowser.setReport(report, dataset);
}
