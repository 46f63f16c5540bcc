// Short trails behind tracked objects: the last centres of each track ID, drawn as fading polylines.

import type { Detections } from '../postprocess/index.js';
import { classColor } from './class-colors.js';
import type { Rect } from './media-geometry.js';

/** A track's recent centres (source px), oldest first, in a ring. */
interface Trail {
  xs: Float32Array;
  ys: Float32Array;
  /** Points stored (at most the ring size). */
  count: number;
  /** Ring position of the next point. */
  head: number;
  classId: number;
  /** Frame (as counted by `add`) it was last seen in. */
  seen: number;
}

/** Remembers where each track ID has been over the last `length` frames. */
export class TrackTrails {
  private readonly trails = new Map<number, Trail>();
  private frame = 0;

  /** @param length Frames a trail spans (and how long a vanished track's trail stays). */
  constructor(readonly length = 30) {}

  /** Adds one frame's tracked detections (those without a track ID are ignored). */
  add(detections: Detections): void {
    this.frame++;
    const { trackIds, boxes, classes, count } = detections;
    if (trackIds) {
      for (let i = 0; i < count; i++) {
        const id = trackIds[i];
        if (id === 0) continue;
        let t = this.trails.get(id);
        if (!t) {
          t = { xs: new Float32Array(this.length), ys: new Float32Array(this.length), count: 0, head: 0, classId: classes[i], seen: 0 };
          this.trails.set(id, t);
        }
        t.xs[t.head] = (boxes[i * 4] + boxes[i * 4 + 2]) / 2;
        t.ys[t.head] = (boxes[i * 4 + 1] + boxes[i * 4 + 3]) / 2;
        t.head = (t.head + 1) % this.length;
        t.count = Math.min(t.count + 1, this.length);
        t.classId = classes[i];
        t.seen = this.frame;
      }
    }
    for (const [id, t] of this.trails) if (this.frame - t.seen >= this.length) this.trails.delete(id);
  }

  /** Forgets every trail (new media or model). */
  clear(): void {
    this.trails.clear();
  }

  /** Number of trails kept. */
  get size(): number {
    return this.trails.size;
  }

  /**
   * Draws the trails on `canvas` (already sized and cleared by drawDetections) into `content`, the
   * media's displayed rectangle (CSS px), for a `sourceWidth` x `sourceHeight` frame.
   */
  draw(canvas: HTMLCanvasElement, content: Rect, sourceWidth: number, sourceHeight: number, lineWidth: number, palette?: readonly string[]): void {
    const ctx = canvas.getContext('2d');
    if (!ctx || sourceWidth <= 0 || sourceHeight <= 0) return;
    const dpr = globalThis.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const sx = content.width / sourceWidth;
    const sy = content.height / sourceHeight;
    ctx.lineWidth = lineWidth;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const t of this.trails.values()) {
      if (t.count < 2) continue;
      ctx.strokeStyle = classColor(t.classId, palette);
      const start = (t.head - t.count + this.length) % this.length;
      for (let k = 1; k < t.count; k++) {
        const a = (start + k - 1) % this.length;
        const b = (start + k) % this.length;
        ctx.globalAlpha = 0.15 + (0.85 * k) / t.count; // older segments fade
        ctx.beginPath();
        ctx.moveTo(content.x + t.xs[a] * sx, content.y + t.ys[a] * sy);
        ctx.lineTo(content.x + t.xs[b] * sx, content.y + t.ys[b] * sy);
        ctx.stroke();
      }
    }
    ctx.restore();
  }
}
