// candidates: growable struct-of-arrays scratch, reused across decode calls (no per-frame allocation
// once it has grown to the largest output seen). Boxes are x1 y1 x2 y2 in input px.

/** Scratch storage for the candidates that pass the score threshold. */
export class Candidates {
  /** Number of candidates stored. */
  count = 0;
  /** 4 values per candidate: x1, y1, x2, y2 in input px. */
  boxes = new Float32Array(0);
  /** One score per candidate. */
  scores = new Float32Array(0);
  /** The scores' bits, over the same memory (the score sort reads these). */
  scoreBits = new Uint32Array(0);
  /** One class index per candidate. */
  classes = new Uint16Array(0);

  /** Empties the buffer and makes room for `capacity` candidates, growing only when needed. */
  reset(capacity: number): void {
    this.count = 0;
    if (this.scores.length >= capacity) return;
    const size = Math.max(capacity, this.scores.length * 2, 64);
    this.boxes = new Float32Array(size * 4);
    this.scores = new Float32Array(size);
    this.scoreBits = new Uint32Array(this.scores.buffer);
    this.classes = new Uint16Array(size);
  }
}

/**
 * Appends a candidate given as centre + size, unless any coordinate or the score is not finite
 * (NaN/Infinity rows are ignored). The caller has reserved room with `reset`.
 */
export function addCenterBox(
  c: Candidates,
  cx: number,
  cy: number,
  w: number,
  h: number,
  score: number,
  cls: number,
): void {
  // x - x is 0 for finite x and NaN for NaN or ±Infinity: one cheap test for five values.
  if (cx - cx + (cy - cy) + (w - w) + (h - h) + (score - score) !== 0) return;
  const k = c.count++;
  const o = k * 4;
  const hw = w / 2;
  const hh = h / 2;
  c.boxes[o] = cx - hw;
  c.boxes[o + 1] = cy - hh;
  c.boxes[o + 2] = cx + hw;
  c.boxes[o + 3] = cy + hh;
  c.scores[k] = score;
  c.classes[k] = cls;
}

/** Appends a candidate given as corners; skips non-finite rows like `addCenterBox`. */
export function addCornerBox(
  c: Candidates,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  score: number,
  cls: number,
): void {
  if (x1 - x1 + (y1 - y1) + (x2 - x2) + (y2 - y2) + (score - score) !== 0) return;
  const k = c.count++;
  const o = k * 4;
  c.boxes[o] = x1;
  c.boxes[o + 1] = y1;
  c.boxes[o + 2] = x2;
  c.boxes[o + 3] = y2;
  c.scores[k] = score;
  c.classes[k] = cls;
}

/**
 * Appends a candidate from sigmoid box terms in the YOLOv5 / Yolo-FastestV2 parametrisation:
 * cx = (2·sx − 0.5 + gx)·stride, w = (2·sw)²·anchorW (and likewise for y, h).
 */
export function addAnchorBox(
  c: Candidates,
  sx: number,
  sy: number,
  sw: number,
  sh: number,
  gx: number,
  gy: number,
  stride: number,
  anchorW: number,
  anchorH: number,
  score: number,
  cls: number,
): void {
  const w2 = sw * 2;
  const h2 = sh * 2;
  addCenterBox(c, (sx * 2 - 0.5 + gx) * stride, (sy * 2 - 0.5 + gy) * stride, w2 * w2 * anchorW, h2 * h2 * anchorH, score, cls);
}
