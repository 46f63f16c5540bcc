// ByteTrack (Zhang et al., ECCV 2022) over struct-of-arrays track slots: no per-frame allocation once
// the buffers have grown to the largest scene seen. Detections in: boxes x1 y1 x2 y2, scores, classes.

import type { Detections } from '../postprocess/types.js';
import { boxIou, bufferedIou } from './box-iou.js';
import { KalmanBank } from './kalman-bank.js';
import { LinearAssignment } from './linear-assignment.js';
import { resolveTrackerOptions } from './tracker-options.js';
import type { ResolvedTrackerOptions, TrackerOptions, TrackStep } from './types.js';

const FREE = 0;
const TRACKED = 1;
const LOST = 2;

/** ByteTrack's fixed thresholds: second association (IoU cost), unconfirmed tracks (fused cost), duplicates. */
const SECOND_MATCH_THRESHOLD = 0.5;
const UNCONFIRMED_MATCH_THRESHOLD = 0.7;
const DUPLICATE_IOU_DISTANCE = 0.15;

/**
 * The ByteTrack tracker (byte_tracker.py), one per stream. Each `update` takes one frame's detections
 * (sorted by score, as `decode` returns them) and says which of them to keep and their track IDs:
 *
 * 1. Detections above `highThreshold` are matched to confirmed and lost tracks (Kalman-predicted
 *    boxes, cost 1 − IoU·score, limit `matchThreshold`), optimally.
 * 2. Confirmed tracks still unmatched are matched to detections in (lowThreshold, highThreshold]
 *    (cost 1 − IoU, limit 0.5): the "byte" step that keeps a track through a weak detection.
 *    Tracks still unmatched are lost.
 * 3. Unconfirmed tracks (born last frame) take the remaining high detections (limit 0.7) or are removed.
 * 4. Remaining high detections scoring at least `newTrackThreshold` start unconfirmed tracks (confirmed
 *    at once on the first frame). Lost tracks are removed after `maxLostFrames`; a tracked and a lost
 *    track covering the same object (IoU > 0.85) are merged, the younger one going.
 *
 * Differences from the reference, all deliberate (docs/tracking.md): pairs of different classes cost
 * `classPenalty` more (0.4 by default); lost tracks the IoU steps missed are recovered by centre distance
 * (`recoveryGrowth`; between steps 2 and 3); IoU may be buffered (`buffer`, off by default); IDs are handed
 * out when a track is confirmed (ByteTrack numbers every candidate, so its IDs have gaps), in the score
 * order of their detections; IoU is continuous (no +1 px).
 */
export class ByteTracker {
  /** The options in force, defaults filled in. */
  readonly options: ResolvedTrackerOptions;
  private readonly kalman = new KalmanBank();
  private readonly solver = new LinearAssignment();
  private capacity = 0;
  private slots = 0; // slots in use or freed: [0, slots)
  private state = new Uint8Array(0);
  private activated = new Uint8Array(0);
  private trackId = new Uint32Array(0);
  private startFrame = new Int32Array(0);
  private lastFrame = new Int32Array(0);
  private trackClass = new Uint16Array(0);
  private classVotes = new Int32Array(0);
  private box = new Float64Array(0);
  private doomed = new Uint8Array(0);
  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  private pool = new Int32Array(0);
  private unconfirmed = new Int32Array(0);
  private remainingTracked = new Int32Array(0);
  private high = new Int32Array(0);
  private low = new Int32Array(0);
  private remaining = new Int32Array(0);
  private detSlot = new Int32Array(0);
  private sortedDets = new Int32Array(0);
  private sortedX = new Float64Array(0);
  private readonly step: TrackStep = { count: 0, indices: new Int32Array(0), trackIds: new Uint32Array(0) };
  private frame = 0;
  private nextId = 1;

  constructor(options?: TrackerOptions | boolean) {
    this.options = resolveTrackerOptions(options);
  }

  /** Frames seen since the last reset. */
  get frameCount(): number {
    return this.frame;
  }

  /** Tracks alive now (tracked, unconfirmed or lost). */
  get activeTracks(): number {
    let n = 0;
    for (let t = 0; t < this.slots; t++) if (this.state[t] !== FREE) n++;
    return n;
  }

  /** Forgets every track; IDs start again from 1. */
  reset(): void {
    this.state.fill(FREE);
    this.slots = 0;
    this.freeCount = 0;
    this.frame = 0;
    this.nextId = 1;
  }

  /**
   * Tracks one frame. Keeps every detection scoring above `scoreThreshold` plus the lower ones that
   * continue a confirmed track; returns views valid until the next call.
   */
  update(detections: Detections, scoreThreshold = 0): TrackStep {
    const { count, boxes, scores, classes } = detections;
    const { highThreshold, lowThreshold, newTrackThreshold, matchThreshold, maxLostFrames } = this.options;
    this.frame++;
    this.reserveDetections(count);
    this.reserveSlots(this.slots + count);
    const { state, activated, high, low, remaining, detSlot, pool, unconfirmed, remainingTracked, solver } = this;
    let nHigh = 0;
    let nLow = 0;
    for (let i = 0; i < count; i++) {
      const s = scores[i];
      if (s > highThreshold) high[nHigh++] = i;
      else if (s > lowThreshold) low[nLow++] = i;
    }
    detSlot.fill(-1, 0, count);
    let nPool = 0;
    let nUnconfirmed = 0;
    for (let t = 0; t < this.slots; t++) {
      if (state[t] === TRACKED) {
        if (activated[t] === 1) pool[nPool++] = t;
        else unconfirmed[nUnconfirmed++] = t;
      }
    }
    for (let t = 0; t < this.slots; t++) if (state[t] === LOST) pool[nPool++] = t;
    for (let k = 0; k < nPool; k++) {
      const t = pool[k];
      if (state[t] === LOST) this.kalman.mean[t * 8 + 7] = 0; // a lost box keeps its size
      this.kalman.predict(t);
      this.updateBox(t);
    }

    // 1. high-score detections against confirmed and lost tracks
    this.listPairs(pool, nPool, high, nHigh, detections, true, matchThreshold);
    solver.solvePairs(nPool, nHigh, matchThreshold);
    for (let k = 0; k < nPool; k++) {
      const j = solver.rowMatch[k];
      if (j >= 0) this.apply(pool[k], high[j], boxes, classes);
    }
    let nRemaining = 0;
    for (let j = 0; j < nHigh; j++) if (solver.colMatch[j] < 0) remaining[nRemaining++] = high[j];
    let nRemainingTracked = 0;
    for (let k = 0; k < nPool; k++) {
      if (solver.rowMatch[k] < 0 && state[pool[k]] === TRACKED) remainingTracked[nRemainingTracked++] = pool[k];
    }

    // 2. low-score detections against the confirmed tracks left; the rest are lost
    this.listPairs(remainingTracked, nRemainingTracked, low, nLow, detections, false, SECOND_MATCH_THRESHOLD);
    solver.solvePairs(nRemainingTracked, nLow, SECOND_MATCH_THRESHOLD);
    for (let k = 0; k < nRemainingTracked; k++) {
      const j = solver.rowMatch[k];
      if (j >= 0) this.apply(remainingTracked[k], low[j], boxes, classes);
      else state[remainingTracked[k]] = LOST;
    }

    // 2b. lost tracks take remaining high detections near their predicted place (not in ByteTrack)
    if (this.options.recoveryGrowth > 0) nRemaining = this.recoverLost(nRemaining, detections);

    // 3. unconfirmed tracks take remaining high detections, or go
    for (let k = 0; k < nUnconfirmed; k++) this.updateBox(unconfirmed[k]);
    this.listPairs(unconfirmed, nUnconfirmed, remaining, nRemaining, detections, true, UNCONFIRMED_MATCH_THRESHOLD);
    solver.solvePairs(nUnconfirmed, nRemaining, UNCONFIRMED_MATCH_THRESHOLD);
    for (let k = 0; k < nUnconfirmed; k++) {
      const j = solver.rowMatch[k];
      if (j >= 0) this.apply(unconfirmed[k], remaining[j], boxes, classes);
      else this.release(unconfirmed[k]);
    }

    // 4. new tracks, expiry, duplicates
    for (let j = 0; j < nRemaining; j++) {
      const i = remaining[j];
      if (solver.colMatch[j] < 0 && scores[i] >= newTrackThreshold) this.spawn(i, boxes, classes);
    }
    for (let t = 0; t < this.slots; t++) {
      if (state[t] === LOST && this.frame - this.lastFrame[t] > maxLostFrames) this.release(t);
    }
    this.removeDuplicates();

    // IDs for tracks confirmed this frame (in detection order), then the kept detections. (Inline: a
    // call passing the double scoreThreshold on would box it, the one allocation left per frame.)
    const { trackId, step } = this;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const t = detSlot[i];
      let id = 0;
      if (t >= 0 && state[t] === TRACKED && activated[t] === 1) {
        if (trackId[t] === 0) trackId[t] = this.nextId++;
        id = trackId[t];
      }
      if (id !== 0 || scores[i] > scoreThreshold) {
        step.indices[kept] = i;
        step.trackIds[kept] = id;
        kept++;
      }
    }
    step.count = kept;
    return step;
  }

  /**
   * Lists the pairs (track k, detection j) that could match: cost 1 − IoU (· score when `fuse`), plus
   * the class penalty, below `limit`. Boxes that do not overlap cost at least 1 ≥ every limit, so only
   * overlapping pairs are looked at: detections sorted by x1, each track scans the ones whose x1 can
   * reach it (O(n log n + overlaps) instead of every pair).
   */
  private listPairs(tracks: Int32Array, nTracks: number, dets: Int32Array, nDets: number, d: Detections, fuse: boolean, limit: number): void {
    const { solver, box, trackClass, sortedDets, sortedX } = this;
    solver.clearPairs();
    if (nTracks === 0 || nDets === 0) return;
    const boxes = d.boxes;
    const { classPenalty: penalty, buffer, lostBufferGrowth } = this.options;
    // insertion sort of the detections by x1 (a few hundred at most, often nearly sorted already)
    let maxWidth = 0;
    for (let j = 0; j < nDets; j++) {
      const o = dets[j] * 4;
      const x1 = boxes[o];
      const w = boxes[o + 2] - x1;
      if (w > maxWidth) maxWidth = w;
      let s = j;
      while (s > 0 && sortedX[s - 1] > x1) {
        sortedX[s] = sortedX[s - 1];
        sortedDets[s] = sortedDets[s - 1];
        s--;
      }
      sortedX[s] = x1;
      sortedDets[s] = j;
    }
    for (let k = 0; k < nTracks; k++) {
      const t = tracks[k];
      // buffered IoU: a lost track's box also grows with the frames it has been unseen
      const grow = this.state[t] === LOST ? buffer + lostBufferGrowth * (this.frame - this.lastFrame[t]) : buffer;
      const margin = (box[t * 4 + 2] - box[t * 4]) * grow;
      const tx1 = box[t * 4] - margin;
      const tx2 = box[t * 4 + 2] + margin + buffer * maxWidth; // a detection's x1 moves left by buffer · its width
      // first detection whose grown box can reach tx1 (binary search on x1)
      let lo = 0;
      let hi = nDets;
      const from = tx1 - (1 + buffer) * maxWidth;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sortedX[mid] < from) lo = mid + 1;
        else hi = mid;
      }
      for (let s = lo; s < nDets && sortedX[s] < tx2; s++) {
        const j = sortedDets[s];
        const i = dets[j];
        const iou = grow === 0 && buffer === 0 ? boxIou(box, t, boxes, i) : bufferedIou(box, t, grow, boxes, i, buffer);
        if (iou <= 0) continue;
        let c = 1 - (fuse ? iou * d.scores[i] : iou);
        if (d.classes[i] !== trackClass[t]) c += penalty;
        if (c < limit) solver.pair(k, j, c);
      }
    }
  }

  /**
   * Matches lost tracks to the high detections no IoU association took, by centre distance over a
   * radius of size × (0.5 + recoveryGrowth × frames lost), class-aware; returns the detections left.
   */
  private recoverLost(nRemaining: number, d: Detections): number {
    const { state, box, lastFrame, trackClass, solver, remaining, pool: lost } = this;
    const boxes = d.boxes;
    const { recoveryGrowth, classPenalty } = this.options;
    let nLost = 0;
    for (let t = 0; t < this.slots; t++) if (state[t] === LOST) lost[nLost++] = t; // the pool's turn is over
    if (nLost === 0 || nRemaining === 0) return nRemaining;
    solver.clearPairs();
    for (let k = 0; k < nLost; k++) {
      const t = lost[k];
      const b = t * 4;
      const tw = box[b + 2] - box[b];
      const th = box[b + 3] - box[b + 1];
      const tx = box[b] + tw / 2;
      const ty = box[b + 1] + th / 2;
      const reach = 0.5 + recoveryGrowth * (this.frame - lastFrame[t]);
      for (let j = 0; j < nRemaining; j++) {
        const i = remaining[j];
        const o = i * 4;
        const dw = boxes[o + 2] - boxes[o];
        const dh = boxes[o + 3] - boxes[o + 1];
        const dx = boxes[o] + dw / 2 - tx;
        const dy = boxes[o + 1] + dh / 2 - ty;
        const radius = ((tw + th + dw + dh) / 4) * reach;
        let c = Math.sqrt(dx * dx + dy * dy) / radius;
        if (d.classes[i] !== trackClass[t]) c += classPenalty;
        if (c < 1) solver.pair(k, j, c);
      }
    }
    solver.solvePairs(nLost, nRemaining, 1);
    for (let k = 0; k < nLost; k++) {
      const j = solver.rowMatch[k];
      if (j >= 0) this.apply(lost[k], remaining[j], boxes, d.classes);
    }
    let kept = 0;
    for (let j = 0; j < nRemaining; j++) if (solver.colMatch[j] < 0) remaining[kept++] = remaining[j];
    return kept;
  }

  /** Track `t` takes detection `i`: Kalman update, (re)activated, class vote. */
  private apply(t: number, i: number, boxes: Float32Array, classes: Uint16Array): void {
    const o = i * 4;
    const w = boxes[o + 2] - boxes[o];
    const h = boxes[o + 3] - boxes[o + 1];
    this.kalman.update(t, boxes[o] + w / 2, boxes[o + 1] + h / 2, h > 0 ? w / h : 0, h);
    this.state[t] = TRACKED;
    this.activated[t] = 1;
    this.lastFrame[t] = this.frame;
    this.detSlot[i] = t;
    // majority vote (Boyer-Moore): a track's class survives the odd misclassified frame
    if (classes[i] === this.trackClass[t]) this.classVotes[t]++;
    else if (--this.classVotes[t] < 0) {
      this.trackClass[t] = classes[i];
      this.classVotes[t] = 1;
    }
    this.updateBox(t);
  }

  private spawn(i: number, boxes: Float32Array, classes: Uint16Array): void {
    const t = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.slots++;
    const o = i * 4;
    const w = boxes[o + 2] - boxes[o];
    const h = boxes[o + 3] - boxes[o + 1];
    this.kalman.initiate(t, boxes[o] + w / 2, boxes[o + 1] + h / 2, h > 0 ? w / h : 0, h);
    this.state[t] = TRACKED;
    this.activated[t] = this.frame === 1 ? 1 : 0;
    this.trackId[t] = 0;
    this.startFrame[t] = this.frame;
    this.lastFrame[t] = this.frame;
    this.trackClass[t] = classes[i];
    this.classVotes[t] = 1;
    this.detSlot[i] = t;
    this.updateBox(t);
  }

  private release(t: number): void {
    this.state[t] = FREE;
    this.freeSlots[this.freeCount++] = t;
  }

  /** ByteTrack's remove_duplicate_stracks: a tracked and a lost track on one object; the younger goes. */
  private removeDuplicates(): void {
    const { state, doomed, box, startFrame, lastFrame, pool: lost } = this;
    let nLost = 0;
    for (let t = 0; t < this.slots; t++) if (state[t] === LOST) lost[nLost++] = t; // pool is free again by now
    if (nLost === 0) return;
    doomed.fill(0, 0, this.slots);
    for (let p = 0; p < this.slots; p++) {
      if (state[p] !== TRACKED) continue;
      for (let k = 0; k < nLost; k++) {
        const q = lost[k];
        if (1 - boxIou(box, p, box, q) >= DUPLICATE_IOU_DISTANCE) continue;
        if (lastFrame[p] - startFrame[p] > lastFrame[q] - startFrame[q]) doomed[q] = 1;
        else doomed[p] = 1;
      }
    }
    for (let t = 0; t < this.slots; t++) if (doomed[t] === 1) this.release(t);
  }

  /** box[t] = the track's current box (x1 y1 x2 y2) from its Kalman mean. */
  private updateBox(t: number): void {
    const m = this.kalman.mean;
    const o = t * 8;
    const h = m[o + 3];
    const w = m[o + 2] * h;
    const b = t * 4;
    this.box[b] = m[o] - w / 2;
    this.box[b + 1] = m[o + 1] - h / 2;
    this.box[b + 2] = m[o] + w / 2;
    this.box[b + 3] = m[o + 1] + h / 2;
  }

  private reserveDetections(count: number): void {
    if (this.high.length >= count) return;
    const n = Math.max(count, this.high.length * 2, 16);
    this.high = new Int32Array(n);
    this.low = new Int32Array(n);
    this.remaining = new Int32Array(n);
    this.detSlot = new Int32Array(n);
    this.sortedDets = new Int32Array(n);
    this.sortedX = new Float64Array(n);
    this.step.indices = new Int32Array(n);
    this.step.trackIds = new Uint32Array(n);
  }

  private reserveSlots(needed: number): void {
    if (this.capacity >= needed) return;
    const n = Math.max(needed, this.capacity * 2, 16);
    this.state = grow(this.state, new Uint8Array(n));
    this.activated = grow(this.activated, new Uint8Array(n));
    this.trackId = grow(this.trackId, new Uint32Array(n));
    this.startFrame = grow(this.startFrame, new Int32Array(n));
    this.lastFrame = grow(this.lastFrame, new Int32Array(n));
    this.trackClass = grow(this.trackClass, new Uint16Array(n));
    this.classVotes = grow(this.classVotes, new Int32Array(n));
    this.box = grow(this.box, new Float64Array(n * 4));
    this.freeSlots = grow(this.freeSlots, new Int32Array(n));
    this.doomed = new Uint8Array(n);
    this.pool = new Int32Array(n);
    this.unconfirmed = new Int32Array(n);
    this.remainingTracked = new Int32Array(n);
    this.kalman.reserve(n);
    this.capacity = n;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
