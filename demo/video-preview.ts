// The video file tab's picture (issue 14): while a job runs, the frame being processed with its boxes
// (the preview video seeks to the newest result, a few times a second); when it is done, the result
// plays inline: the annotated video when one was made, else the original with the job's boxes drawn
// on each frame as it plays.
import { contentRect, drawDetections, type FrameResult } from '../src/index.js';
import { $, screenPalette } from './dom.js';
import { displayStyle } from './display-controls.js';

const box = $<HTMLDivElement>('video-preview');
const video = $<HTMLVideoElement>('preview-video');
const overlay = $<HTMLCanvasElement>('preview-overlay');
const caption = $<HTMLParagraphElement>('preview-caption');

/** Seeks at most this often during a job (each seek decodes a frame on the main thread). */
const PREVIEW_INTERVAL_MS = 250;

let sourceUrl = '';
let resultUrl = '';
let pending: FrameResult | null = null;
let shown: FrameResult | null = null;
let seeking = false;
let lastSeek = 0;
let frames: readonly FrameResult[] = [];
let playing = false;

function draw(result: FrameResult | null): void {
  shown = result;
  const rect = video.getBoundingClientRect();
  const content = contentRect(video.videoWidth, video.videoHeight, rect.width, rect.height, 'contain', '50% 50%');
  drawDetections(overlay, rect.width, rect.height, content, video.videoWidth, video.videoHeight, result?.detections ?? null, result?.labels ?? [], {
    lineWidth: 2,
    font: '600 12px system-ui, sans-serif',
    labelColor: 'auto',
    palette: screenPalette(),
    showScores: true,
    ...displayStyle(result?.labels ?? []),
  });
}

function seekTo(result: FrameResult): void {
  seeking = true;
  lastSeek = performance.now();
  pending = null;
  shown = result;
  // a hair past the timestamp, so the seek lands on this frame and not the one before
  video.currentTime = (result.timestamp ?? 0) + 0.001;
}

video.addEventListener('seeked', () => {
  seeking = false;
  if (playing) draw(frameAt(video.currentTime)); // the user moved the time bar
  else {
    draw(shown);
    if (shown) caption.textContent = `Processing: frame ${shown.frame} at ${(shown.timestamp ?? 0).toFixed(2)} s, ${shown.detections.count} detections.`;
  }
  if (pending) {
    const wait = Math.max(0, PREVIEW_INTERVAL_MS - (performance.now() - lastSeek));
    setTimeout(() => pending && !seeking && seekTo(pending), wait);
  }
});

/** The result frame shown at media time `t`: the last one at or before it. */
function frameAt(t: number): FrameResult | null {
  let lo = 0;
  let hi = frames.length - 1;
  let found: FrameResult | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((frames[mid].timestamp ?? 0) <= t + 1e-3) {
      found = frames[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function onVideoFrame(_now: number, meta: VideoFrameCallbackMetadata): void {
  if (!playing) return;
  const result = frameAt(meta.mediaTime);
  if (result !== shown) draw(result);
  video.requestVideoFrameCallback(onVideoFrame);
}

/** Starts previewing a new job on `file`. */
export function startPreview(file: Blob): void {
  stopPlayback();
  if (sourceUrl) URL.revokeObjectURL(sourceUrl);
  if (resultUrl) URL.revokeObjectURL(resultUrl);
  resultUrl = '';
  sourceUrl = URL.createObjectURL(file);
  video.controls = false;
  video.loop = false;
  video.src = sourceUrl;
  box.hidden = false;
  pending = null;
  shown = null;
  seeking = false;
  draw(null);
  caption.textContent = 'Processing: the preview shows the frame being processed, with its boxes.';
}

/** Shows a job's newest frame (throttled: only the newest is kept while a seek is in flight). */
export function previewFrame(result: FrameResult): void {
  if (playing) return;
  if (seeking || performance.now() - lastSeek < PREVIEW_INTERVAL_MS) {
    const first = pending === null;
    pending = result;
    if (first && !seeking) setTimeout(() => pending && !seeking && seekTo(pending), PREVIEW_INTERVAL_MS);
    return;
  }
  seekTo(result);
}

/** When the job is done: play the annotated video inline, or the original with the job's boxes. */
export function showResult(result: { frames: readonly FrameResult[]; annotated?: Blob }): void {
  pending = null;
  frames = result.frames;
  video.controls = true;
  video.loop = true;
  if (result.annotated) {
    resultUrl = URL.createObjectURL(result.annotated);
    video.src = resultUrl;
    draw(null);
    playing = false;
    caption.textContent = 'Done: the annotated video (boxes drawn into the frames). Press play.';
    return;
  }
  playing = true;
  video.currentTime = 0;
  const first = frameAt(0);
  draw(first);
  video.requestVideoFrameCallback(onVideoFrame);
  caption.textContent = 'Done: the video with the boxes found in each frame. Press play, or step with the time bar.';
}

/** A job that ended with no frame to show (an unreadable file, cancelled at once): no preview box. */
export function hidePreview(): void {
  stopPlayback();
  pending = null;
  shown = null;
  video.removeAttribute('src');
  video.load();
  if (sourceUrl) URL.revokeObjectURL(sourceUrl);
  sourceUrl = '';
  box.hidden = true;
  caption.textContent = '';
}

/** Stops overlay playback (a new job, or the tab is left). */
export function stopPlayback(): void {
  playing = false;
  video.pause();
}

/** Redraws on resize (the overlay follows the video's displayed size). */
export function initPreview(): void {
  new ResizeObserver(() => draw(shown)).observe(video);
  video.addEventListener('play', () => playing && video.requestVideoFrameCallback(onVideoFrame));
}
