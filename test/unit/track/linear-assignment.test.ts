// The assignment solver against brute force: every partial matching of small random cost matrices.
import { describe, expect, it } from 'vitest';
import { LinearAssignment } from '../../../src/track/linear-assignment.js';

/** Lowest Σ(cost − limit) over all partial matchings whose pairs cost < limit (exhaustive search). */
function bruteForce(cost: Float64Array, rows: number, cols: number, limit: number): number {
  const usedCols = new Uint8Array(cols);
  const best = (i: number): number => {
    if (i === rows) return 0;
    let value = best(i + 1); // row i unmatched
    for (let j = 0; j < cols; j++) {
      const c = cost[i * cols + j];
      if (usedCols[j] === 1 || !(c < limit)) continue;
      usedCols[j] = 1;
      value = Math.min(value, c - limit + best(i + 1));
      usedCols[j] = 0;
    }
    return value;
  };
  return best(0);
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function solvedValue(solver: LinearAssignment, cost: Float64Array, rows: number, cols: number, limit: number): number {
  const matched = solver.solve(cost, rows, cols, limit);
  let value = 0;
  let count = 0;
  const seenCols = new Set<number>();
  for (let i = 0; i < rows; i++) {
    const j = solver.rowMatch[i];
    if (j < 0) continue;
    expect(solver.colMatch[j]).toBe(i);
    expect(seenCols.has(j)).toBe(false);
    seenCols.add(j);
    expect(cost[i * cols + j]).toBeLessThan(limit);
    value += cost[i * cols + j] - limit;
    count++;
  }
  for (let j = 0; j < cols; j++) if (solver.colMatch[j] >= 0) expect(solver.rowMatch[solver.colMatch[j]]).toBe(j);
  expect(matched).toBe(count);
  return value;
}

describe('LinearAssignment', () => {
  it('matches the brute-force optimum on random square and rectangular matrices', () => {
    const next = random(12);
    const solver = new LinearAssignment(); // one solver for all: reused buffers must not leak state
    let checked = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const rows = Math.floor(next() * 7);
      const cols = trial % 3 === 0 ? rows : Math.floor(next() * 7);
      const limit = [0.5, 0.8, 1, 2][trial % 4];
      const cost = new Float64Array(rows * cols);
      const kind = trial % 5;
      for (let k = 0; k < cost.length; k++) {
        // uniform costs; sparse (IoU-like: most pairs at 1); few distinct values (ties); some impossible pairs
        if (kind === 0) cost[k] = next() * 2;
        else if (kind === 1) cost[k] = next() < 0.7 ? 1 : next();
        else if (kind === 2) cost[k] = Math.floor(next() * 4) / 4;
        else if (kind === 3) cost[k] = next() < 0.3 ? Infinity : next() * 1.2;
        else cost[k] = next() < 0.1 ? NaN : next();
      }
      const expected = bruteForce(cost, rows, cols, limit);
      expect(solvedValue(solver, cost, rows, cols, limit)).toBeCloseTo(expected, 9);
      checked++;
    }
    expect(checked).toBe(1500);
  });

  it('prefers the globally cheapest matching over a greedy one', () => {
    // greedy takes (0,0)=0.1 and then (1,1)=0.9 > limit: one match; optimal: (0,1)+(1,0) = 0.4 + 0.3
    const cost = Float64Array.from([0.1, 0.4, 0.3, 0.9]);
    const solver = new LinearAssignment();
    expect(solver.solve(cost, 2, 2, 0.8)).toBe(2);
    expect(Array.from(solver.rowMatch.subarray(0, 2))).toEqual([1, 0]);
  });

  it('leaves pairs at or above the limit unmatched, and handles empty sides', () => {
    const solver = new LinearAssignment();
    expect(solver.solve(Float64Array.from([0.8, 0.95]), 1, 2, 0.8)).toBe(0);
    expect(solver.rowMatch[0]).toBe(-1);
    expect(solver.solve(new Float64Array(0), 0, 5, 0.8)).toBe(0);
    expect(Array.from(solver.colMatch.subarray(0, 5))).toEqual([-1, -1, -1, -1, -1]);
    expect(solver.solve(new Float64Array(0), 3, 0, 0.8)).toBe(0);
  });

  it('solves large sparse problems exactly (components solved apart)', () => {
    const next = random(99);
    const solver = new LinearAssignment();
    // 40 blocks of 3 x 3 on the diagonal, everything else 1: the optimum is the sum of block optima
    const n = 120;
    const cost = new Float64Array(n * n).fill(1);
    let expected = 0;
    for (let b = 0; b < 40; b++) {
      const block = new Float64Array(9);
      for (let k = 0; k < 9; k++) block[k] = next() * 0.9;
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cost[(b * 3 + r) * n + b * 3 + c] = block[r * 3 + c];
      expected += bruteForce(block, 3, 3, 0.8);
    }
    expect(solvedValue(solver, cost, n, n, 0.8)).toBeCloseTo(expected, 9);
  });
});
