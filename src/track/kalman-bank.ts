// Constant-velocity Kalman filters for many tracks at once, in ByteTrack's state and noise model.
// state per track: [cx, cy, a, h, vcx, vcy, va, vh] (a = w / h); measurement: [cx, cy, a, h].

/** ByteTrack's (and DeepSORT's) process noise weights, relative to the box height. */
const STD_WEIGHT_POSITION = 1 / 20;
const STD_WEIGHT_VELOCITY = 1 / 160;

/**
 * ByteTrack's `KalmanFilter` (kalman_filter.py), for a bank of tracks in typed arrays. F, H, Q and R
 * only ever couple a coordinate with its own velocity, so the 8 × 8 covariance stays block diagonal:
 * four 2 × 2 blocks [pos-pos, pos-vel, vel-vel] per track. Storing those 12 numbers instead of 64 is
 * the same arithmetic (the unit tests compare against the dense 8 × 8 equations), not an approximation.
 */
export class KalmanBank {
  /** 8 values per track: cx, cy, a, h and their velocities. */
  mean = new Float64Array(0);
  /** 12 values per track: for cx, cy, a, h in turn, the covariance block [pp, pv, vv]. */
  cov = new Float64Array(0);

  /** Makes room for `capacity` tracks, keeping the existing ones. */
  reserve(capacity: number): void {
    if (this.mean.length >= capacity * 8) return;
    const mean = new Float64Array(capacity * 8);
    const cov = new Float64Array(capacity * 12);
    mean.set(this.mean);
    cov.set(this.cov);
    this.mean = mean;
    this.cov = cov;
  }

  /** Starts track `t` at measurement (cx, cy, a, h) with zero velocity (ByteTrack's `initiate`). */
  initiate(t: number, cx: number, cy: number, a: number, h: number): void {
    const m = this.mean;
    const o = t * 8;
    m[o] = cx;
    m[o + 1] = cy;
    m[o + 2] = a;
    m[o + 3] = h;
    m[o + 4] = m[o + 5] = m[o + 6] = m[o + 7] = 0;
    const sp = 2 * STD_WEIGHT_POSITION * h;
    const sv = 10 * STD_WEIGHT_VELOCITY * h;
    this.setBlock(t, 0, sp * sp, sv * sv);
    this.setBlock(t, 1, sp * sp, sv * sv);
    this.setBlock(t, 2, 1e-2 * 1e-2, 1e-5 * 1e-5);
    this.setBlock(t, 3, sp * sp, sv * sv);
  }

  private setBlock(t: number, d: number, pp: number, vv: number): void {
    const o = t * 12 + d * 3;
    this.cov[o] = pp;
    this.cov[o + 1] = 0;
    this.cov[o + 2] = vv;
  }

  /** One step of constant-velocity motion (ByteTrack's `predict`; noise scaled by the current h). */
  predict(t: number): void {
    const m = this.mean;
    const c = this.cov;
    const o = t * 8;
    const h = m[o + 3];
    const qp = STD_WEIGHT_POSITION * h * (STD_WEIGHT_POSITION * h);
    const qv = STD_WEIGHT_VELOCITY * h * (STD_WEIGHT_VELOCITY * h);
    for (let d = 0; d < 4; d++) {
      m[o + d] += m[o + 4 + d];
      const b = t * 12 + d * 3;
      const pp = c[b];
      const pv = c[b + 1];
      const vv = c[b + 2];
      const isAspect = d === 2;
      // F P Fᵀ + Q with F = [[1, 1], [0, 1]]
      c[b] = pp + 2 * pv + vv + (isAspect ? 1e-4 : qp);
      c[b + 1] = pv + vv;
      c[b + 2] = vv + (isAspect ? 1e-10 : qv);
    }
  }

  /** Corrects track `t` with measurement (cx, cy, a, h) (ByteTrack's `update`). */
  update(t: number, cx: number, cy: number, a: number, h: number): void {
    const m = this.mean;
    const c = this.cov;
    const o = t * 8;
    const sr = STD_WEIGHT_POSITION * m[o + 3];
    const r = sr * sr; // measurement noise of cx, cy, h; the aspect's is (1e-1)²
    for (let d = 0; d < 4; d++) {
      const z = d === 0 ? cx : d === 1 ? cy : d === 2 ? a : h;
      const b = t * 12 + d * 3;
      const pp = c[b];
      const pv = c[b + 1];
      const vv = c[b + 2];
      const s = pp + (d === 2 ? 1e-2 : r);
      const innovation = z - m[o + d];
      const kp = pp / s;
      const kv = pv / s;
      m[o + d] += kp * innovation;
      m[o + 4 + d] += kv * innovation;
      // P − K S Kᵀ
      c[b] = pp - kp * pp;
      c[b + 1] = pv - kp * pv;
      c[b + 2] = vv - kv * pv;
    }
  }
}
