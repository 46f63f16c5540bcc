// Optimal linear assignment with a cost limit: rectangular, exact, allocation-free once warm.
// cost: [rows, cols] row-major Float64Array; a pair may be matched only when its cost < limit.

/**
 * Solves min Σ(cost(i,j) − limit) over partial matchings whose pairs all cost less than `limit`: the
 * same optimum as `lap.lapjv(cost, extend_cost=True, cost_limit=limit)` in ByteTrack (every row or
 * column left unmatched costs limit/2). Exact: the pairs below the limit split into connected
 * components, each solved by the Hungarian method with potentials and shortest augmenting paths
 * (Jonker-Volgenant style, O(k³) for a k-sized component). Tracking scenes are sparse (a track
 * overlaps a handful of detections), so 100 × 100 usually costs a few hundred small solves.
 * Buffers grow to the largest problem seen and are then reused: no per-call allocation.
 */
export class LinearAssignment {
  /** After `solve`: the column matched to each row, or -1. */
  rowMatch = new Int32Array(0);
  /** After `solve`: the row matched to each column, or -1. */
  colMatch = new Int32Array(0);
  private parent = new Int32Array(0);
  private label = new Int32Array(0);
  private start = new Int32Array(0);
  private members = new Int32Array(0);
  private sub = new Float64Array(0);
  private u = new Float64Array(0);
  private v = new Float64Array(0);
  private minv = new Float64Array(0);
  private p = new Int32Array(0);
  private way = new Int32Array(0);
  private used = new Uint8Array(0);
  private subRows = new Int32Array(0);
  private subCols = new Int32Array(0);

  private ensure(rows: number, cols: number): void {
    const n = rows + cols;
    if (this.rowMatch.length < rows) this.rowMatch = new Int32Array(rows);
    if (this.colMatch.length < cols) this.colMatch = new Int32Array(cols);
    if (this.parent.length < n) {
      this.parent = new Int32Array(n);
      this.label = new Int32Array(n);
      this.start = new Int32Array(n + 1);
      this.members = new Int32Array(n);
      this.u = new Float64Array(n + 1);
      this.v = new Float64Array(n + 1);
      this.minv = new Float64Array(n + 1);
      this.p = new Int32Array(n + 1);
      this.way = new Int32Array(n + 1);
      this.used = new Uint8Array(n + 1);
      this.subRows = new Int32Array(n);
      this.subCols = new Int32Array(n);
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

  /**
   * Fills `rowMatch` / `colMatch` with an optimal matching of `cost` (rows × cols, row-major) under
   * `limit`; returns the number of matched pairs. Non-finite costs (NaN, Infinity) never match.
   */
  solve(cost: Float64Array, rows: number, cols: number, limit: number): number {
    this.ensure(rows, cols);
    const { rowMatch, colMatch, parent, label, start, members } = this;
    rowMatch.fill(-1, 0, rows);
    colMatch.fill(-1, 0, cols);
    if (rows === 0 || cols === 0) return 0;
    const n = rows + cols;
    for (let k = 0; k < n; k++) parent[k] = k;
    // union rows and columns joined by an admissible pair (cost < limit)
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        if (cost[o + j] < limit) {
          const a = this.find(i);
          const b = this.find(rows + j);
          if (a !== b) parent[a] = b;
        }
      }
    }
    // group nodes by component (counting sort on the root), keeping index order inside each group
    start.fill(0, 0, n + 1);
    for (let k = 0; k < n; k++) {
      label[k] = this.find(k);
      start[label[k] + 1]++;
    }
    for (let k = 0; k < n; k++) start[k + 1] += start[k];
    for (let k = 0; k < n; k++) members[start[label[k]]++] = k;
    // start[r] now holds the end of group r; its beginning is the end of group r-1
    let matched = 0;
    let begin = 0;
    for (let r = 0; r < n; r++) {
      const end = start[r];
      if (end - begin > 1) matched += this.solveComponent(cost, rows, cols, limit, begin, end);
      begin = end;
    }
    return matched;
  }

  /** Solves one component (members[begin, end)), writing its matches. */
  private solveComponent(cost: Float64Array, rows: number, cols: number, limit: number, begin: number, end: number): number {
    const { members, subRows, subCols } = this;
    let nr = 0;
    let nc = 0;
    for (let k = begin; k < end; k++) {
      const node = members[k];
      if (node < rows) subRows[nr++] = node;
      else subCols[nc++] = node - rows;
    }
    if (nr === 0 || nc === 0) return 0;
    // the Hungarian method below needs rows <= columns: transpose when needed
    const transpose = nr > nc;
    const n = transpose ? nc : nr;
    const m = transpose ? nr : nc;
    if (this.sub.length < n * m) this.sub = new Float64Array(Math.max(n * m, this.sub.length * 2));
    const sub = this.sub;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < m; b++) {
        const c = transpose ? cost[subRows[b] * cols + subCols[a]] : cost[subRows[a] * cols + subCols[b]];
        // min(c - limit, 0): a pair at or above the limit is worth the same as leaving both unmatched
        sub[a * m + b] = c < limit ? c - limit : 0;
      }
    }
    this.hungarian(n, m);
    const { p, rowMatch, colMatch } = this;
    let matched = 0;
    for (let b = 1; b <= m; b++) {
      const a = p[b];
      if (a === 0) continue;
      const r = transpose ? subRows[b - 1] : subRows[a - 1];
      const c = transpose ? subCols[a - 1] : subCols[b - 1];
      if (cost[r * cols + c] < limit) {
        rowMatch[r] = c;
        colMatch[c] = r;
        matched++;
      }
    }
    return matched;
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
}
