// Video file tab: every frame of a file processed in the worker, with progress, cancel, a chart of
// detections per class and downloads.
import { isAbortError, partialResult, videoResultToCsv, videoResultToJson, type FrameResult, type VideoResult } from '../src/index.js';
import { drawClassChart, showClassChart } from './class-chart.js';
import { $, detector, setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';

const progress = $<HTMLProgressElement>('video-progress');
const status = $<HTMLSpanElement>('video-status');
const cancel = $<HTMLButtonElement>('video-cancel');
const downloads = $<HTMLSpanElement>('video-downloads');
let job: AbortController | null = null;

/** The video file tab. */
export const fileTab: DemoTab = {
  id: 'file',
  enter() {
    setMedia(null);
    showClassChart(true);
  },
  leave() {
    showClassChart(false);
  },
};

/** Wires the file input and the cancel button. */
export function initFileTab(): void {
  $<HTMLInputElement>('video-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void processFile(file);
  });
  cancel.addEventListener('click', () => job?.abort());
}

/** Runs a video job on `file`, replacing any running one. */
export async function processFile(file: File): Promise<void> {
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
  const items: (HTMLAnchorElement | Text)[] = [
    link('JSON', new Blob([videoResultToJson(result)], { type: 'application/json' }), `${base}.detections.json`),
    link('CSV', new Blob([videoResultToCsv(result)], { type: 'text/csv' }), `${base}.detections.csv`),
  ];
  if (result.annotated) items.push(link('annotated video', result.annotated, `${base}.annotated.${result.annotated.type.includes('webm') ? 'webm' : 'mp4'}`));
  else if (result.annotatedUnavailableReason) items.push(document.createTextNode(` (no annotated video: ${result.annotatedUnavailableReason})`));
  downloads.replaceChildren('Download: ', ...items.flatMap((a, i) => (i ? [' · ', a] : [a])));
}
