// The block-diagonal Kalman bank against ByteTrack's dense 8 x 8 equations (kalman_filter.py), written out plainly.
import { describe, expect, it } from 'vitest';
import { KalmanBank } from '../../../src/track/kalman-bank.js';

type Matrix = number[][];
const zeros = (r: number, c: number): Matrix => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const eye = (n: number): Matrix => zeros(n, n).map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
const mul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const t = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const sub = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((v, j) => v - b[i][j]));
const diag = (v: number[]): Matrix => v.map((x, i) => v.map((_, j) => (i === j ? x * x : 0)));

/** Gauss-Jordan inverse. */
function inv(a: Matrix): Matrix {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...eye(n)[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row) => row.slice(n));
}

/** ByteTrack's KalmanFilter, dense. */
class DenseKalman {
  wp = 1 / 20;
  wv = 1 / 160;
  F = eye(8).map((row, i) => row.map((v, j) => (j === i + 4 ? 1 : v)));
  H = eye(8).slice(0, 4);
  mean: Matrix = [];
  cov: Matrix = [];
  initiate(z: number[]): void {
    const h = z[3];
    this.mean = [[...z, 0, 0, 0, 0]].map((r) => r).flat().map((v) => [v]);
    this.cov = diag([2 * this.wp * h, 2 * this.wp * h, 1e-2, 2 * this.wp * h, 10 * this.wv * h, 10 * this.wv * h, 1e-5, 10 * this.wv * h]);
  }
  predict(): void {
    const h = this.mean[3][0];
    const Q = diag([this.wp * h, this.wp * h, 1e-2, this.wp * h, this.wv * h, this.wv * h, 1e-5, this.wv * h]);
    this.mean = mul(this.F, this.mean);
    this.cov = add(mul(mul(this.F, this.cov), t(this.F)), Q);
  }
  update(z: number[]): void {
    const h = this.mean[3][0];
    const R = diag([this.wp * h, this.wp * h, 1e-1, this.wp * h]);
    const S = add(mul(mul(this.H, this.cov), t(this.H)), R);
    const K = mul(mul(this.cov, t(this.H)), inv(S));
    const y = sub(z.map((v) => [v]), mul(this.H, this.mean));
    this.mean = add(this.mean, mul(K, y));
    this.cov = sub(this.cov, mul(mul(K, S), t(K)));
  }
}

describe('KalmanBank', () => {
  it('follows the dense 8 x 8 filter step for step (predict, update, coasting)', () => {
    const bank = new KalmanBank();
    bank.reserve(3);
    const dense = new DenseKalman();
    const z0 = [100, 50, 0.8, 20];
    bank.initiate(2, z0[0], z0[1], z0[2], z0[3]);
    dense.initiate(z0);
    const steps: (number[] | null)[] = [
      [104, 51, 0.82, 21], [109, 52.5, 0.8, 21.5], [113, 53, 0.79, 22], null, null, [131, 57, 0.81, 22.5], [136, 58, 0.8, 23],
    ];
    for (const z of steps) {
      bank.predict(2);
      dense.predict();
      if (z) {
        bank.update(2, z[0], z[1], z[2], z[3]);
        dense.update(z);
      }
      for (let k = 0; k < 8; k++) expect(bank.mean[16 + k]).toBeCloseTo(dense.mean[k][0], 9);
      for (let d = 0; d < 4; d++) {
        const b = 2 * 12 + d * 3;
        expect(bank.cov[b]).toBeCloseTo(dense.cov[d][d], 9);
        expect(bank.cov[b + 1]).toBeCloseTo(dense.cov[d][d + 4], 9);
        expect(bank.cov[b + 2]).toBeCloseTo(dense.cov[d + 4][d + 4], 9);
        for (let e = 0; e < 8; e++) if (e !== d && e !== d + 4) expect(dense.cov[d][e]).toBeCloseTo(0, 12); // block diagonal indeed
      }
    }
    // constant motion of +4.5 px/frame is learned
    expect(bank.mean[16 + 4]).toBeGreaterThan(3);
  });
});
