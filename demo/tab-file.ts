// Video file tab: every frame of a file processed in the worker, with a live preview of the frame being
// processed, progress, cancel, frame selection (frame step, target fps, time range), a chart of
// detections per class, downloads, and the result playable inline when done.
import { isAbortError, partialResult, videoResultToCsv, videoResultToJson, videoResultToMot, type FrameResult, type VideoResult } from '../src/index.js';
import { clearClassChart, drawClassChart, showClassChart } from './class-chart.js';
import { $, detector, setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';
import { hidePreview, previewFrame, showResult, startPreview, stopPlayback } from './video-preview.js';
import { distinctObjectsText, enableTracking } from './track-controls.js';

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
    stopPlayback();
  },
};

/** A number input's value, or undefined when empty. */
function numberOf(id: string): number | undefined {
  const value = $<HTMLInputElement>(id).value.trim();
  return value === '' ? undefined : Number(value);
}

/** Wires the file input, the sample button and the cancel button. */
export function initFileTab(): void {
  $<HTMLInputElement>('video-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void processFile(file);
  });
  $<HTMLButtonElement>('video-sample').addEventListener('click', async () => {
    const blob = await (await fetch('/samples/lights-clip.mp4')).blob();
    void processFile(new File([blob], 'lights-clip.mp4', { type: 'video/mp4' }));
  });
  $<HTMLButtonElement>('video-tracks-sample').addEventListener('click', async () => {
    enableTracking();
    const blob = await (await fetch('/samples/lights-tracks.mp4')).blob();
    void processFile(new File([blob], 'lights-tracks.mp4', { type: 'video/mp4' }));
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
  clearClassChart();
  startPreview(file);
  const frames: FrameResult[] = [];
  status.textContent = `Opening ${file.name}…`;
  try {
    const result = await detector.processVideo(file, {
      signal: controller.signal,
      annotate: $<HTMLInputElement>('annotate').checked,
      frameStep: numberOf('frame-step'),
      targetFps: numberOf('target-fps') || undefined,
      start: numberOf('range-start'),
      end: numberOf('range-end'),
      onFrame: (frame) => {
        frames.push(frame);
        previewFrame(frame);
        if (frames.length % 10 === 0) drawClassChart(frames);
      },
      onProgress: (p) => {
        progress.value = p.total ? p.done / p.total : 0;
        status.textContent = `${p.done} / ${p.total} frames · ${p.framesPerSecond.toFixed(1)} fps · ${Math.ceil(p.etaSeconds)} s left`;
      },
    });
    // the frames passed to onFrame carry the element's class names (the `labels` attribute wins)
    const labelled = { ...result, frames, labels: frames[0]?.labels ?? result.labels };
    drawClassChart(frames);
    status.textContent = `Done: ${result.frames.length} frames of ${result.metadata.codec} ${result.metadata.width}×${result.metadata.height} in ${(result.timing.wallMs / 1000).toFixed(1)} s (${result.timing.framesPerSecond.toFixed(1)} fps). ${distinctObjectsText(labelled)}`;
    offerDownloads(labelled, file.name);
    if (job === controller) showResult(labelled);
  } catch (error) {
    const partial = partialResult(error);
    status.textContent = isAbortError(error)
      ? `Cancelled after ${partial?.frames.length ?? frames.length} frames.`
      : `${(error as Error).name}: ${(error as Error).message}`;
    if (partial && partial.frames.length > 0) {
      const labelled = { ...partial, labels: frames[0]?.labels ?? partial.labels };
      drawClassChart(partial.frames);
      offerDownloads(labelled, `${file.name} (partial)`);
      if (job === controller) showResult(labelled);
    } else if (job === controller) {
      hidePreview();
    }
  } finally {
    if (job === controller) {
      job = null;
      progress.hidden = true;
    }
    cancel.hidden = job === null;
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
  if (result.tracks) items.push(link('MOT', new Blob([videoResultToMot(result)], { type: 'text/plain' }), `${base}.mot.txt`));
  if (result.annotated) items.push(link('annotated video', result.annotated, `${base}.annotated.${result.annotated.type.includes('webm') ? 'webm' : 'mp4'}`));
  else if (result.annotatedUnavailableReason) items.push(document.createTextNode(` (no annotated video: ${result.annotatedUnavailableReason})`));
  downloads.replaceChildren('Download: ', ...items.flatMap((a, i) => (i ? [' · ', a] : [a])));
}
