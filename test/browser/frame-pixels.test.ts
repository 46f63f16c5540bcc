// The bilinear path's source read (issue 15): whichever way FramePixelReader gets a video frame's
// pixels (VideoFrame.copyTo, once checked, or the canvas), they are the canvas' bytes, for video
// frames of several formats and colour spaces built here from known YUV planes.
import { describe, expect, it } from 'vitest';
import { FramePixelReader } from '../../src/worker/frame-pixels.js';

const W = 96;
const H = 64;

/** An I420 frame of a gradient with coloured blocks, moved by `shift` px, in the given colour space. */
function i420(shift: number, colorSpace: VideoColorSpaceInit): VideoFrame {
  const y = new Uint8Array(W * H);
  const u = new Uint8Array((W / 2) * (H / 2));
  const v = new Uint8Array((W / 2) * (H / 2));
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) y[j * W + i] = 16 + (((i + shift) * 3 + j * 2) % 220);
  for (let j = 0; j < H / 2; j++) {
    for (let i = 0; i < W / 2; i++) {
      u[j * (W / 2) + i] = ((i + shift) >> 3) % 2 ? 60 : 200;
      v[j * (W / 2) + i] = (j >> 2) % 2 ? 90 : 170;
    }
  }
  const data = new Uint8Array(y.length + u.length + v.length);
  data.set(y);
  data.set(u, y.length);
  data.set(v, y.length + u.length);
  return new VideoFrame(data, { format: 'I420', codedWidth: W, codedHeight: H, timestamp: shift, colorSpace });
}

function canvasBytes(frame: VideoFrame): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true, alpha: false })!;
  ctx.drawImage(frame, 0, 0, W, H);
  return ctx.getImageData(0, 0, W, H).data;
}

const SPACES: [string, VideoColorSpaceInit][] = [
  ['BT.601 limited', { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }],
  ['BT.601 full range (JPEG)', { matrix: 'smpte170m', primaries: 'bt709', transfer: 'iec61966-2-1', fullRange: true }],
  ['BT.709 limited', { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: false }],
];

describe('FramePixelReader', () => {
  for (const [name, space] of SPACES) {
    it(`gives the canvas' bytes for every I420 frame (${name}), reading the first one by canvas`, async () => {
      const reader = new FramePixelReader();
      const paths: string[] = [];
      for (let shift = 0; shift < 4; shift++) {
        const frame = i420(shift * 5, space);
        try {
          const expected = canvasBytes(frame);
          const got = await reader.read(frame, W, H);
          paths.push(reader.lastPath);
          expect(got.length).toBe(expected.length);
          let differing = 0;
          for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) differing++;
          expect(differing).toBe(0);
        } finally {
          frame.close();
        }
      }
      expect(paths[0]).toBe('canvas');
      // later frames of the kind take one path throughout (copyTo where it matched, else the canvas)
      expect(new Set(paths.slice(1)).size).toBe(1);
      console.log(`[frame-pixels] ${name}: ${paths.join(', ')}`);
    });
  }

  it('reads bitmaps through the canvas', async () => {
    const frame = i420(0, SPACES[0][1]);
    const bitmap = await createImageBitmap(frame);
    frame.close();
    const reader = new FramePixelReader();
    await reader.read(bitmap, W, H);
    await reader.read(bitmap, W, H);
    expect(reader.lastPath).toBe('canvas');
    bitmap.close();
  });
});
