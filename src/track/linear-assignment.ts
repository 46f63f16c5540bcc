// Optimal linear assignment with a cost limit: rectangular, exact, allocation-free once warm.
// Input: a dense [rows, cols] row-major cost matrix, or the list of pairs cheaper than the limit.

/**
 * Solves min Σ(cost(i,j) − limit) over partial matchings whose pairs all cost less than `limit`: the
 * same optimum as `lap.lapjv(cost, extend_cost=True, cost_limit=limit)` in ByteTrack (every row or
 * column left unmatched costs limit/2). Exact: the pairs below the limit split into connected
 * components, each solved by the Hungarian method with potentials and shortest augmenting paths
 * (Jonker-Volgenant style, O(k³) for a k-sized component). Tracking scenes are sparse (a track
 * overlaps a handful of detections), so 100 × 100 is a few dozen tiny solves.
 * Buffers grow to the largest problem seen and are then reused: no per-call allocation.
 */
export class LinearAssignment {
  /** After a solve: the column matched to each row, or -1. */
  rowMatch = new Int32Array(0);
  /** After a solve: the row matched to each column, or -1. */
  colMatch = new Int32Array(0);
  /** Pairs for `solvePairs`: row, column and cost of each (fill through `pair`). */
  pairRow = new Int32Array(0);
  pairCol = new Int32Array(0);
  pairCost = new Float64Array(0);
  /** Number of pairs added since `clearPairs`. */
  pairCount = 0;
  private parent = new Int32Array(0);
  private label = new Int32Array(0);
  private start = new Int32Array(0);
  private members = new Int32Array(0);
  private local = new Int32Array(0);
  private pairStart = new Int32Array(0);
  private pairOrder = new Int32Array(0);
  private sub = new Float64Array(0);
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private minv = new Float64Array(0);
  private p = new Int32Array(0);
  private way = new Int32Array(0);
  private used = new Uint8Array(0);
  private subRows = new Int32Array(0);
  private subCols = new Int32Array(0);

  /** Starts a new list of pairs for `solvePairs`. */
  clearPairs(): void {
    this.pairCount = 0;
  }

  /** Adds a candidate pair (ignored unless `cost` is below the limit given to `solvePairs`). */
  pair(row: number, col: number, cost: number): void {
    if (this.pairCount === this.pairRow.length) {
      const n = Math.max(64, this.pairRow.length * 2);
      this.pairRow = grow(this.pairRow, new Int32Array(n));
      this.pairCol = grow(this.pairCol, new Int32Array(n));
      this.pairCost = grow(this.pairCost, new Float64Array(n));
      this.pairOrder = new Int32Array(n);
    }
    const k = this.pairCount++;
    this.pairRow[k] = row;
    this.pairCol[k] = col;
    this.pairCost[k] = cost;
  }

  /**
   * Fills `rowMatch` / `colMatch` with an optimal matching of the dense `cost` (rows × cols,
   * row-major) under `limit`; returns the number of matched pairs. Non-finite costs never match.
   */
  solve(cost: Float64Array, rows: number, cols: number, limit: number): number {
    this.clearPairs();
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) if (cost[i * cols + j] < limit) this.pair(i, j, cost[i * cols + j]);
    }
    return this.solvePairs(rows, cols, limit);
  }

  /**
   * Like `solve`, for the pairs added with `pair` (every pair not listed costs at least `limit`);
   * returns the number of matched pairs.
   */
  solvePairs(rows: number, cols: number, limit: number): number {
    this.ensure(rows, cols);
    const { rowMatch, colMatch, parent, label, start, members, local, pairRow, pairCol, pairCost, pairStart, pairOrder } = this;
    rowMatch.fill(-1, 0, rows);
    colMatch.fill(-1, 0, cols);
    const nPairs = this.pairCount;
    if (rows === 0 || cols === 0 || nPairs === 0) return 0;
    const n = rows + cols;
    for (let k = 0; k < n; k++) parent[k] = k;
    for (let e = 0; e < nPairs; e++) {
      if (!(pairCost[e] < limit)) continue;
      const a = this.find(pairRow[e]);
      const b = this.find(rows + pairCol[e]);
      if (a !== b) parent[a] = b;
    }
    // group nodes by component (counting sort on the root), and number rows / columns inside each
    start.fill(0, 0, n + 1);
    for (let k = 0; k < n; k++) {
      label[k] = this.find(k);
      start[label[k] + 1]++;
    }
    for (let k = 0; k < n; k++) start[k + 1] += start[k];
    for (let k = 0; k < n; k++) members[start[label[k]]++] = k;
    // group pairs by component the same way (pairStart[r] = where component r's pairs begin)
    pairStart.fill(0, 0, n + 1);
    for (let e = 0; e < nPairs; e++) if (pairCost[e] < limit) pairStart[label[pairRow[e]] + 1]++;
    for (let k = 0; k < n; k++) pairStart[k + 1] += pairStart[k];
    for (let e = 0; e < nPairs; e++) if (pairCost[e] < limit) pairOrder[pairStart[label[pairRow[e]]]++] = e;
    // start[r] / pairStart[r] now hold the ends of group r; its beginning is the end of group r - 1
    let matched = 0;
    let begin = 0;
    let pairBegin = 0;
    for (let r = 0; r < n; r++) {
      const end = start[r];
      const pairEnd = pairStart[r];
      if (pairEnd > pairBegin) matched += this.solveComponent(rows, limit, begin, end, pairBegin, pairEnd, local);
      begin = end;
      pairBegin = pairEnd;
    }
    return matched;
  }

  /** Solves one component: nodes members[begin, end), pairs pairOrder[pairBegin, pairEnd). */
  private solveComponent(rows: number, limit: number, begin: number, end: number, pairBegin: number, pairEnd: number, local: Int32Array): number {
    const { members, subRows, subCols, pairOrder, pairRow, pairCol, pairCost } = this;
    let nr = 0;
    let nc = 0;
    for (let k = begin; k < end; k++) {
      const node = members[k];
      if (node < rows) {
        local[node] = nr;
        subRows[nr++] = node;
      } else {
        local[node] = nc;
        subCols[nc++] = node - rows;
      }
    }
    if (nr === 1 || nc === 1) return this.solveStar(pairBegin, pairEnd);
    // the Hungarian method below needs rows <= columns: transpose when needed
    const transpose = nr > nc;
    const n = transpose ? nc : nr;
    const m = transpose ? nr : nc;
    if (this.sub.length < n * m) this.sub = new Float64Array(Math.max(n * m, this.sub.length * 2));
    const sub = this.sub;
    // min(cost − limit, 0): a pair not listed is worth the same as leaving both unmatched
    sub.fill(0, 0, n * m);
    for (let q = pairBegin; q < pairEnd; q++) {
      const e = pairOrder[q];
      const a = local[pairRow[e]];
      const b = local[rows + pairCol[e]];
      const at = transpose ? b * m + a : a * m + b;
      const value = pairCost[e] - limit;
      if (value < sub[at]) sub[at] = value; // a pair listed twice: the cheaper counts
    }
    this.hungarian(n, m);
    const { p, rowMatch, colMatch } = this;
    let matched = 0;
    for (let b = 1; b <= m; b++) {
      const a = p[b];
      if (a === 0 || !(sub[(a - 1) * m + b - 1] < 0)) continue;
      const r = transpose ? subRows[b - 1] : subRows[a - 1];
      const c = transpose ? subCols[a - 1] : subCols[b - 1];
      rowMatch[r] = c;
      colMatch[c] = r;
      matched++;
    }
    return matched;
  }

  /** A component with one row (or one column): its cheapest pair is the optimum. The common case. */
  private solveStar(pairBegin: number, pairEnd: number): number {
    const { pairOrder, pairRow, pairCol, pairCost, rowMatch, colMatch } = this;
    let best = pairOrder[pairBegin];
    for (let q = pairBegin + 1; q < pairEnd; q++) {
      const e = pairOrder[q];
      if (pairCost[e] < pairCost[best]) best = e;
    }
    rowMatch[pairRow[best]] = pairCol[best];
    colMatch[pairCol[best]] = pairRow[best];
    return 1;
  }

  /** Hungarian method (potentials + Dijkstra-like augmenting paths) on sub[n × m], n <= m, 1-based p/way. */
  private hungarian(n: number, m: number): void {
    const { sub, u, v, p, way, minv, used } = this;
    u.fill(0, 0, n + 1);
    v.fill(0, 0, m + 1);
    p.fill(0, 0, m + 1);
    way.fill(0, 0, m + 1);
    for (let i = 1; i <= n; i++) {
      p[0] = i;
      let j0 = 0;
      minv.fill(Infinity, 0, m + 1);
      used.fill(0, 0, m + 1);
      do {
        used[j0] = 1;
        const i0 = p[j0];
        const row = (i0 - 1) * m - 1;
        const ui0 = u[i0];
        let delta = Infinity;
        let j1 = 0;
        for (let j = 1; j <= m; j++) {
          if (used[j] === 0) {
            const cur = sub[row + j] - ui0 - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (let j = 0; j <= m; j++) {
          if (used[j] === 1) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] !== 0);
      do {
        const j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 !== 0);
    }
  }

  private ensure(rows: number, cols: number): void {
    const n = rows + cols;
    if (this.rowMatch.length < rows) this.rowMatch = new Int32Array(Math.max(rows, this.rowMatch.length * 2));
    if (this.colMatch.length < cols) this.colMatch = new Int32Array(Math.max(cols, this.colMatch.length * 2));
    if (this.parent.length < n) {
      const size = Math.max(n, this.parent.length * 2);
      this.parent = new Int32Array(size);
      this.label = new Int32Array(size);
      this.start = new Int32Array(size + 1);
      this.pairStart = new Int32Array(size + 1);
      this.members = new Int32Array(size);
      this.local = new Int32Array(size);
      this.u = new Float64Array(size + 1);
      this.v = new Float64Array(size + 1);
      this.minv = new Float64Array(size + 1);
      this.p = new Int32Array(size + 1);
      this.way = new Int32Array(size + 1);
      this.used = new Uint8Array(size + 1);
      this.subRows = new Int32Array(size);
      this.subCols = new Int32Array(size);
    }
  }

  private find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
