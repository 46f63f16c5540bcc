// Synthetic detector output for tracking: objects moving with constant velocity (bouncing off the
// frame edges), noisy boxes, varying scores, missed frames. Seeded, so every run sees the same scene.
import { allocateDetections, type Detections } from '../../src/postprocess/index.js';
import { rng } from './random-outputs.js';

/** What a scene looks like. */
export interface SceneSpec {
  objects: number;
  frames: number;
  width?: number;
  height?: number;
  /** Box side range in px. */
  size?: [number, number];
  /** Largest speed in px per frame. */
  speed?: number;
  /** Chance that an object is not detected in a frame. */
  missRate?: number;
  /** Box jitter in px (uniform ±). */
  jitter?: number;
  classes?: number;
  seed?: number;
}

/** Per frame: the detections (sorted by score) and the true object behind each (its index). */
export interface Scene {
  frames: Detections[];
  truth: Int32Array[];
}

/** Makes the scene. */
export function makeScene(spec: SceneSpec): Scene {
  const { objects, frames: n, width = 1920, height = 1080, size = [12, 40], speed = 4, missRate = 0.05, jitter = 1, classes = 4, seed = 1 } = spec;
  const r = rng(seed);
  const obj = Array.from({ length: objects }, () => ({
    x: r() * (width - 40),
    y: r() * (height - 40),
    vx: (r() * 2 - 1) * speed,
    vy: (r() * 2 - 1) * speed,
    w: size[0] + r() * (size[1] - size[0]),
    h: size[0] + r() * (size[1] - size[0]),
    cls: Math.floor(r() * classes),
    base: 0.35 + r() * 0.6,
  }));
  const frames: Detections[] = [];
  const truth: Int32Array[] = [];
  for (let f = 0; f < n; f++) {
    const rows: { k: number; box: number[]; score: number; cls: number }[] = [];
    obj.forEach((o, k) => {
      o.x += o.vx;
      o.y += o.vy;
      if (o.x < 0 || o.x + o.w > width) o.vx = -o.vx;
      if (o.y < 0 || o.y + o.h > height) o.vy = -o.vy;
      if (r() < missRate) return;
      const j = () => (r() * 2 - 1) * jitter;
      const score = Math.min(0.99, Math.max(0.11, o.base + (r() - 0.5) * 0.3));
      rows.push({ k, box: [o.x + j(), o.y + j(), o.x + o.w + j(), o.y + o.h + j()], score, cls: o.cls });
    });
    rows.sort((a, b) => b.score - a.score);
    const d = allocateDetections(rows.length);
    const t = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      d.boxes.set(row.box, i * 4);
      d.scores[i] = row.score;
      d.classes[i] = row.cls;
      t[i] = row.k;
    });
    frames.push(d);
    truth.push(t);
  }
  return { frames, truth };
}
