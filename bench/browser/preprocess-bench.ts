// Micro-benchmark of the preprocessing steps (draw, readback, pack) in a worker-like OffscreenCanvas,
// and of the 'bilinear' path on decoded video frames: the worker's FramePreprocessor against round 2's
// path (canvas draw + getImageData, float resize into RGBA, pack), alternating frame by frame.
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
import { ULTRALYTICS_CONVENTION, YOLOX_CONVENTION, placeImage } from '../../src/index.js';
import { FramePreprocessor } from '../../src/worker/preprocess.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { BilinearResizer as FloatResizer } from '../float-resize.js';
import { fixture, fmt, median, table, type BenchReport } from './report.js';

/** Frames of the clip (car-detection.mp4 when the fixtures exist, else I420 frames made here). */
async function* videoFrames(count: number): AsyncGenerator<VideoFrame> {
  const clip = await fixture('video/car-detection.mp4');
  if (!clip) {
    const [w, h] = [768, 432];
    for (let n = 0; n < count; n++) {
      const data = new Uint8Array((w * h * 3) / 2);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + n * 13 + (i >> 9)) & 255;
      yield new VideoFrame(data, { format: 'I420', codedWidth: w, codedHeight: h, timestamp: n });
    }
    return;
  }
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS });
  try {
    let n = 0;
    for await (const sample of new VideoSampleSink((await input.getPrimaryVideoTrack())!).samples()) {
      const frame = sample.toVideoFrame();
      sample.close();
      yield frame;
      if (++n === count) break;
    }
  } finally {
    input.dispose();
  }
}

/** yolox-nano's preprocessing (416, top-left letterbox, BGR 0..255) of video frames: now vs round 2. */
async function videoFrameRows(): Promise<(string | number)[][]> {
  const size = 416;
  const now = new FramePreprocessor(size, size, 'float32');
  const packer = new PixelPacker();
  const resizer = new FloatResizer();
  const rgba = new Uint8ClampedArray(size * size * 4).fill(YOLOX_CONVENTION.pad);
  const out = new Float32Array(3 * size * size);
  const timesNow: number[] = [];
  const timesOld: number[] = [];
  let label = '';
  let differing = 0;
  let compared = 0;
  for await (const frame of videoFrames(40)) {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    label = `${w}x${h} ${frame.format} → ${size}`;
    const p = placeImage(w, h, size, size, YOLOX_CONVENTION.resize);
    let t0 = performance.now();
    await now.run(frame, YOLOX_CONVENTION, 'bilinear');
    timesNow.push(performance.now() - t0);
    t0 = performance.now();
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true, alpha: false })!;
    ctx.drawImage(frame, 0, 0, w, h);
    resizer.resize(ctx.getImageData(0, 0, w, h).data, w, h, rgba, size, p.x, p.y, p.width, p.height);
    packer.pack(rgba, size, size, YOLOX_CONVENTION, out);
    timesOld.push(performance.now() - t0);
    frame.close();
    // the same arithmetic as round 2 (bilinear-resize.ts): the tensors must be identical
    const tensor = now.data as Float32Array; // where the run left the input (the kernel's memory, or its own buffer)
    for (let i = 0; i < out.length; i++) if (out[i] !== tensor[i]) differing++;
    compared += out.length;
  }
  const a = median(timesOld.slice(1));
  const b = median(timesNow.slice(1));
  return [[label, fmt(a), fmt(b), (a / b).toFixed(2), differing === 0 ? 'identical' : `${differing} of ${compared} values DIFFER`]];
}

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
  const video = await videoFrameRows();
  const markdown = [
    '## preprocessing steps (median ms)',
    table(['source → input', 'quality', 'drawImage', 'getImageData', 'pack'], rows),
    "## 'bilinear' on decoded video frames, per frame (median ms of 39, alternating)",
    table(['frames', "round 2: canvas read, float resize, pack", 'now: FramePreprocessor', 'speed-up', 'tensor'], video),
  ].join('\n\n');
  return { markdown, data: { steps: rows, video } };
}
