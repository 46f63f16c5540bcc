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
  /**
   * Scores are kept when their float32 value is above this float32 threshold: results are float32, so a
   * score that rounds to the threshold (or to 0) is not a detection (issue 16).
   */
  minScore = 0;

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
 * Appends a candidate given as centre + size (see `addCornerBox` for what is skipped). The caller has
 * reserved room with `reset`.
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
  const hw = w / 2;
  const hh = h / 2;
  addCornerBox(c, cx - hw, cy - hh, cx + hw, cy + hh, score, cls);
}

/**
 * Appends a candidate given as corners, as float32 (what results hold). Skipped: a score whose float32
 * value is not above `minScore`, and rows with a NaN or infinite value after rounding to float32 (finite
 * extremes such as 1e30 · 1e30 or exp(100) overflow float32).
 */
export function addCornerBox(
  c: Candidates,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  score: number,
  cls: number,
): void {
  const s = Math.fround(score);
  const a = Math.fround(x1);
  const b = Math.fround(y1);
  const d = Math.fround(x2);
  const e = Math.fround(y2);
  // x - x is 0 for finite x and NaN for NaN or ±Infinity: one cheap test for five values.
  if (!(s > c.minScore) || s - s + (a - a) + (b - b) + (d - d) + (e - e) !== 0) return;
  const k = c.count++;
  const o = k * 4;
  c.boxes[o] = a;
  c.boxes[o + 1] = b;
  c.boxes[o + 2] = d;
  c.boxes[o + 3] = e;
  c.scores[k] = s;
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
