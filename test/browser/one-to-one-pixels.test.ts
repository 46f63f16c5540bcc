// OneToOnePixels (the worker's read of frames the page already sized): whichever way it takes, the
// bytes are the frame's own (a canvas readback of the same bitmap, taken independently here; a native
// BGRA copy compared channel for channel); both ways run on the probe frames; a transparent image,
// where the two ways differ, keeps copyTo (converted to RGBA).
import { describe, expect, it } from 'vitest';
import { OneToOnePixels } from '../../src/worker/one-to-one-pixels.js';

function paintedCanvas(width: number, height: number, seed: number, alpha = 1): OffscreenCanvas {
  const c = new OffscreenCanvas(width, height);
  const g = c.getContext('2d')!;
  g.fillStyle = `rgba(${seed % 255}, 90, 200, ${alpha})`;
  g.fillRect(0, 0, width, height);
  for (let i = 0; i < 60; i++) {
    g.fillStyle = `hsla(${(i * 37 + seed) % 360}, 80%, 55%, ${alpha})`;
    g.fillRect((i * 53 + seed) % width, (i * 29) % height, 9, 7);
  }
  return c;
}

/** `bytes` in RGBA order, whatever order the reader says it wrote them in. */
function asRgba(bytes: Uint8Array | Uint8ClampedArray, order: 'RGBA' | 'BGRA'): number[] {
  const out = Array.from(bytes);
  if (order === 'BGRA') for (let i = 0; i < out.length; i += 4) [out[i], out[i + 2]] = [out[i + 2], out[i]];
  return out;
}

/** The bitmap's bytes read by a canvas of our own (opaque, as the worker's). */
function readBack(bitmap: ImageBitmap): Uint8ClampedArray {
  const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d', { alpha: false, willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0);
  return g.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

describe('OneToOnePixels', () => {
  it("gives each frame's own bytes for 140 frames, by both ways (photos' bitmaps)", async () => {
    const reader = new OneToOnePixels();
    const [w, h] = [96, 54];
    const into = new Uint8Array(w * h * 4);
    const paths = new Set<string>();
    for (let n = 0; n < 140; n++) {
      const bitmap = await createImageBitmap(paintedCanvas(w, h, n));
      const expected = readBack(bitmap);
      const got = await reader.read(bitmap, w, h, into);
      paths.add(`${reader.lastPath} ${reader.lastOrder}`);
      expect(asRgba(got, reader.lastOrder)).toEqual(Array.from(expected));
      bitmap.close();
    }
    // at least the probes copy, and as the bytes are stored (Chromium on x86: BGRA), not converted
    const probe = await createImageBitmap(paintedCanvas(w, h, 0));
    const frame = new VideoFrame(probe, { timestamp: 0 });
    const stored = String(frame.format).startsWith('BGR') ? 'BGRA' : 'RGBA';
    frame.close();
    probe.close();
    expect(paths.has(`copyTo ${stored}`)).toBe(true);
  });

  it('reads bitmaps captured from a MediaStream <video> (a canvas stream) correctly', async () => {
    const source = document.createElement('canvas');
    source.width = 320;
    source.height = 240;
    const g = source.getContext('2d')!;
    g.drawImage(paintedCanvas(320, 240, 7), 0, 0);
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = source.captureStream();
    await video.play();
    const reader = new OneToOnePixels();
    const into = new Uint8Array(160 * 120 * 4);
    for (let n = 0; n < 70; n++) {
      const bitmap = await createImageBitmap(video, { resizeWidth: 160, resizeHeight: 120, resizeQuality: 'high' });
      const expected = readBack(bitmap);
      const got = await reader.read(bitmap, 160, 120, into);
      expect(asRgba(got, reader.lastOrder)).toEqual(Array.from(expected));
      bitmap.close();
    }
    video.pause();
  });

  it('keeps copyTo for a transparent image (the opaque canvas would blend its colours into black)', async () => {
    const reader = new OneToOnePixels();
    const [w, h] = [40, 30];
    const into = new Uint8Array(w * h * 4);
    const bitmap = await createImageBitmap(paintedCanvas(w, h, 3, 0.5), { premultiplyAlpha: 'none' });
    const first = Array.from(await reader.read(bitmap, w, h, into));
    expect(reader.lastPath).toBe('copyTo');
    expect(reader.lastOrder).toBe('RGBA'); // the native bytes differed from the canvas': converted, as before
    for (let n = 0; n < 10; n++) {
      expect(Array.from(await reader.read(bitmap, w, h, into))).toEqual(first);
      expect(reader.lastPath).toBe('copyTo');
    }
    expect(first).not.toEqual(Array.from(readBack(bitmap))); // the canvas' bytes are other
    bitmap.close();
  });
});
