// Where box labels go in dense scenes (issue 14): best boxes first, each label tried above, inside and
// below its box; a label that would cover an earlier one, whose box is too small on screen, or that
// would take the labels past LABEL_AREA_SHARE of the picture, is not drawn. Pure geometry, no DOM.

/** How labels are shown: 'auto' adapts (size, collisions, tiny boxes), 'all' always, 'none' never. */
export type LabelMode = 'auto' | 'all' | 'none';

/** Boxes smaller than this on screen (CSS px, both sides) get no label in 'auto' mode. */
export const MIN_LABELLED_BOX_PX = 6;

/** In 'auto' mode labels together cover at most this share of the picture (the best boxes keep theirs). */
export const LABEL_AREA_SHARE = 0.08;

/** Placed label rectangles of the current frame: x, y, w, h per label, reused between frames. */
export class LabelLayout {
  private rects = new Float64Array(4 * 64);
  private count = 0;
  private areaLeft = Infinity;
  /** Top-left of the label placed last. */
  x = 0;
  y = 0;

  /** Forgets the labels of the previous frame; `pictureArea` (CSS px²) sets the label area budget. */
  reset(pictureArea = Infinity): void {
    this.count = 0;
    this.areaLeft = pictureArea * LABEL_AREA_SHARE;
  }

  /**
   * Finds a place for a `w` x `h` label of the box (x1, y1)-(x2, y2) inside a `width` x `height`
   * canvas: true with the place in `x`, `y`, or false when the label should not be drawn.
   */
  place(x1: number, y1: number, x2: number, y2: number, w: number, h: number, width: number, height: number, mode: LabelMode): boolean {
    if (mode === 'none') return false;
    this.x = x1;
    this.y = y1 - h >= 0 ? y1 - h : y1;
    if (mode === 'all') return true;
    if (x2 - x1 < MIN_LABELLED_BOX_PX && y2 - y1 < MIN_LABELLED_BOX_PX) return false;
    if (w * h > this.areaLeft) return false;
    const x = Math.max(0, Math.min(x1, width - w));
    // above the box, else inside its top, else under it
    for (let k = 0; k < 3; k++) {
      const y = k === 0 ? y1 - h : k === 1 ? y1 : y2;
      if (y < 0 || y + h > height || this.collides(x, y, w, h)) continue;
      this.add(x, y, w, h);
      this.areaLeft -= w * h;
      this.x = x;
      this.y = y;
      return true;
    }
    return false;
  }

  private collides(x: number, y: number, w: number, h: number): boolean {
    const r = this.rects;
    for (let i = 0; i < this.count * 4; i += 4) {
      if (x < r[i] + r[i + 2] && x + w > r[i] && y < r[i + 1] + r[i + 3] && y + h > r[i + 1]) return true;
    }
    return false;
  }

  private add(x: number, y: number, w: number, h: number): void {
    if ((this.count + 1) * 4 > this.rects.length) {
      const grown = new Float64Array(this.rects.length * 2);
      grown.set(this.rects);
      this.rects = grown;
    }
    const i = this.count++ * 4;
    this.rects[i] = x;
    this.rects[i + 1] = y;
    this.rects[i + 2] = w;
    this.rects[i + 3] = h;
  }
}
