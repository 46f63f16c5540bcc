// Ordering and greedy NMS over a Candidates buffer, with torchvision batched_nms semantics:
// descending score, a box is suppressed by a kept box of the same class (any class when agnostic)
// whose IoU is strictly greater than the threshold, at most maxDetections kept.

import type { Candidates } from './candidates.js';

const INDEX_BITS = 2 ** 22; // candidates per call; a float32's bits (< 2^31) * 2^22 stays below 2^53
const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

let keys = new Float64Array(0);
let order = new Int32Array(0);
let kept = new Int32Array(0);
let areas = new Float32Array(0);

function grow(capacity: number): void {
  if (keys.length >= capacity) return;
  const size = Math.max(capacity, keys.length * 2, 64);
  keys = new Float64Array(size);
  order = new Int32Array(size);
  kept = new Int32Array(size);
  areas = new Float32Array(size);
}

/**
 * Sorts the candidates by score, descending (ties: lower index first), keeping the best `topK`.
 * Scores must be positive. Uses one native numeric sort of packed keys: no comparator callback.
 * Returns the number of entries written to the order array (`orderView`).
 */
export function sortByScore(c: Candidates, topK: number): number {
  const n = c.count;
  if (n >= INDEX_BITS) throw new RangeError(`too many candidates (${n}); raise scoreThreshold`);
  grow(n);
  const scores = c.scores;
  const k = keys.subarray(0, n);
  for (let i = 0; i < n; i++) {
    bitsF32[0] = scores[i];
    // For positive floats the bit pattern grows with the value, so it sorts like the score.
    k[i] = bitsU32[0] * INDEX_BITS + (INDEX_BITS - 1 - i);
  }
  k.sort();
  const m = Math.min(n, topK);
  for (let r = 0; r < m; r++) order[r] = INDEX_BITS - 1 - (k[n - 1 - r] % INDEX_BITS);
  return m;
}

/** The candidate indices in score order written by the last `sortByScore` (length = its result). */
export function orderView(length: number): Int32Array {
  return order.subarray(0, length);
}

/**
 * Greedy NMS over the first `m` indices of the sorted order. Returns the number of kept candidates;
 * their indices, in score order, are in `keptView(result)`.
 */
export function greedyNms(
  c: Candidates,
  m: number,
  iouThreshold: number,
  classAgnostic: boolean,
  maxDetections: number,
): number {
  const boxes = c.boxes;
  const classes = c.classes;
  let keptCount = 0;
  for (let r = 0; r < m && keptCount < maxDetections; r++) {
    const i = order[r];
    const o = i * 4;
    const x1 = boxes[o];
    const y1 = boxes[o + 1];
    const x2 = boxes[o + 2];
    const y2 = boxes[o + 3];
    const area = (x2 - x1) * (y2 - y1);
    const cls = classes[i];
    let suppressed = false;
    for (let t = 0; t < keptCount; t++) {
      const j = kept[t];
      if (!classAgnostic && classes[j] !== cls) continue;
      const p = j * 4;
      const iw = Math.min(x2, boxes[p + 2]) - Math.max(x1, boxes[p]);
      if (iw <= 0) continue;
      const ih = Math.min(y2, boxes[p + 3]) - Math.max(y1, boxes[p + 1]);
      if (ih <= 0) continue;
      const inter = iw * ih;
      if (inter / (area + areas[t] - inter) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) {
      areas[keptCount] = area;
      kept[keptCount++] = i;
    }
  }
  return keptCount;
}

/** Copies the first `m` sorted indices to the kept list unchanged (layouts that already ran NMS). */
export function keepInOrder(m: number, maxDetections: number): number {
  const n = Math.min(m, maxDetections);
  for (let r = 0; r < n; r++) kept[r] = order[r];
  return n;
}

/** The kept candidate indices written by the last `greedyNms` or `keepInOrder`. */
export function keptView(length: number): Int32Array {
  return kept.subarray(0, length);
}
