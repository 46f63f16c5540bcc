// The worker's area shrink of video frames' bytes (src/worker/area-shrink.ts) against brute-force
// references. YUV, written the other way round: every source pixel converted to RGB first (its chroma
// sample repeated over the 2x2 pixels it covers), then the RGB averaged over each output pixel's exact
// footprint with fractional weights. Averaging and the colour conversion commute, so the two agree up
// to rounding wherever no source pixel leaves 0-255; the known colours pin the matrices and ranges
// themselves. RGB: the same footprints over the bytes. Every case runs the WebAssembly kernel and the
// JS fallback.
import { afterEach, describe, expect, it } from 'vitest';
import { AreaShrinker, colourIndex, isShrinkableYuv, rgbOrderOf, setAreaKernelEnabled, yuvColourOf, type PlaneLayout, type YuvColour, type YuvFormat } from '../../src/worker/area-shrink.js';
import { rng } from '../helpers/random-outputs.js';

interface Planes {
  bytes: Uint8Array;
  layout: PlaneLayout[];
}

/** Lays Y, U, V (4:2:0 sample arrays) out as `format`, with rows padded to `pad` extra bytes. */
function lay(format: YuvFormat, w: number, h: number, Y: Uint8Array, U: Uint8Array, V: Uint8Array, pad: number): Planes {
  const cw = (w + 1) >> 1;
  const ch = (h + 1) >> 1;
  const yStride = w + pad;
  if (format === 'NV12') {
    const uvStride = cw * 2 + pad;
    const bytes = new Uint8Array(yStride * h + uvStride * ch).fill(77); // padding bytes must never be read
    for (let y = 0; y < h; y++) bytes.set(Y.subarray(y * w, y * w + w), y * yStride);
    const base = yStride * h;
    for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) {
      bytes[base + y * uvStride + 2 * x] = U[y * cw + x];
      bytes[base + y * uvStride + 2 * x + 1] = V[y * cw + x];
    }
    return { bytes, layout: [{ offset: 0, stride: yStride }, { offset: base, stride: uvStride }] };
  }
  const cStride = cw + pad;
  const bytes = new Uint8Array(yStride * h + 2 * cStride * ch + (format === 'I420A' ? yStride * h : 0)).fill(77);
  for (let y = 0; y < h; y++) bytes.set(Y.subarray(y * w, y * w + w), y * yStride);
  const uBase = yStride * h;
  const vBase = uBase + cStride * ch;
  for (let y = 0; y < ch; y++) {
    bytes.set(U.subarray(y * cw, y * cw + cw), uBase + y * cStride);
    bytes.set(V.subarray(y * cw, y * cw + cw), vBase + y * cStride);
  }
  const layout = [{ offset: 0, stride: yStride }, { offset: uBase, stride: cStride }, { offset: vBase, stride: cStride }];
  if (format === 'I420A') layout.push({ offset: vBase + cStride * ch, stride: yStride });
  return { bytes, layout };
}

/** Textbook YUV -> RGB of one sample (floats, unclamped). */
function rgbOf(y: number, u: number, v: number, c: YuvColour): [number, number, number] {
  const luma: Record<YuvColour['matrix'], number[]> = { bt601: [0.299, 0.114], bt709: [0.2126, 0.0722], bt2020: [0.2627, 0.0593] };
  const [kr, kb] = luma[c.matrix];
  const kg = 1 - kr - kb;
  const l = c.fullRange ? y : ((y - 16) * 255) / 219;
  const pb = c.fullRange ? u - 128 : ((u - 128) * 255) / 224;
  const pr = c.fullRange ? v - 128 : ((v - 128) * 255) / 224;
  const r = l + 2 * (1 - kr) * pr;
  const b = l + 2 * (1 - kb) * pb;
  return [r, (l - kr * r - kb * b) / kg, b];
}

/** Convert every pixel, then average RGB over each output pixel's footprint. */
function reference(w: number, h: number, Y: Uint8Array, U: Uint8Array, V: Uint8Array, c: YuvColour, ow: number, oh: number): Float64Array {
  const cw = (w + 1) >> 1;
  const out = new Float64Array(ow * oh * 3);
  const sx = w / ow;
  const sy = h / oh;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let r = 0, g = 0, b = 0, total = 0;
      for (let y = Math.floor(oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
        const wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
        for (let x = Math.floor(ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
          const wx = Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx);
          const k = (y >> 1) * cw + (x >> 1);
          const [pr, pg, pb] = rgbOf(Y[y * w + x], U[k], V[k], c);
          r += pr * wx * wy; g += pg * wx * wy; b += pb * wx * wy; total += wx * wy;
        }
      }
      out.set([r / total, g / total, b / total], (oy * ow + ox) * 3);
    }
  }
  return out;
}

/** Random planes whose every pixel stays inside RGB 0-255 for `c` (so no clamp separates the two ways). */
function inGamutPlanes(w: number, h: number, c: YuvColour, seed: number): [Uint8Array, Uint8Array, Uint8Array] {
  const r = rng(seed);
  const cw = (w + 1) >> 1;
  const ch = (h + 1) >> 1;
  const Y = new Uint8Array(w * h);
  const U = new Uint8Array(cw * ch);
  const V = new Uint8Array(cw * ch);
  // mid-grey luma with moderate chroma: inside the RGB cube for every matrix and range
  for (let i = 0; i < Y.length; i++) Y[i] = 100 + Math.floor(r() * 60) + ((i % w) % 9 === 0 ? 20 : 0);
  for (let i = 0; i < U.length; i++) {
    U[i] = 128 + Math.floor((r() - 0.5) * 30);
    V[i] = 128 + Math.floor((r() - 0.5) * 30);
  }
  for (let i = 0; i < Y.length; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    const k = (y >> 1) * cw + (x >> 1);
    const p = rgbOf(Y[i], U[k], V[k], c);
    if (p.some((v) => v < 0.5 || v > 254.5)) throw new Error('test planes left the gamut');
  }
  return [Y, U, V];
}

for (const kernel of [true, false]) describe(`AreaShrinker (${kernel ? 'WebAssembly SIMD' : 'JS fallback'})`, () => {
  if (!kernel) setAreaKernelEnabled(false); // at collection: each test builds its shrinkers with this setting
  afterEach(() => setAreaKernelEnabled(true));
  const cases: Array<[YuvFormat, number, number, number, number, YuvColour]> = [
    ['I420', 64, 48, 16, 12, { matrix: 'bt601', fullRange: false }], // 4x, exact cells
    ['NV12', 64, 48, 16, 12, { matrix: 'bt709', fullRange: false }],
    ['I420A', 64, 48, 16, 12, { matrix: 'bt2020', fullRange: true }],
    ['I420', 100, 75, 33, 19, { matrix: 'bt709', fullRange: true }], // fractional footprints
    ['NV12', 37, 29, 20, 11, { matrix: 'bt601', fullRange: true }], // odd sizes: the last chroma sample covers one pixel
    ['I420', 37, 29, 37, 29, { matrix: 'bt601', fullRange: false }], // no shrink: converts only
    ['NV12', 1280, 962, 320, 240, { matrix: 'bt601', fullRange: false }], // a real video frame's coded size
  ];
  for (const [format, w, h, ow, oh, colour] of cases) {
    it(`${format} ${w}x${h} -> ${ow}x${oh}, ${colour.matrix} ${colour.fullRange ? 'full' : 'limited'} range: the reference up to rounding`, () => {
      setAreaKernelEnabled(kernel);
      const [Y, U, V] = inGamutPlanes(w, h, colour, w * 31 + h);
      const { bytes, layout } = lay(format, w, h, Y, U, V, 5);
      const out = new Uint8Array(ow * oh * 4);
      new AreaShrinker().shrinkYuv(bytes, layout, format, w, h, colour, out, ow, oh);
      const ref = reference(w, h, Y, U, V, colour, ow, oh);
      let worst = 0;
      for (let i = 0; i < ow * oh; i++) {
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[i * 4 + c] - ref[i * 3 + c]));
        expect(out[i * 4 + 3]).toBe(255);
      }
      expect(worst).toBeLessThanOrEqual(0.5 + 1e-3); // rounding only
    });
  }

  it('gives the textbook colours: limited-range BT.601 and BT.709 primaries, full-range white and black', () => {
    setAreaKernelEnabled(kernel);
    const one = (y: number, u: number, v: number, c: YuvColour) => {
      const { bytes, layout } = lay('I420', 2, 2, new Uint8Array(4).fill(y), Uint8Array.of(u), Uint8Array.of(v), 0);
      const out = new Uint8Array(4);
      new AreaShrinker().shrinkYuv(bytes, layout, 'I420', 2, 2, c, out, 1, 1);
      return [...out.subarray(0, 3)];
    };
    // BT.601 limited: red is Y 81, Cb 90, Cr 240; blue is Y 41, Cb 240, Cr 110 (Rec. 601 tables)
    expect(one(81, 90, 240, { matrix: 'bt601', fullRange: false }).map((v, i) => Math.abs(v - [255, 0, 0][i]) <= 2)).toEqual([true, true, true]);
    expect(one(41, 240, 110, { matrix: 'bt601', fullRange: false }).map((v, i) => Math.abs(v - [0, 0, 255][i]) <= 2)).toEqual([true, true, true]);
    // BT.709 limited: green is Y 173, Cb 42, Cr 26
    expect(one(173, 42, 26, { matrix: 'bt709', fullRange: false }).map((v, i) => Math.abs(v - [0, 255, 0][i]) <= 2)).toEqual([true, true, true]);
    expect(one(235, 128, 128, { matrix: 'bt709', fullRange: false })).toEqual([255, 255, 255]);
    expect(one(16, 128, 128, { matrix: 'bt601', fullRange: false })).toEqual([0, 0, 0]);
    expect(one(255, 128, 128, { matrix: 'bt601', fullRange: true })).toEqual([255, 255, 255]);
    // out of gamut clamps instead of wrapping
    const c601: YuvColour = { matrix: 'bt601', fullRange: false };
    const clamped = rgbOf(16, 16, 240, c601).map((v) => Math.min(255, Math.max(0, Math.round(v))));
    expect(clamped[1]).toBe(0); // the case does leave the gamut
    expect(one(16, 16, 240, c601)).toEqual(clamped);
  });

  it('reuses its tables across frames and sizes (planes written in place, or copied in), and refuses to enlarge', () => {
    setAreaKernelEnabled(kernel);
    const s = new AreaShrinker();
    const colour: YuvColour = { matrix: 'bt601', fullRange: false };
    for (const [w, h, ow, oh, inPlace] of [[64, 48, 16, 12, 1], [30, 20, 7, 5, 0], [640, 480, 160, 120, 1], [64, 48, 16, 12, 0]]) {
      const [Y, U, V] = inGamutPlanes(w, h, colour, w);
      const { bytes, layout } = lay('I420', w, h, Y, U, V, 0);
      const out = new Uint8Array(ow * oh * 4);
      let src = bytes;
      if (inPlace) {
        src = s.planesFor(bytes.length); // where a frame's copyTo writes
        src.set(bytes);
        src = src.subarray(0, bytes.length);
      }
      expect(s.simd).toBe(kernel); // Node has WebAssembly SIMD: each describe runs the path it names
      s.shrinkYuv(src, layout, 'I420', w, h, colour, out, ow, oh);
      const ref = reference(w, h, Y, U, V, colour, ow, oh);
      for (let i = 0; i < ow * oh; i++) expect(Math.abs(out[i * 4] - ref[i * 3])).toBeLessThanOrEqual(0.501);
    }
    expect(() => s.shrinkYuv(new Uint8Array(100), [{ offset: 0, stride: 4 }, { offset: 16, stride: 2 }, { offset: 20, stride: 2 }], 'I420', 4, 4, colour, new Uint8Array(100), 5, 4)).toThrow(RangeError);
  });

  const rgbCases: Array<[number, number, number, number]> = [
    [64, 48, 16, 12],
    [100, 75, 33, 19],
    [37, 29, 37, 29],
    [1280, 960, 320, 240],
    [8, 600, 4, 2], // 300 equal rows per output: more than the kernel's integer sums hold (257), weighed as floats
    [6, 600, 3, 2], // under four outputs a row: the JS, kernel or not
    [9, 36, 5, 4], // the last group of four outputs overlaps the one before it
  ];
  for (const [w, h, ow, oh] of rgbCases) {
    it(`RGB ${w}x${h} -> ${ow}x${oh}: each colour byte the exact area average, the fourth 255`, () => {
      setAreaKernelEnabled(kernel);
      const r = rng(w + h);
      const stride = w * 4 + 8; // padded rows
      const bytes = new Uint8Array(stride * h).fill(77);
      for (let y = 0; y < h; y++) for (let x = 0; x < w * 4; x++) bytes[y * stride + x] = x % 4 === 3 ? Math.floor(r() * 256) : (x * 5 + y * 3 + Math.floor(r() * 40)) & 255;
      const s = new AreaShrinker();
      expect(s.simd).toBe(kernel);
      const out = new Uint8Array(ow * oh * 4);
      s.shrinkRgb(bytes, stride, w, h, out, ow, oh);
      const sx = w / ow;
      const sy = h / oh;
      let worst = 0;
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          for (let c = 0; c < 3; c++) {
            let sum = 0;
            let total = 0;
            for (let y = Math.floor(oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
              const wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
              for (let x = Math.floor(ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
                const wgt = wy * (Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx));
                sum += bytes[y * stride + x * 4 + c] * wgt;
                total += wgt;
              }
            }
            worst = Math.max(worst, Math.abs(out[(oy * ow + ox) * 4 + c] - sum / total));
          }
          expect(out[(oy * ow + ox) * 4 + 3]).toBe(255);
        }
      }
      expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
    });
  }

  it('averages 257 and 300 full-white rows without overflow (the kernel sums at most 257 as integers)', () => {
    setAreaKernelEnabled(kernel);
    for (const rows of [257, 300]) {
      const out = new Uint8Array(4 * 4);
      new AreaShrinker().shrinkRgb(new Uint8Array(16 * rows * 4).fill(255), 16 * 4, 16, rows, out, 4, 1);
      expect([...out]).toEqual(new Array(16).fill(255));
    }
  });

  if (kernel) it('knows which frames it reads', () => {
    expect(['I420', 'I420A', 'NV12'].every(isShrinkableYuv)).toBe(true);
    expect(['RGBA', 'BGRX', 'I444', 'I422', null].some(isShrinkableYuv)).toBe(false);
    expect(['RGBA', 'RGBX', 'BGRA', 'BGRX', 'I420', null].map(rgbOrderOf)).toEqual(['RGBA', 'RGBA', 'BGRA', 'BGRA', null, null]);
    expect(yuvColourOf('bt709', false)).toEqual({ matrix: 'bt709', fullRange: false });
    expect(yuvColourOf('smpte170m', true)).toEqual({ matrix: 'bt601', fullRange: true });
    // the same object for the same colour (nothing made per frame), each at its own index
    expect(yuvColourOf('bt709', false)).toBe(yuvColourOf('bt709', null));
    const all = ['bt470bg', 'bt709', 'bt2020-ncl'].flatMap((m) => [false, true].map((f) => yuvColourOf(m, f)!));
    expect(all.map(colourIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(yuvColourOf(null, null)).toEqual({ matrix: 'bt601', fullRange: false });
    expect(yuvColourOf('rgb', true)).toBeNull();
  });
});
