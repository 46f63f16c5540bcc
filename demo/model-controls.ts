// Model picker (shipped, URL, file or drop), backend, thresholds and labels.
import { $, detector } from './dom.js';

const modelChoice = $<HTMLSelectElement>('model-choice');
const modelUrl = $<HTMLInputElement>('model-url');
let modelObjectUrl = '';

/** Loads a model from a local file (input or drop). */
export function useModelFile(file: File): void {
  if (modelObjectUrl) URL.revokeObjectURL(modelObjectUrl);
  // the file name travels in the fragment, so the perf panel can show it
  modelObjectUrl = `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}`;
  detector.labels = '';
  detector.model = modelObjectUrl;
}

/** Wires the model, backend, threshold and label controls. */
export function initModelControls(): void {
  modelChoice.addEventListener('change', () => {
    modelUrl.hidden = modelChoice.value !== 'url';
    if (modelChoice.value === '') detector.model = '';
    else modelUrl.focus();
  });
  modelUrl.addEventListener('change', () => {
    if (modelUrl.value) detector.model = modelUrl.value;
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
}
