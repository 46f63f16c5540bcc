// Ordering and greedy NMS over a Candidates buffer, with torchvision batched_nms semantics:
// descending score, a box is suppressed by a kept box of the same class (any class when agnostic)
// whose IoU is strictly greater than the threshold, at most maxDetections kept.
//
// Speed (issue 15): each candidate is compared only with the kept boxes of its own class. Kept boxes
// are chained per class (`classHead` → `prevSameClass`), their corners and areas copied into dense
// arrays in kept order, so the inner loop reads four sequential floats and never skips other classes.

import type { Candidates } from './candidates.js';

const RADIX_BITS = 11;
const RADIX_SIZE = 1 << RADIX_BITS;
const RADIX_MASK = RADIX_SIZE - 1;
const CLASS_SLOTS = 65536; // classes are Uint16
const AGNOSTIC = 0; // the one chain used when NMS ignores classes

let keyA = new Uint32Array(0);
let keyB = new Uint32Array(0);
let order = new Int32Array(0);
let orderB = new Int32Array(0);
const histogram = new Uint32Array(3 * RADIX_SIZE);
let kept = new Int32Array(0);
let keptBoxes = new Float32Array(0); // 4 per kept box, in kept order
let keptAreas = new Float32Array(0);
let prevSameClass = new Int32Array(0); // kept slot of the previous kept box of the same class, or -1

// Head of each class's chain; a head is valid only when its stamp equals this call's stamp, so the
// 65,536 heads never need clearing.
const classHead = new Int32Array(CLASS_SLOTS);
const classStamp = new Uint32Array(CLASS_SLOTS);
let stamp = 0;

function grow(capacity: number): void {
  if (order.length >= capacity) return;
  const size = Math.max(capacity, order.length * 2, 64);
  keyA = new Uint32Array(size);
  keyB = new Uint32Array(size);
  order = new Int32Array(size);
  orderB = new Int32Array(size);
  kept = new Int32Array(size);
  keptBoxes = new Float32Array(size * 4);
  keptAreas = new Float32Array(size);
  prevSameClass = new Int32Array(size);
}

/**
 * Sorts the candidates by score, descending (ties: lower index first), keeping the best `topK`.
 * Scores must be positive (they are: every candidate passed a threshold >= 0).
 * Returns the number of entries written to the order array (`orderView`).
 *
 * An LSD radix sort on the scores' bits (issue 15: 5x faster than the native sort of packed float64
 * keys it replaced, 0.10 → 0.02 ms for 2,200 candidates): for positive floats the bit pattern grows
 * with the value, so sorting 0x7fffffff − bits ascending gives descending scores, and a stable sort
 * that starts from index order keeps ties in row order. Three passes of 11 bits; a pass whose digit
 * is the same for every candidate (most of the exponent) is skipped.
 */
export function sortByScore(c: Candidates, topK: number): number {
  const n = c.count;
  grow(n);
  const scoreBits = c.scoreBits;
  histogram.fill(0);
  for (let i = 0; i < n; i++) {
    const key = 0x7fffffff - scoreBits[i];
    keyA[i] = key;
    order[i] = i;
    histogram[key & RADIX_MASK]++;
    histogram[RADIX_SIZE + ((key >>> RADIX_BITS) & RADIX_MASK)]++;
    histogram[2 * RADIX_SIZE + (key >>> (2 * RADIX_BITS))]++;
  }
  let srcKey = keyA;
  let srcIdx = order;
  let dstKey = keyB;
  let dstIdx = orderB;
  for (let pass = 0; pass < 3; pass++) {
    const base = pass * RADIX_SIZE;
    const shift = pass * RADIX_BITS;
    if (n === 0 || histogram[base + ((srcKey[0] >>> shift) & RADIX_MASK)] === n) continue; // one bucket: order unchanged
    let sum = 0;
    for (let d = 0; d < RADIX_SIZE; d++) {
      const count = histogram[base + d];
      histogram[base + d] = sum;
      sum += count;
    }
    for (let i = 0; i < n; i++) {
      const key = srcKey[i];
      const slot = histogram[base + ((key >>> shift) & RADIX_MASK)]++;
      dstKey[slot] = key;
      dstIdx[slot] = srcIdx[i];
    }
    const k = srcKey;
    srcKey = dstKey;
    dstKey = k;
    const x = srcIdx;
    srcIdx = dstIdx;
    dstIdx = x;
  }
  const m = Math.min(n, topK);
  if (srcIdx !== order) order.set(srcIdx.subarray(0, m));
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
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    classStamp.fill(0);
    stamp = 1;
  }
  let keptCount = 0;
  for (let r = 0; r < m && keptCount < maxDetections; r++) {
    const i = order[r];
    const o = i * 4;
    const x1 = boxes[o];
    const y1 = boxes[o + 1];
    const x2 = boxes[o + 2];
    const y2 = boxes[o + 3];
    const area = (x2 - x1) * (y2 - y1);
    const chain = classAgnostic ? AGNOSTIC : classes[i];
    let t = classStamp[chain] === stamp ? classHead[chain] : -1;
    // Walk this class's kept boxes, newest first (the order does not change the outcome: any one
    // overlap above the threshold suppresses).
    while (t >= 0) {
      const p = t * 4;
      const iw = Math.min(x2, keptBoxes[p + 2]) - Math.max(x1, keptBoxes[p]);
      if (iw > 0) {
        const ih = Math.min(y2, keptBoxes[p + 3]) - Math.max(y1, keptBoxes[p + 1]);
        if (ih > 0) {
          const inter = iw * ih;
          if (inter / (area + keptAreas[t] - inter) > iouThreshold) break;
        }
      }
      t = prevSameClass[t];
    }
    if (t >= 0) continue; // suppressed
    const s = keptCount++;
    const q = s * 4;
    kept[s] = i;
    keptBoxes[q] = x1;
    keptBoxes[q + 1] = y1;
    keptBoxes[q + 2] = x2;
    keptBoxes[q + 3] = y2;
    keptAreas[s] = area;
    prevSameClass[s] = classStamp[chain] === stamp ? classHead[chain] : -1;
    classHead[chain] = s;
    classStamp[chain] = stamp;
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
