// Micro-benchmark of the preprocessing steps (draw, readback, pack) in a worker-like OffscreenCanvas.
import { ULTRALYTICS_CONVENTION, placeImage } from '../../src/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { fmt, median, table, type BenchReport } from './report.js';

export async function runPreprocessBench(): Promise<BenchReport> {
  const rows: (string | number)[][] = [];
  for (const [sw, sh, size] of [[810, 1080, 640], [1920, 1080, 416], [1280, 720, 640]]) {
    const src = new OffscreenCanvas(sw, sh);
    const sctx = src.getContext('2d')!;
    const grad = sctx.createLinearGradient(0, 0, sw, sh);
    grad.addColorStop(0, 'red');
    grad.addColorStop(1, 'blue');
    sctx.fillStyle = grad;
    sctx.fillRect(0, 0, sw, sh);
    const bitmap = await createImageBitmap(src);
    const ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true, alpha: false })!;
    const out = new Float32Array(3 * size * size);
    const packer = new PixelPacker();
    const p = placeImage(sw, sh, size, size, 'letterbox');
    for (const q of ['low', 'medium', 'high'] as const) {
      const draw: number[] = [];
      const read: number[] = [];
      const pack: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        ctx.imageSmoothingQuality = q;
        ctx.drawImage(bitmap, p.x, p.y, p.width, p.height);
        const t1 = performance.now();
        const px = ctx.getImageData(0, 0, size, size).data;
        const t2 = performance.now();
        packer.pack(px, size, size, ULTRALYTICS_CONVENTION, out);
        const t3 = performance.now();
        draw.push(t1 - t0);
        read.push(t2 - t1);
        pack.push(t3 - t2);
      }
      rows.push([`${sw}x${sh}→${size}`, q, fmt(median(draw)), fmt(median(read)), fmt(median(pack))]);
    }
  }
  const markdown = ['## preprocessing steps (median ms)', table(['source → input', 'quality', 'drawImage', 'getImageData', 'pack'], rows)].join('\n');
  return { markdown, data: rows };
}
