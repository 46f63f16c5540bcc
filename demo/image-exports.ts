// Image tab downloads: the detections of the photo on screen as JSON, COCO-style JSON, a YOLO label
// file, and the photo with its boxes as a PNG (issue 14).
import {
  drawDetections,
  frameResultToCoco,
  frameResultToJson,
  frameResultToYoloTxt,
  type FrameResult,
  type OverlayStyle,
} from '../src/index.js';
import { $, detector, download, screenPalette } from './dom.js';
import { displayStyle } from './display-controls.js';

function currentImage(): HTMLImageElement | null {
  const img = detector.querySelector('img');
  return img && img.complete && img.naturalWidth > 0 ? img : null;
}

/** The photo at its own size with the boxes drawn as on screen (thicker on large photos). */
async function annotatedPng(img: HTMLImageElement, result: FrameResult): Promise<Blob> {
  const width = img.naturalWidth;
  const height = img.naturalHeight;
  const scale = Math.max(1, width / 1000);
  const dpr = globalThis.devicePixelRatio || 1;
  const overlay = document.createElement('canvas');
  const style: OverlayStyle = {
    lineWidth: 2 * scale,
    font: `600 ${(12 * scale).toFixed(1)}px system-ui, sans-serif`,
    labelColor: 'auto',
    palette: screenPalette(),
    showScores: true,
    ...displayStyle(result.labels),
  };
  // drawDetections sizes its canvas as CSS px × devicePixelRatio: ask for the photo's own pixel size
  drawDetections(overlay, width / dpr, height / dpr, { x: 0, y: 0, width: width / dpr, height: height / dpr }, width, height, result.detections, result.labels, {
    ...style,
    lineWidth: style.lineWidth / dpr,
    font: style.font.replace(/[\d.]+px/, (px) => `${(parseFloat(px) / dpr).toFixed(1)}px`),
  });
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.drawImage(img, 0, 0);
  ctx.drawImage(overlay, 0, 0, width, height);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Wires the download buttons of the image tab. */
export function initImageExports(): void {
  const buttons = $<HTMLSpanElement>('image-exports');
  const sync = () => {
    const ready = currentImage() !== null && detector.lastDetections !== null;
    for (const b of buttons.querySelectorAll('button')) b.disabled = !ready;
  };
  detector.addEventListener('yolo-detections', sync);
  sync();
  buttons.addEventListener('click', async (e) => {
    const kind = (e.target as HTMLElement).closest('button')?.dataset.export;
    const img = currentImage();
    const result = detector.lastDetections;
    if (!kind || !img || !result) return;
    const fileName = img.dataset.name || 'image';
    const base = fileName.replace(/\.[^.]+$/, '');
    const image = { fileName, width: img.naturalWidth, height: img.naturalHeight };
    if (kind === 'json') download(new Blob([frameResultToJson(result, image, detector.info ?? undefined, 2)], { type: 'application/json' }), `${base}.detections.json`);
    if (kind === 'coco') download(new Blob([frameResultToCoco(result, image, 2)], { type: 'application/json' }), `${base}.coco.json`);
    if (kind === 'yolo') download(new Blob([frameResultToYoloTxt(result, image.width, image.height)], { type: 'text/plain' }), `${base}.txt`);
    if (kind === 'png') download(await annotatedPng(img, result), `${base}.annotated.png`);
  });
}
