// The bilinear path's source read (issue 15): whichever way FramePixelReader gets a video frame's
// pixels (libyuv's conversion of its planes or VideoFrame.copyTo, each once checked, or the canvas),
// they are the canvas' bytes, for video frames of several formats and colour spaces built here from
// known YUV planes, and for random planes (values outside video range: the clamps).
import { describe, expect, it } from 'vitest';
import { FramePixelReader } from '../../src/worker/frame-pixels.js';

const W = 96;
const H = 64;

/**
 * A 4:2:0 frame of a gradient with coloured blocks, moved by `shift` px, in the given colour space and
 * layout; with `random`, every sample random instead (seeded by `shift`).
 */
function yuvFrame(shift: number, colorSpace: VideoColorSpaceInit, format: 'I420' | 'NV12' = 'I420', random = false): VideoFrame {
  const cw = W / 2;
  const y = new Uint8Array(W * H);
  const u = new Uint8Array(cw * (H / 2));
  const v = new Uint8Array(cw * (H / 2));
  let seed = shift * 7919 + 1;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) y[j * W + i] = random ? next() : 16 + (((i + shift) * 3 + j * 2) % 220);
  for (let j = 0; j < H / 2; j++) {
    for (let i = 0; i < cw; i++) {
      u[j * cw + i] = random ? next() : ((i + shift) >> 3) % 2 ? 60 : 200;
      v[j * cw + i] = random ? next() : (j >> 2) % 2 ? 90 : 170;
    }
  }
  const data = new Uint8Array(y.length + u.length + v.length);
  data.set(y);
  if (format === 'NV12') {
    for (let k = 0; k < u.length; k++) {
      data[y.length + 2 * k] = u[k];
      data[y.length + 2 * k + 1] = v[k];
    }
  } else {
    data.set(u, y.length);
    data.set(v, y.length + u.length);
  }
  return new VideoFrame(data, { format, codedWidth: W, codedHeight: H, timestamp: shift, colorSpace });
}

function canvasBytes(frame: VideoFrame): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true, alpha: false })!;
  ctx.drawImage(frame, 0, 0, W, H);
  return ctx.getImageData(0, 0, W, H).data;
}

const BT601: VideoColorSpaceInit = { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false };
const SPACES: [string, VideoColorSpaceInit][] = [
  ['BT.601 limited', BT601],
  ['BT.601 full range (JPEG)', { matrix: 'smpte170m', primaries: 'bt709', transfer: 'iec61966-2-1', fullRange: true }],
  ['BT.709 limited', { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: false }],
  ['BT.709 full range', { matrix: 'bt709', primaries: 'bt709', transfer: 'bt709', fullRange: true }],
  // the DOM types of this TypeScript do not list BT.2020 yet
  ['BT.2020 limited', { matrix: 'bt2020-ncl', primaries: 'bt2020', transfer: 'bt709', fullRange: false } as unknown as VideoColorSpaceInit],
];

/** Reads four frames made by `make(shift)` and checks each against the canvas; returns the paths taken. */
async function readAll(make: (shift: number) => VideoFrame): Promise<string[]> {
  const reader = new FramePixelReader();
  const paths: string[] = [];
  for (let shift = 0; shift < 4; shift++) {
    const frame = make(shift * 5);
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
  // later frames of the kind take one path throughout (the fastest that matched on the first, else the canvas)
  expect(new Set(paths.slice(1)).size).toBe(1);
  return paths;
}

describe('FramePixelReader', () => {
  for (const [name, space] of SPACES) {
    for (const format of ['I420', 'NV12'] as const) {
      it(`gives the canvas' bytes for every ${format} frame (${name}), reading the first one by canvas`, async () => {
        const paths = await readAll((shift) => yuvFrame(shift, space, format));
        console.log(`[frame-pixels] ${format} ${name}: ${paths.join(', ')}`);
      });
    }
  }

  it("gives the canvas' bytes for random planes (samples outside video range), BT.601 limited and BT.709 full", async () => {
    for (const space of [BT601, SPACES[3][1]]) {
      const paths = await readAll((shift) => yuvFrame(shift, space, 'I420', true));
      console.log(`[frame-pixels] random ${space.matrix} ${space.fullRange}: ${paths.join(', ')}`);
    }
  });

  it("converts a software decoder's usual frames (I420, BT.601 limited) from their planes, as Chromium does", async () => {
    // Chromium converts these with libyuv's I420ToABGR; the reader's own conversion is that, 3-5x faster
    // than copyTo(RGBA): if this fails, the browser converts otherwise and the frames take a slower way
    const paths = await readAll((shift) => yuvFrame(shift, BT601));
    expect(paths.slice(1)).toEqual(['yuv', 'yuv', 'yuv']);
  });

  it('reads bitmaps through the canvas', async () => {
    const frame = yuvFrame(0, BT601);
    const bitmap = await createImageBitmap(frame);
    frame.close();
    const reader = new FramePixelReader();
    await reader.read(bitmap, W, H);
    await reader.read(bitmap, W, H);
    expect(reader.lastPath).toBe('canvas');
    bitmap.close();
  });
});
