// Model picker (shipped, URL, file or drop), backend, thresholds and class names. The picker and the
// "Active model" line always name the model that is really detecting (issue 14, bugs 2 and 5).
import type { ModelInfo } from '../src/index.js';
import { $, detector } from './dom.js';

const modelChoice = $<HTMLSelectElement>('model-choice');
const customOption = $<HTMLOptionElement>('model-custom');
const modelUrl = $<HTMLInputElement>('model-url');
const active = $<HTMLParagraphElement>('model-active');
let modelObjectUrl = '';
/** Where the model asked for last came from, for the picker's label. */
let requested: { kind: 'shipped' | 'file' | 'URL'; name: string } = { kind: 'shipped', name: '' };

/** Errors that mean "this model did not load". */
const LOAD_ERRORS = new Set(['ModelLoadError', 'UnsupportedModelError', 'BackendUnavailableError']);

/** Shipped variants of the default model (issue 10, models/README.md): picker value -> URL, resolved
 * here so that the build carries the files. */
const VARIANTS: Record<string, string> = {
  'wrgb-fp16': new URL('../models/wrgb-416-fp16.onnx', import.meta.url).href,
  'wrgb-int8': new URL('../models/wrgb-416-int8.onnx', import.meta.url).href,
  'wrgb-nms': new URL('../models/wrgb-416-nms.onnx', import.meta.url).href,
};

/** The shipped model's classes keep their own colours (white, red, green, blue lights). */
const WRGB_COLORS = '#f5f5f5, #ff453a, #30d158, #0a84ff';

/** Loads a model from a local file (input or drop). */
export function useModelFile(file: File): void {
  if (modelObjectUrl) URL.revokeObjectURL(modelObjectUrl);
  // the file name travels in the fragment, so the perf panel can show it
  modelObjectUrl = `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}`;
  requested = { kind: 'file', name: file.name };
  detector.labels = '';
  detector.model = modelObjectUrl;
  active.textContent = `Loading ${file.name}…`;
}

function describe(info: ModelInfo): string {
  return `${info.name} · ${info.layout} ${info.inputWidth}×${info.inputHeight} · ${info.labels.length} classes · ${info.backend}`;
}

/** The picker entry of the model in use: '' (shipped) or 'file: x.onnx' / 'URL: x.onnx'. */
let activeEntry = '';

/** Points the picker at the model in use: the shipped one, or a "file: x.onnx" / "URL: x.onnx" entry. */
function syncPicker(): void {
  const variant = activeEntry in VARIANTS;
  customOption.textContent = variant ? '' : activeEntry;
  customOption.hidden = activeEntry === '' || variant;
  modelChoice.value = activeEntry === '' || variant ? activeEntry : 'custom';
  modelUrl.hidden = true;
}

/** 80-class models get the element's 80 distinct colours; the shipped model its own four. */
function syncPalette(info: ModelInfo): void {
  if (info.labels.join(',') === 'w,r,g,b') detector.style.setProperty('--yolo-colors', WRGB_COLORS);
  else detector.style.removeProperty('--yolo-colors');
}

/** Wires the model, backend, threshold and class name controls. */
export function initModelControls(): void {
  modelChoice.addEventListener('change', () => {
    modelUrl.hidden = modelChoice.value !== 'url';
    if (modelChoice.value === '') {
      requested = { kind: 'shipped', name: 'wrgb-416' };
      detector.model = '';
    } else if (modelChoice.value in VARIANTS) {
      requested = { kind: 'shipped', name: modelChoice.value };
      active.textContent = `Loading ${modelChoice.value}…`;
      detector.model = VARIANTS[modelChoice.value];
    } else if (modelChoice.value === 'url') modelUrl.focus();
  });
  modelUrl.addEventListener('change', () => {
    if (!modelUrl.value) return;
    requested = { kind: 'URL', name: modelUrl.value };
    active.textContent = `Loading ${modelUrl.value}…`;
    detector.model = modelUrl.value;
  });
  $<HTMLInputElement>('model-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) useModelFile(file);
  });
  $<HTMLSelectElement>('backend').addEventListener('change', (e) => {
    detector.backend = (e.target as HTMLSelectElement).value as 'auto' | 'wasm' | 'webgpu';
  });
  for (const [input, output, property] of [
    ['score', 'score-out', 'scoreThreshold'],
    ['iou', 'iou-out', 'iouThreshold'],
  ] as const) {
    $<HTMLInputElement>(input).addEventListener('input', (e) => {
      const value = Number((e.target as HTMLInputElement).value);
      $<HTMLOutputElement>(output).value = value.toFixed(2);
      detector[property] = value;
    });
  }
  $<HTMLInputElement>('labels').addEventListener('change', (e) => {
    detector.labels = (e.target as HTMLInputElement).value;
  });
  detector.addEventListener('yolo-ready', (e) => {
    active.textContent = `Active model: ${describe(e.detail)}`;
    active.classList.remove('failed');
    const variant = Object.keys(VARIANTS).find((k) => VARIANTS[k] === detector.model);
    activeEntry = variant ?? (detector.model ? `${detector.model.startsWith('blob:') ? 'file' : 'URL'}: ${e.detail.name}` : '');
    syncPicker();
    syncPalette(e.detail);
  });
  detector.addEventListener('yolo-error', (e) => {
    if (!LOAD_ERRORS.has(e.detail.name)) return;
    const info = detector.info;
    const what = requested.name || 'The model';
    active.textContent = info
      ? `${what} did not load (${e.detail.name}). Still using ${describe(info)}.`
      : `${what} did not load (${e.detail.name}): no model is active.`;
    active.classList.add('failed');
    syncPicker();
  });
}
