// The 'smooth' path of VideoFrames (issue 15): FrameShrinker copies a frame's bytes as they are and
// averages them down (YUV planes then converted). Its truth is the browser's own reading: the same
// frame drawn 1:1 on a canvas, then area-averaged here with exact fractional weights. They differ only
// by the browser's fixed-point rounding. Checked on frames built from known planes (I420, NV12; BT.601
// and BT.709, limited and full range; BGRA), on a playing <video>'s frames and on a canvas stream's,
// which is what the element sends since it wraps them in VideoFrames instead of copying them on the
// page; and the detector's boxes on a <video> match those on a bitmap of the same frame.
import { describe, expect, it } from 'vitest';
import { BufferTarget, CanvasSource, Mp4OutputFormat, Output, Quality } from 'mediabunny';
import { FrameShrinker } from '../../src/worker/frame-shrink.js';
import { createDetector } from '../../src/index.js';

/** The frame drawn 1:1 by the browser (its own YUV -> RGB), as RGBA. */
function canvasBytes(frame: VideoFrame, w: number, h: number): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true, alpha: false })!;
  ctx.drawImage(frame, 0, 0, w, h);
  return ctx.getImageData(0, 0, w, h).data;
}

/** Area average of RGBA `src` (w x h) to ow x oh, exact footprints (the reference). */
function areaAverage(src: Uint8ClampedArray, w: number, h: number, ow: number, oh: number): Float64Array {
  const out = new Float64Array(ow * oh * 3);
  const sx = w / ow;
  const sy = h / oh;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      const acc = [0, 0, 0];
      let total = 0;
      for (let y = Math.floor(oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
        const wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
        for (let x = Math.floor(ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
          const wgt = wy * (Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx));
          for (let c = 0; c < 3; c++) acc[c] += src[(y * w + x) * 4 + c] * wgt;
          total += wgt;
        }
      }
      for (let c = 0; c < 3; c++) out[(oy * ow + ox) * 3 + c] = acc[c] / total;
    }
  }
  return out;
}

/** Largest and mean absolute difference between RGBA bytes and the reference's RGB. */
function compare(got: Uint8Array, ref: Float64Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  const n = ref.length / 3;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(got[i * 4 + c] - ref[i * 3 + c]);
      max = Math.max(max, d);
      sum += d;
    }
    expect(got[i * 4 + 3]).toBe(255);
  }
  return { max, mean: sum / (n * 3) };
}

const W = 192;
const H = 128;

/** A frame of known planes: a luma sawtooth (hard edges) over chroma ramps, all inside the RGB cube. */
function knownFrame(format: 'I420' | 'NV12', colorSpace: VideoColorSpaceInit): VideoFrame {
  const cw = W / 2;
  const ch = H / 2;
  const data = new Uint8Array(W * H + 2 * cw * ch);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) data[j * W + i] = 70 + ((i * 3 + j * 2) % 110);
  for (let j = 0; j < ch; j++) {
    for (let i = 0; i < cw; i++) {
      // chroma in smooth ramps, every pixel inside the RGB cube: the browser upsamples chroma bilinearly
      // and clamps each pixel before the average, the shrink averages the samples and clamps after;
      // the two agree where chroma changes smoothly and nothing leaves 0-255 (on a photo, below, the
      // mean still differs by 0.3)
      const u = 108 + Math.round((i * 40) / (cw - 1));
      const v = 108 + Math.round((j * 40) / (ch - 1));
      if (format === 'I420') {
        data[W * H + j * cw + i] = u;
        data[W * H + cw * ch + j * cw + i] = v;
      } else {
        data[W * H + j * W + 2 * i] = u;
        data[W * H + j * W + 2 * i + 1] = v;
      }
    }
  }
  return new VideoFrame(data, { format, codedWidth: W, codedHeight: H, timestamp: 0, colorSpace });
}

const SPACES: [string, VideoColorSpaceInit][] = [
  ['BT.601 limited', { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }],
  ['BT.601 full range', { matrix: 'smpte170m', primaries: 'bt709', transfer: 'iec61966-2-1', fullRange: true }],
  ['BT.709 limited', { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: false }],
];

describe('FrameShrinker', () => {
  for (const format of ['I420', 'NV12'] as const) {
    for (const [name, space] of SPACES) {
      it(`${format} ${name}: the browser's own conversion, area-averaged, up to its rounding`, async () => {
        const frame = knownFrame(format, space);
        try {
          const reader = new FrameShrinker();
          const full = canvasBytes(frame, W, H);
          for (const [ow, oh] of [[48, 32], [61, 37], [W, H]]) {
            expect(reader.canShrink(frame, ow, oh)).toBe(true);
            const out = new Uint8Array(ow * oh * 4);
            expect(await reader.shrink(frame, out, ow, oh)).toBe('RGBA');
            const { max, mean } = compare(out, areaAverage(full, W, H, ow, oh));
            expect(max, `${ow}x${oh}`).toBeLessThanOrEqual(4); // measured: 1 (BT.601), 3 (BT.709: other rounding)
            expect(mean, `${ow}x${oh}`).toBeLessThan(1);
          }
          expect(reader.frames).toBe(3);
          expect(reader.canShrink(frame, W + 2, H)).toBe(false); // never enlarges
        } finally {
          frame.close();
        }
      });
    }
  }

  it('BGRA: the bytes averaged in their own order, like the browser draws them', async () => {
    const bytes = new Uint8Array(W * H * 4);
    for (let i = 0; i < W * H; i++) {
      bytes[i * 4] = (i * 7) & 255; // B
      bytes[i * 4 + 1] = ((i % W) * 2) & 255; // G
      bytes[i * 4 + 2] = (Math.floor(i / W) * 3) & 255; // R
      bytes[i * 4 + 3] = 255;
    }
    const frame = new VideoFrame(bytes, { format: 'BGRA', codedWidth: W, codedHeight: H, timestamp: 0 });
    try {
      const reader = new FrameShrinker();
      expect(reader.canShrink(frame, 48, 32)).toBe(true);
      const out = new Uint8Array(48 * 32 * 4);
      expect(await reader.shrink(frame, out, 48, 32)).toBe('BGRA');
      const rgba = new Uint8Array(out.length); // back to RGBA to compare with the canvas
      for (let i = 0; i < out.length; i += 4) rgba.set([out[i + 2], out[i + 1], out[i], out[i + 3]], i);
      const { max } = compare(rgba, areaAverage(canvasBytes(frame, W, H), W, H, 48, 32));
      expect(max).toBeLessThanOrEqual(0.5 + 1e-3);
    } finally {
      frame.close();
    }
  });

  it('leaves bitmaps and frames of other formats or colour spaces to the canvas', async () => {
    const reader = new FrameShrinker();
    const bitmap = await createImageBitmap(new ImageData(8, 8));
    const pal = new VideoFrame(new Uint8Array(8 * 8 * 4), {
      format: 'RGBA', codedWidth: 8, codedHeight: 8, timestamp: 0,
      colorSpace: { primaries: 'bt470bg', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true },
    });
    expect(reader.canShrink(bitmap, 4, 4)).toBe(false);
    expect(reader.canShrink(pal, 4, 4)).toBe(false);
    bitmap.close();
    pal.close();
  });

  describe('on a playing <video>', () => {
    /** An H.264 clip of the sample photo, 640x480, 30 fps, made here with WebCodecs. */
    async function photoVideo(): Promise<HTMLVideoElement> {
      const photo = await createImageBitmap(await (await fetch('/public/samples/lights-1.jpg')).blob());
      const canvas = new OffscreenCanvas(640, 480);
      const ctx = canvas.getContext('2d')!;
      const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target: new BufferTarget() });
      const source = new CanvasSource(canvas, { codec: 'avc', quality: new Quality({ bitrate: 3e6 }) });
      output.addVideoTrack(source, { frameRate: 30 });
      await output.start();
      for (let n = 0; n < 10; n++) {
        ctx.drawImage(photo, -n * 4, 0, 640 + n * 4, 480);
        await source.add(n / 30, 1 / 30);
      }
      await output.finalize();
      photo.close();
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([output.target.buffer!], { type: 'video/mp4' }));
      await new Promise((resolve, reject) => {
        video.onloadeddata = resolve;
        video.onerror = () => reject(new Error('the clip did not load'));
      });
      // a frame presented (not only loaded), then held still so both reads see the same one
      await video.play();
      await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      video.pause();
      return video;
    }

    it("reads its frames (wrapped in VideoFrames, as the element sends them) like the browser draws them", async (ctx) => {
      const video = await photoVideo();
      try {
        const frame = new VideoFrame(video, { timestamp: 0 });
        try {
          if (!new FrameShrinker().canShrink(frame, 160, 120)) {
            console.warn(`[skip] this browser gives <video> frames as ${frame.format}, not YUV: the canvas reads them`);
            ctx.skip();
          }
          const reader = new FrameShrinker();
          const out = new Uint8Array(160 * 120 * 4);
          expect(await reader.shrink(frame, out, 160, 120)).toBe('RGBA');
          const { max, mean } = compare(out, areaAverage(canvasBytes(frame, 640, 480), 640, 480, 160, 120));
          expect(max).toBeLessThanOrEqual(16); // measured 12: clamped pixels and chroma edges (see knownFrame)
          expect(mean).toBeLessThan(0.6); // measured 0.26
        } finally {
          frame.close();
        }
      } finally {
        URL.revokeObjectURL(video.src);
      }
    });

    it("reads a canvas stream's frames like the browser draws them", async () => {
      const photo = await createImageBitmap(await (await fetch('/public/samples/lights-1.jpg')).blob());
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const ctx = canvas.getContext('2d')!;
      let painting = true;
      const paint = () => {
        // a canvas stream sends a frame only when the canvas changes: repaint until the video shows one
        if (!painting) return;
        ctx.drawImage(photo, 0, 0, 640, 480);
        requestAnimationFrame(paint);
      };
      paint();
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = canvas.captureStream();
      document.body.append(video);
      await video.play();
      await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
      painting = false;
      photo.close();
      const frame = new VideoFrame(video, { timestamp: 0 });
      try {
        const reader = new FrameShrinker();
        expect(reader.canShrink(frame, 160, 120), `a ${frame.format} frame`).toBe(true);
        const out = new Uint8Array(160 * 120 * 4);
        const order = await reader.shrink(frame, out, 160, 120);
        expect(order).not.toBeNull();
        const rgba = new Uint8Array(out.length);
        for (let i = 0; i < out.length; i += 4) rgba.set(order === 'BGRA' ? [out[i + 2], out[i + 1], out[i], 255] : out.subarray(i, i + 4), i);
        const { max, mean } = compare(rgba, areaAverage(canvasBytes(frame, 640, 480), 640, 480, 160, 120));
        expect(max).toBeLessThanOrEqual(1);
        expect(mean).toBeLessThan(0.3);
      } finally {
        frame.close();
        video.pause();
        video.remove();
      }
    });

    it('the default model finds the same lights on the <video> as on a bitmap of the same frame', async () => {
      const video = await photoVideo();
      const detector = await createDetector({ backend: 'wasm' });
      try {
        const onVideo = await detector.detect(video);
        const bitmap = await createImageBitmap(video);
        const onBitmap = await detector.detect(bitmap);
        bitmap.close();
        const a = onVideo.detections;
        const b = onBitmap.detections;
        expect(a.count).toBeGreaterThan(10);
        // each confident light on the bitmap is found on the video, same class, nearly the same box
        let strong = 0;
        let matched = 0;
        for (let j = 0; j < b.count; j++) {
          if (b.scores[j] < 0.5) continue;
          strong++;
          for (let i = 0; i < a.count; i++) {
            if (a.classes[i] !== b.classes[j]) continue;
            const [ax1, ay1, ax2, ay2] = a.boxes.subarray(i * 4, i * 4 + 4);
            const [bx1, by1, bx2, by2] = b.boxes.subarray(j * 4, j * 4 + 4);
            const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
            const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
            const inter = iw * ih;
            if (inter / ((ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter) >= 0.7) {
              matched++;
              break;
            }
          }
        }
        expect(strong).toBeGreaterThan(5);
        expect(matched / strong).toBeGreaterThanOrEqual(0.9);
        expect(Math.abs(a.count - b.count)).toBeLessThanOrEqual(Math.max(3, 0.15 * b.count));
      } finally {
        detector.dispose();
        URL.revokeObjectURL(video.src);
      }
    });
  });
});
