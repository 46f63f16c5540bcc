// out: Yolo-FastestV2. Either two NHWC outputs [1, H, W, C] (stride 16, then 32) or one flat
// [rows, C] whose rows are the stride-16 grid then the stride-32 grid (row = offset + y·W + x).
// C = 4·na box terms (sigmoid; anchor a at 4a..4a+3), na objectness (sigmoid), nc classes (softmax,
// shared by the cell's anchors). cx = (2·tx − 0.5 + gx)·s, w = (2·tw)²·anchor; score = obj · max(cls).

import { addAnchorBox, type Candidates } from './candidates.js';
import { FASTESTV2_ANCHORS, FASTESTV2_STRIDES } from './defaults.js';
import { UnsupportedModelError } from './errors.js';
import { checkAnchors, checkRowCount, expectedRows, gridHeight, gridWidth } from './grid.js';
import { argmaxClass, classMax } from './class-argmax.js';
import { lutFor } from './half.js';
import type { ResolvedOptions } from './options.js';
import type { OutputTensor } from './types.js';

/**
 * Collects Yolo-FastestV2 candidates. `levels` is either the two NHWC outputs (finest first) or the
 * single flat output.
 */
export function decodeFastestV2(levels: readonly OutputTensor[], o: ResolvedOptions, c: Candidates): void {
  const anchors = o.anchors ?? FASTESTV2_ANCHORS;
  const strides = o.strides ?? FASTESTV2_STRIDES;
  checkAnchors('fastestv2', anchors, strides.length);
  if (levels.length > 1 && (levels.length !== strides.length || levels.some((t) => t.dims[3] !== levels[0].dims[3]))) {
    throw new UnsupportedModelError(
      `fastestv2: ${levels.length} NHWC outputs (${levels.map((t) => `[${t.dims.join(',')}]`).join(', ')}) for ` +
        `${strides.length} strides (${strides.join('/')}); give one stride per output, all outputs as wide`,
    );
  }
  const W = o.inputWidth;
  const H = o.inputHeight;
  const cols = levels[0].dims[levels[0].dims.length - 1];
  let cells = 0;
  for (const t of levels) cells += t.data.length / cols;
  checkRowCount('fastestv2', cells, expectedRows(W, H, strides, undefined), W, H, strides);
  c.reset(expectedRows(W, H, strides, anchors)); // one candidate per anchor at most
  const thr = o.scoreThreshold;
  // The flat export holds every level in one tensor; the two-output export holds one level each.
  let tensor = 0;
  let base = 0;
  for (let l = 0; l < strides.length; l++) {
    if (levels.length > 1) {
      tensor = l;
      base = 0;
    }
    const t = levels[tensor];
    const data = t.data;
    const lut = lutFor(data);
    const stride = strides[l];
    const nx = gridWidth(W, stride);
    const ny = gridHeight(H, stride);
    if (levels.length > 1 && (t.dims[1] !== ny || t.dims[2] !== nx)) {
      throw new UnsupportedModelError(`fastestv2: level ${l} is ${t.dims[1]}x${t.dims[2]}, expected ${ny}x${nx} (stride ${stride})`);
    }
    const levelAnchors = anchors[l];
    const na = levelAnchors.length / 2;
    const nc = cols - 5 * na;
    if (nc < 1) throw new UnsupportedModelError(`fastestv2: ${cols} values per cell leave no classes for ${na} anchors`);
    const clsStart = 5 * na;
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, base += cols) {
        let haveClass = false; // the class arg-max is computed once per cell, only when an anchor can pass
        let best = -Infinity;
        let cls = 0;
        for (let a = 0; a < na; a++) {
          const obj = lut === null ? data[base + 4 * na + a] : lut[data[base + 4 * na + a]];
          if (!(obj > thr)) continue;
          if (!haveClass) {
            haveClass = true;
            best = classMax(data, lut, base + clsStart, base + cols);
            cls = argmaxClass;
          }
          const score = obj * best;
          if (!(score > thr)) continue;
          const b = base + 4 * a;
          const tx = lut === null ? data[b] : lut[data[b]];
          const ty = lut === null ? data[b + 1] : lut[data[b + 1]];
          const tw = lut === null ? data[b + 2] : lut[data[b + 2]];
          const th = lut === null ? data[b + 3] : lut[data[b + 3]];
          addAnchorBox(c, tx, ty, tw, th, x, y, stride, levelAnchors[2 * a], levelAnchors[2 * a + 1], score, cls);
        }
      }
    }
  }
}
