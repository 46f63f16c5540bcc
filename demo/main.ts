// The demo page: one <yolo-detector> whose media changes with the tab (sample photos, a sample clip,
// the camera, or a dropped video file processed frame by frame), a model picker and threshold sliders.
import '../src/define.js';
import {
  classColor,
  isAbortError,
  partialResult,
  videoResultToCsv,
  videoResultToJson,
  type FrameResult,
  type VideoResult,
} from '../src/index.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const detector = $<HTMLElementTagNameMap['yolo-detector']>('detector');
const summary = $<HTMLParagraphElement>('summary');
const chart = $<HTMLCanvasElement>('class-chart');

// ---- model and thresholds --------------------------------------------------------------------

const modelChoice = $<HTMLSelectElement>('model-choice');
const modelUrl = $<HTMLInputElement>('model-url');
let modelObjectUrl = '';

modelChoice.addEventListener('change', () => {
  modelUrl.hidden = modelChoice.value !== 'url';
  if (modelChoice.value === '') detector.model = '';
  else modelUrl.focus();
});
modelUrl.addEventListener('change', () => {
  if (modelUrl.value) detector.model = modelUrl.value;
});

function useModelFile(file: File): void {
  if (modelObjectUrl) URL.revokeObjectURL(modelObjectUrl);
  // the file name travels in the fragment, so the perf panel can show it
  modelObjectUrl = `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}`;
  detector.labels = '';
  detector.model = modelObjectUrl;
}
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
  const info = e.detail;
  summary.textContent = `Loaded ${info.name}: ${info.layout}, ${info.inputWidth}×${info.inputHeight}, ${info.labels.length} classes (labels from ${info.labelSource}), ${info.backend}${info.fallbackReason ? ` (${info.fallbackReason})` : ''}.`;
});
detector.addEventListener('yolo-detections', (e) => {
  if (currentTab === 'file') return;
  const r = e.detail;
  summary.textContent = `Frame ${r.frame}: ${r.detections.count} detections${countsByClass(r)} in ${r.timings.totalMs.toFixed(1)} ms (inference ${r.timings.inferenceMs.toFixed(1)} ms).`;
});

function countsByClass(r: FrameResult): string {
  const counts = new Map<string, number>();
  for (let i = 0; i < r.detections.count; i++) {
    const label = r.labels[r.detections.classes[i]] ?? `class ${r.detections.classes[i]}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts.size ? ` (${[...counts].map(([l, n]) => `${l}: ${n}`).join(', ')})` : '';
}

// ---- tabs and media --------------------------------------------------------------------------

type Tab = 'image' | 'video' | 'camera' | 'file';
let currentTab: Tab = 'image';

function setMedia(element: HTMLElement | null): void {
  for (const child of [...detector.children]) {
    if (child instanceof HTMLVideoElement) child.pause();
    child.remove();
  }
  if (element) detector.append(element);
}

function photo(src: string): HTMLImageElement {
  const img = document.createElement('img');
  img.src = src;
  img.alt = 'Photo to detect on';
  return img;
}

function clip(): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.loop = true;
  video.autoplay = true;
  video.playsInline = true;
  video.controls = true;
  const webm = document.createElement('source');
  webm.src = '/samples/lights-clip.webm';
  webm.type = 'video/webm';
  const mp4 = document.createElement('source');
  mp4.src = '/samples/lights-clip.mp4';
  mp4.type = 'video/mp4';
  video.append(mp4, webm);
  return video;
}

function showTab(tab: Tab): void {
  currentTab = tab;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === tab));
  }
  for (const tools of document.querySelectorAll<HTMLElement>('.tab-tools')) tools.hidden = tools.dataset.for !== tab;
  chart.hidden = tab !== 'file';
  if (tab !== 'camera' && detector.camera) toggleCamera(false);
  if (tab === 'image') setMedia(photo('/samples/lights-1.jpg'));
  if (tab === 'video') setMedia(clip());
  if (tab === 'camera') setMedia(null);
  if (tab === 'file') setMedia(null);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
  button.addEventListener('click', () => showTab(button.dataset.tab as Tab));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-sample]')) {
  button.addEventListener('click', () => setMedia(photo(button.dataset.sample!)));
}
$<HTMLInputElement>('image-file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) setMedia(photo(URL.createObjectURL(file)));
});

const cameraToggle = $<HTMLButtonElement>('camera-toggle');
function toggleCamera(on: boolean): void {
  detector.camera = on;
  cameraToggle.textContent = on ? 'Stop camera' : 'Start camera';
}
cameraToggle.addEventListener('click', () => toggleCamera(!detector.camera));

// Dropping an .onnx anywhere loads it; a video on the file tab is processed.
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (!file) return;
  if (file.name.toLowerCase().endsWith('.onnx')) useModelFile(file);
  else if (file.type.startsWith('video/')) {
    showTab('file');
    void processFile(file);
  } else if (file.type.startsWith('image/')) {
    showTab('image');
    setMedia(photo(URL.createObjectURL(file)));
  }
});

// ---- video file: every frame, with progress, cancel, chart and downloads ---------------------

const progress = $<HTMLProgressElement>('video-progress');
const status = $<HTMLSpanElement>('video-status');
const cancel = $<HTMLButtonElement>('video-cancel');
const downloads = $<HTMLSpanElement>('video-downloads');
let job: AbortController | null = null;

$<HTMLInputElement>('video-file').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) void processFile(file);
});
cancel.addEventListener('click', () => job?.abort());

async function processFile(file: File): Promise<void> {
  job?.abort();
  const controller = new AbortController();
  job = controller;
  downloads.replaceChildren();
  progress.hidden = false;
  cancel.hidden = false;
  progress.value = 0;
  const frames: FrameResult[] = [];
  status.textContent = `Opening ${file.name}…`;
  try {
    const result = await detector.processVideo(file, {
      signal: controller.signal,
      annotate: $<HTMLInputElement>('annotate').checked,
      onFrame: (frame) => {
        frames.push(frame);
        if (frames.length % 10 === 0) drawClassChart(frames);
      },
      onProgress: (p) => {
        progress.value = p.total ? p.done / p.total : 0;
        status.textContent = `${p.done} / ${p.total} frames · ${p.framesPerSecond.toFixed(1)} fps · ${Math.ceil(p.etaSeconds)} s left`;
      },
    });
    drawClassChart(result.frames);
    status.textContent = `Done: ${result.frames.length} frames of ${result.metadata.codec} ${result.metadata.width}×${result.metadata.height} in ${(result.timing.wallMs / 1000).toFixed(1)} s (${result.timing.framesPerSecond.toFixed(1)} fps).`;
    offerDownloads(result, file.name);
  } catch (error) {
    const partial = partialResult(error);
    status.textContent = isAbortError(error)
      ? `Cancelled after ${partial?.frames.length ?? frames.length} frames.`
      : `${(error as Error).name}: ${(error as Error).message}`;
    if (partial && partial.frames.length > 0) {
      drawClassChart(partial.frames);
      offerDownloads(partial, `${file.name} (partial)`);
    }
  } finally {
    if (job === controller) job = null;
    cancel.hidden = true;
  }
}

function offerDownloads(result: VideoResult, name: string): void {
  const base = name.replace(/\.[^.]+$/, '');
  const link = (label: string, blob: Blob, fileName: string) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName;
    a.textContent = label;
    a.className = 'download';
    return a;
  };
  const items = [
    link('JSON', new Blob([videoResultToJson(result)], { type: 'application/json' }), `${base}.detections.json`),
    link('CSV', new Blob([videoResultToCsv(result)], { type: 'text/csv' }), `${base}.detections.csv`),
  ];
  if (result.annotated) items.push(link('annotated video', result.annotated, `${base}.annotated.${result.annotated.type.includes('webm') ? 'webm' : 'mp4'}`));
  else if (result.annotatedUnavailableReason) items.push(document.createTextNode(` (no annotated video: ${result.annotatedUnavailableReason})`) as unknown as HTMLAnchorElement);
  downloads.replaceChildren('Download: ', ...items.flatMap((a, i) => (i ? [' · ', a] : [a])));
}

/** Detections per class over media time, one line per class. */
function drawClassChart(frames: readonly FrameResult[]): void {
  const ctx = chart.getContext('2d');
  if (!ctx || frames.length === 0) return;
  const width = chart.width;
  const height = chart.height;
  ctx.clearRect(0, 0, width, height);
  const labels = frames[0].labels;
  const series = new Map<number, number[]>();
  frames.forEach((f, i) => {
    for (let k = 0; k < f.detections.count; k++) {
      const cls = f.detections.classes[k];
      if (!series.has(cls)) series.set(cls, new Array(frames.length).fill(0));
      series.get(cls)![i]++;
    }
  });
  const max = Math.max(1, ...[...series.values()].flatMap((s) => s));
  const t0 = frames[0].timestamp ?? 0;
  const t1 = frames[frames.length - 1].timestamp ?? frames.length;
  const x = (f: FrameResult, i: number) => ((((f.timestamp ?? i) - t0) / Math.max(1e-6, t1 - t0)) * (width - 60));
  ctx.font = '12px system-ui';
  let legend = 0;
  for (const [cls, counts] of series) {
    ctx.strokeStyle = classColor(cls);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    frames.forEach((f, i) => {
      const y = height - 4 - (counts[i] / max) * (height - 12);
      if (i === 0) ctx.moveTo(x(f, i), y);
      else ctx.lineTo(x(f, i), y);
    });
    ctx.stroke();
    ctx.fillStyle = classColor(cls);
    ctx.fillText(`${labels[cls] ?? `class ${cls}`}`, width - 55, 14 + legend++ * 14);
  }
}

showTab('image');
