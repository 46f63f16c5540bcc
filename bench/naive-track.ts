// A plain ByteTrack port, written the obvious way: one object per track, dense 8 x 8 Kalman matrices,
// a dense Hungarian on the whole extended (tracks + detections)² matrix per association, fresh arrays
// every frame. Same rules as src/track/byte-tracker.ts (the benchmark's baseline, and a reference the
// unit tests compare IDs with).
import type { Detections } from '../src/postprocess/index.js';

type M = number[][];
const mul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const tr = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
const add = (a: M, b: M): M => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const sub = (a: M, b: M): M => a.map((row, i) => row.map((v, j) => v - b[i][j]));
const sqdiag = (v: number[]): M => v.map((x, i) => v.map((_, j) => (i === j ? x * x : 0)));
const eye = (n: number): M => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const F = eye(8).map((row, i) => row.map((v, j) => (j === i + 4 ? 1 : v)));
const H = eye(8).slice(0, 4);
const WP = 1 / 20;
const WV = 1 / 160;

function inv4(a: M): M {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...eye(n)[i]]);
  for (let c = 0; c < n; c++) {
    const d = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) if (r !== c) { const f = m[r][c]; for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k]; }
  }
  return m.map((row) => row.slice(n));
}

interface Track { mean: number[]; cov: M; state: 'tracked' | 'lost'; activated: boolean; id: number; start: number; last: number; cls: number; votes: number }

/** Dense Hungarian on the extended square matrix (lapjv with extend_cost and cost_limit): match[row] = col or -1. */
function assign(cost: M, limit: number): number[] {
  const n = cost.length;
  const m = n > 0 ? cost[0].length : 0;
  const N = n + m;
  const BIG = 1e9;
  const a: M = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => {
    if (i < n && j < m) return cost[i][j] < limit ? cost[i][j] : BIG;
    if (i < n) return j - m === i ? limit / 2 : BIG;
    if (j < m) return i - n === j ? limit / 2 : BIG;
    return 0;
  }));
  const u = new Array(N + 1).fill(0), v = new Array(N + 1).fill(0), p = new Array(N + 1).fill(0), way = new Array(N + 1).fill(0);
  for (let i = 1; i <= N; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array(N + 1).fill(Infinity), used = new Array(N + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= N; j++) if (!used[j]) {
        const cur = a[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= N; j++) if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0);
  }
  const match = new Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j] >= 1 && p[j] <= n && cost[p[j] - 1][j - 1] < limit) match[p[j] - 1] = j - 1;
  return match;
}

function boxOf(t: Track): number[] {
  const [cx, cy, a, h] = t.mean;
  const w = a * h;
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

function grow(b: number[], g: number): number[] {
  const w = (b[2] - b[0]) * g;
  const h = (b[3] - b[1]) * g;
  return [b[0] - w, b[1] - h, b[2] + w, b[3] + h];
}

function iou(a: number[], b: number[]): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/** The naive tracker: `update` returns, per input detection, its track ID (0 = none) and whether it is kept. */
export class NaiveByteTracker {
  private tracks: Track[] = [];
  private frame = 0;
  private nextId = 1;
  constructor(
    private readonly o = { high: 0.5, low: 0.1, newTrack: 0.6, match: 0.8, maxLost: 30, classPenalty: 0.4, buffer: 0, lostGrowth: 0, recovery: 0.25 },
  ) {}

  update(d: Detections, scoreThreshold: number): { ids: number[]; kept: boolean[] } {
    this.frame++;
    const dets = Array.from({ length: d.count }, (_, i) => ({ i, box: Array.from(d.boxes.subarray(i * 4, i * 4 + 4)), score: d.scores[i], cls: d.classes[i] }));
    const high = dets.filter((x) => x.score > this.o.high);
    const low = dets.filter((x) => x.score <= this.o.high && x.score > this.o.low);
    const owner = new Map<number, Track>();
    const unconfirmed = this.tracks.filter((t) => t.state === 'tracked' && !t.activated);
    const pool = [...this.tracks.filter((t) => t.state === 'tracked' && t.activated), ...this.tracks.filter((t) => t.state === 'lost')];
    for (const t of pool) {
      if (t.state === 'lost') t.mean[7] = 0;
      const h = t.mean[3];
      t.mean = mul(F, t.mean.map((x) => [x])).map((r) => r[0]);
      t.cov = add(mul(mul(F, t.cov), tr(F)), sqdiag([WP * h, WP * h, 1e-2, WP * h, WV * h, WV * h, 1e-5, WV * h]));
    }
    const costs = (ts: Track[], ds: typeof dets, fuse: boolean): M =>
      ts.map((t) => {
        const g = t.state === 'lost' ? this.o.buffer + this.o.lostGrowth * (this.frame - t.last) : this.o.buffer;
        return ds.map((x) => {
          const v = iou(grow(boxOf(t), g), grow(x.box, this.o.buffer));
          return v > 0 ? 1 - v * (fuse ? x.score : 1) + (x.cls !== t.cls ? this.o.classPenalty : 0) : Infinity;
        });
      });
    const apply = (t: Track, x: (typeof dets)[number]) => {
      const h = t.mean[3];
      const [x1, y1, x2, y2] = x.box;
      const z = [(x1 + x2) / 2, (y1 + y2) / 2, (x2 - x1) / (y2 - y1), y2 - y1];
      const S = add(mul(mul(H, t.cov), tr(H)), sqdiag([WP * h, WP * h, 1e-1, WP * h]));
      const K = mul(mul(t.cov, tr(H)), inv4(S));
      const y = z.map((v, k) => [v - t.mean[k]]);
      t.mean = add(t.mean.map((v) => [v]), mul(K, y)).map((r) => r[0]);
      t.cov = sub(t.cov, mul(mul(K, S), tr(K)));
      t.state = 'tracked';
      t.activated = true;
      t.last = this.frame;
      if (x.cls === t.cls) t.votes++;
      else if (--t.votes < 0) { t.cls = x.cls; t.votes = 1; }
      owner.set(x.i, t);
    };
    const m1 = assign(costs(pool, high, true), this.o.match);
    pool.forEach((t, k) => m1[k] >= 0 && apply(t, high[m1[k]]));
    let remaining = high.filter((_, j) => !m1.includes(j));
    const rTracked = pool.filter((t, k) => m1[k] < 0 && t.state === 'tracked');
    const m2 = assign(costs(rTracked, low, false), 0.5);
    rTracked.forEach((t, k) => (m2[k] >= 0 ? apply(t, low[m2[k]]) : (t.state = 'lost')));
    if (this.o.recovery > 0) {
      const lostNow = this.tracks.filter((t) => t.state === 'lost');
      const rc = lostNow.map((t) => {
        const b = boxOf(t);
        const reach = 0.5 + this.o.recovery * (this.frame - t.last);
        return remaining.map((x) => {
          const [x1, y1, x2, y2] = x.box;
          const radius = ((b[2] - b[0] + b[3] - b[1] + x2 - x1 + y2 - y1) / 4) * reach;
          const d = Math.hypot((x1 + x2) / 2 - (b[0] + b[2]) / 2, (y1 + y2) / 2 - (b[1] + b[3]) / 2);
          return d / radius + (x.cls !== t.cls ? this.o.classPenalty : 0);
        });
      });
      const mr = assign(rc, 1);
      lostNow.forEach((t, k) => mr[k] >= 0 && apply(t, remaining[mr[k]]));
      remaining = remaining.filter((_, j) => !mr.includes(j));
    }
    const m3 = assign(costs(unconfirmed, remaining, true), 0.7);
    const removed = new Set<Track>();
    unconfirmed.forEach((t, k) => (m3[k] >= 0 ? apply(t, remaining[m3[k]]) : removed.add(t)));
    for (const [j, x] of remaining.entries()) {
      if (m3.includes(j) || x.score < this.o.newTrack) continue;
      const [x1, y1, x2, y2] = x.box;
      const h = y2 - y1;
      const t: Track = {
        mean: [(x1 + x2) / 2, (y1 + y2) / 2, (x2 - x1) / h, h, 0, 0, 0, 0],
        cov: sqdiag([2 * WP * h, 2 * WP * h, 1e-2, 2 * WP * h, 10 * WV * h, 10 * WV * h, 1e-5, 10 * WV * h]),
        state: 'tracked', activated: this.frame === 1, id: 0, start: this.frame, last: this.frame, cls: x.cls, votes: 1,
      };
      this.tracks.push(t);
      owner.set(x.i, t);
    }
    for (const t of this.tracks) if (t.state === 'lost' && this.frame - t.last > this.o.maxLost) removed.add(t);
    this.tracks = this.tracks.filter((t) => !removed.has(t));
    const tracked = this.tracks.filter((t) => t.state === 'tracked');
    const lost = this.tracks.filter((t) => t.state === 'lost');
    for (const p of tracked) for (const q of lost) {
      if (1 - iou(boxOf(p), boxOf(q)) >= 0.15) continue;
      removed.add(p.last - p.start > q.last - q.start ? q : p);
    }
    this.tracks = this.tracks.filter((t) => !removed.has(t));
    const ids = dets.map((x) => {
      const t = owner.get(x.i);
      if (!t || removed.has(t) || t.state !== 'tracked' || !t.activated) return 0;
      if (t.id === 0) t.id = this.nextId++;
      return t.id;
    });
    return { ids, kept: dets.map((x, k) => ids[k] !== 0 || x.score > scoreThreshold) };
  }
}
