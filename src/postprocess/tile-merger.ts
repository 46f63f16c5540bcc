// Merging the detections of overlapping tiles and the full frame into one result (docs/contracts.md, contract 4).
// Reused per frame: candidates go into growable typed arrays, so a frame allocates only its result.
//
// The rule:
// 1. Every box is in source px; a tile's boxes are clipped to the tile (a letterboxed tile's padding
//    holds nothing). A tile box that touches an inner edge of its tile (an edge that is not the frame's
//    border) is "cut": it may be a piece of an object that the tile does not hold whole.
// 2. Order: whole tile boxes (the object at full resolution), then full-frame boxes, then cut tile
//    boxes; by descending score within each.
// 3. Greedy: a box is a duplicate of a kept box of the same class (any class when classAgnostic) when
//    their IoU is > iouThreshold; or, when either of them is cut, when their intersection over the
//    smaller box's area is > TILE_MERGE_IOS_THRESHOLD (a light cut by a tile edge lies inside its whole
//    box); or, between a full-frame box and a tile box, when that intersection over the smaller is
//    > TILE_MERGE_IOS_THRESHOLD and the larger box is at most COARSE_AREA_RATIO times the smaller's area
//    (the full frame's loose box around a small light the tile saw sharply; a big object the full frame
//    sees around small ones is far larger than that).
// 4. A duplicate is dropped. When it and the kept box are both cut (two pieces of an object larger than
//    the overlap, with no whole box of it), the kept box grows to their union.
// 5. At most maxDetections kept (chosen in the order of step 2), returned sorted by score.
// docs/tiling.md has the why and the measurements.

import { allocateDetections } from './detections.js';
import type { TileRect } from './tile-plan.js';
import type { Detections } from './types.js';

/** Intersection over the smaller box above which a cut box is a duplicate (SAHI's IOS match uses 0.5 too). */
export const TILE_MERGE_IOS_THRESHOLD = 0.5;
/** A tile box edge within this many model-input px of an inner tile edge counts as cut. */
export const TILE_EDGE_MARGIN = 2;
/** A full-frame box and a tile box nested in one another are one object when their areas differ by at most this factor. */
export const COARSE_AREA_RATIO = 4;

const INDEX_BITS = 2 ** 20; // candidates per frame; (3 · 2^31 ranks) · 2^20 stays below 2^53
const RANK_STEP = 2 ** 31; // above every positive float32's bits
/** Where a box came from: the rank order of step 2. */
const WHOLE_TILE = 0;
const FULL_FRAME = 1;
const CUT_TILE = 2;
const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** Collects the detections of one frame's runs, then merges them. */
export class TileMerger {
  private boxes = new Float32Array(256);
  private scores = new Float32Array(64);
  private classes = new Uint16Array(64);
  /** Per candidate: WHOLE_TILE, FULL_FRAME or CUT_TILE. */
  private cut = new Uint8Array(64);
  private keys = new Float64Array(64);
  private keptBoxes = new Float32Array(256);
  private keptAreas = new Float32Array(64);
  private keptIndex = new Int32Array(64);
  private keptCut = new Uint8Array(64);
  /** Candidates collected since the last reset. */
  count = 0;

  /** Starts a new frame. */
  reset(): void {
    this.count = 0;
  }

  private grow(capacity: number): void {
    if (this.scores.length >= capacity) return;
    if (capacity >= INDEX_BITS) throw new RangeError(`too many detections to merge (${capacity}); raise scoreThreshold`);
    const size = Math.max(capacity, this.scores.length * 2);
    const boxes = new Float32Array(size * 4);
    boxes.set(this.boxes.subarray(0, this.count * 4));
    const scores = new Float32Array(size);
    scores.set(this.scores.subarray(0, this.count));
    const classes = new Uint16Array(size);
    classes.set(this.classes.subarray(0, this.count));
    const cut = new Uint8Array(size);
    cut.set(this.cut.subarray(0, this.count));
    this.boxes = boxes;
    this.scores = scores;
    this.classes = classes;
    this.cut = cut;
    this.keys = new Float64Array(size);
    this.keptBoxes = new Float32Array(size * 4);
    this.keptAreas = new Float32Array(size);
    this.keptIndex = new Int32Array(size);
    this.keptCut = new Uint8Array(size);
  }

  /**
   * Adds one run's detections (boxes in source px of a `srcWidth` x `srcHeight` frame). `tile` is the
   * tile they came from, or null for the full frame; `margin` (source px) is how close to an inner
   * tile edge a box side must be to count as cut.
   */
  add(detections: Detections, tile: TileRect | null, srcWidth: number, srcHeight: number, margin: number): void {
    const n = detections.count;
    let start = this.count;
    this.grow(start + n);
    const src = detections.boxes;
    const boxes = this.boxes;
    // inner edges only: a box cut by the frame's own border is as whole as it will ever be
    const left = tile && tile.x > 0 ? tile.x + margin : -Infinity;
    const top = tile && tile.y > 0 ? tile.y + margin : -Infinity;
    const right = tile && tile.x + tile.width < srcWidth ? tile.x + tile.width - margin : Infinity;
    const bottom = tile && tile.y + tile.height < srcHeight ? tile.y + tile.height - margin : Infinity;
    // a tile's boxes are clipped to the tile: beyond it the model saw only letterbox padding
    const minX = tile ? tile.x : 0;
    const minY = tile ? tile.y : 0;
    const maxX = tile ? tile.x + tile.width : Infinity;
    const maxY = tile ? tile.y + tile.height : Infinity;
    for (let i = 0; i < n; i++) {
      const o = i * 4;
      const x1 = Math.max(src[o], minX);
      const y1 = Math.max(src[o + 1], minY);
      const x2 = Math.min(src[o + 2], maxX);
      const y2 = Math.min(src[o + 3], maxY);
      if (!(x2 > x1 && y2 > y1)) continue; // wholly in the padding
      const p = start * 4;
      boxes[p] = x1;
      boxes[p + 1] = y1;
      boxes[p + 2] = x2;
      boxes[p + 3] = y2;
      this.scores[start] = detections.scores[i];
      this.classes[start] = detections.classes[i];
      this.cut[start] = !tile ? FULL_FRAME : x1 <= left || y1 <= top || x2 >= right || y2 >= bottom ? CUT_TILE : WHOLE_TILE;
      start++;
    }
    this.count = start;
  }

  /** Merges everything added since `reset()` (rule at the top of this file) into a new Detections. */
  merge(iouThreshold: number, classAgnostic: boolean, maxDetections: number): Detections {
    const n = this.count;
    const { boxes, scores, classes, cut, keptBoxes, keptAreas, keptIndex, keptCut } = this;
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) {
      bitsF32[0] = scores[i];
      // positive float bits sort like the scores; whole tile boxes, then the full frame's, then cut ones; ties by index
      keys[i] = ((CUT_TILE - cut[i]) * RANK_STEP + bitsU32[0]) * INDEX_BITS + (INDEX_BITS - 1 - i);
    }
    keys.sort();
    let kept = 0;
    for (let r = n - 1; r >= 0 && kept < maxDetections; r--) {
      const i = INDEX_BITS - 1 - (keys[r] % INDEX_BITS);
      const o = i * 4;
      const x1 = boxes[o];
      const y1 = boxes[o + 1];
      const x2 = boxes[o + 2];
      const y2 = boxes[o + 3];
      const area = (x2 - x1) * (y2 - y1);
      const cls = classes[i];
      const kind = cut[i];
      const isCut = kind === CUT_TILE;
      let duplicate = false;
      for (let t = 0; t < kept; t++) {
        const j = keptIndex[t];
        if (!classAgnostic && classes[j] !== cls) continue;
        const p = t * 4;
        const iw = Math.min(x2, keptBoxes[p + 2]) - Math.max(x1, keptBoxes[p]);
        if (iw <= 0) continue;
        const ih = Math.min(y2, keptBoxes[p + 3]) - Math.max(y1, keptBoxes[p + 1]);
        if (ih <= 0) continue;
        const inter = iw * ih;
        const keptKind = keptCut[t];
        const smaller = Math.min(area, keptAreas[t]);
        const nested = inter / smaller > TILE_MERGE_IOS_THRESHOLD;
        const matched =
          inter / (area + keptAreas[t] - inter) > iouThreshold ||
          (nested && (isCut || keptKind === CUT_TILE)) ||
          (nested && (kind === FULL_FRAME) !== (keptKind === FULL_FRAME) && Math.max(area, keptAreas[t]) <= COARSE_AREA_RATIO * smaller);
        if (!matched) continue;
        duplicate = true;
        if (isCut && keptKind === CUT_TILE) {
          // two pieces of one object cut by tile edges: the kept box becomes their union
          keptBoxes[p] = Math.min(x1, keptBoxes[p]);
          keptBoxes[p + 1] = Math.min(y1, keptBoxes[p + 1]);
          keptBoxes[p + 2] = Math.max(x2, keptBoxes[p + 2]);
          keptBoxes[p + 3] = Math.max(y2, keptBoxes[p + 3]);
          keptAreas[t] = (keptBoxes[p + 2] - keptBoxes[p]) * (keptBoxes[p + 3] - keptBoxes[p + 1]);
        }
        break;
      }
      if (duplicate) continue;
      const p = kept * 4;
      keptBoxes[p] = x1;
      keptBoxes[p + 1] = y1;
      keptBoxes[p + 2] = x2;
      keptBoxes[p + 3] = y2;
      keptAreas[kept] = area;
      keptIndex[kept] = i;
      keptCut[kept] = kind;
      kept++;
    }
    // the result is sorted by score like any Detections (step 2 ranked cut boxes last)
    const order = this.keys.subarray(0, kept);
    for (let t = 0; t < kept; t++) {
      bitsF32[0] = scores[keptIndex[t]];
      order[t] = bitsU32[0] * INDEX_BITS + (INDEX_BITS - 1 - t);
    }
    order.sort();
    const out = allocateDetections(kept);
    for (let r = 0; r < kept; r++) {
      const t = INDEX_BITS - 1 - (order[kept - 1 - r] % INDEX_BITS);
      const p = t * 4;
      const q = r * 4;
      out.boxes[q] = keptBoxes[p];
      out.boxes[q + 1] = keptBoxes[p + 1];
      out.boxes[q + 2] = keptBoxes[p + 2];
      out.boxes[q + 3] = keptBoxes[p + 3];
      out.scores[r] = scores[keptIndex[t]];
      out.classes[r] = classes[keptIndex[t]];
    }
    return out;
  }
}
