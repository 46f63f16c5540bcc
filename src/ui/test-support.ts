// Helpers shared by the element tests (browser only; not exported by the package).
import { constantOutputModel } from '../../test/helpers/onnx-builder.js';

/**
 * A 64x64-input model whose output is fixed YOLOv5 rows (cx cy w h obj c0 c1, input px), with
 * optional `names` metadata. Returned as a blob: URL.
 */
export function fixedModelUrl(rows: number[][], names?: string): string {
  const data = new Float32Array(rows.flat());
  const bytes = constantOutputModel(64, [{ name: 'output0', dims: [1, rows.length, rows[0].length], data }], names ? { names } : undefined);
  return URL.createObjectURL(new Blob([bytes as BlobPart]));
}

/** Resolves with the next event of that name on `target`. */
export function nextEvent<T = unknown>(target: EventTarget, name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(name, (e) => resolve(e as CustomEvent<T>), { once: true }));
}

/** A solid-colour canvas of the given size. */
export function solidCanvas(width: number, height: number, color = '#333'): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
  return canvas;
}

/**
 * A muted `<video>` showing a 64x64 canvas stream repainted in a new hue every `1000 / fps` ms, so
 * every frame differs; `stop()` ends the repainting. The video is not attached or playing yet.
 */
export function paintedVideo(fps: number): { video: HTMLVideoElement; stop: () => void } {
  const source = solidCanvas(64, 64);
  const ctx = source.getContext('2d')!;
  let n = 0;
  const paint = setInterval(() => {
    ctx.fillStyle = `hsl(${(n += 30) % 360} 80% 50%)`;
    ctx.fillRect(0, 0, 64, 64);
  }, 1000 / fps);
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = source.captureStream(fps);
  return { video, stop: () => clearInterval(paint) };
}
