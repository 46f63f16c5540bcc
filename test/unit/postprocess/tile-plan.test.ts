// planTiles(): tile rectangles computed by hand in the comments, and the invariants of every plan.
import { describe, expect, it } from 'vitest';
import { InputError, MAX_TILES, planTiles, tilingApplies, validateTiling, type Tiling } from '../../../src/postprocess/index.js';

const rects = (tiling: Tiling, w: number, h: number, iw = 416, ih = 416) =>
  planTiles(w, h, iw, ih, tiling).tiles.map((t) => [t.x, t.y, t.width, t.height]);

describe('planTiles', () => {
  it("'off' (and no option) runs the whole frame once", () => {
    for (const tiling of ['off', undefined] as const) {
      const plan = planTiles(4000, 3000, 416, 416, tiling);
      expect(plan.tiles).toEqual([]);
      expect(plan.runs).toBe(1);
      expect(plan.fullFrame).toBe(true);
    }
  });

  it("'auto' cuts a 1920x1080 frame into 6x3 input-sized tiles plus the full frame", () => {
    // 6 columns: 6·416 − 5·0.2·416 = 2163 ≥ 1920 > 5 columns' 1747; 3 rows: 3·416 − 2·83.2 = 1081.6 ≥ 1080
    // x = round(i · (1920 − 416) / 5) = 0, 301, 602, 902, 1203, 1504; y = i · (1080 − 416) / 2 = 0, 332, 664
    const plan = planTiles(1920, 1080, 416, 416, 'auto');
    expect([plan.cols, plan.rows, plan.runs]).toEqual([6, 3, 19]);
    expect(plan.tiles.map((t) => t.x).slice(0, 6)).toEqual([0, 301, 602, 902, 1203, 1504]);
    expect(plan.tiles.filter((t) => t.x === 0).map((t) => t.y)).toEqual([0, 332, 664]);
    expect(plan.tiles.every((t) => t.width === 416 && t.height === 416)).toBe(true);
  });

  it("'auto' on a frame too large for MAX_TILES input-sized tiles takes the smallest larger tiles that fit", () => {
    // a 24 MP photo and a 320 model: input-sized tiles would be 24 x 16 = 384
    const plan = planTiles(6000, 4000, 320, 320, 'auto');
    expect(plan.tiles.length).toBeLessThanOrEqual(MAX_TILES);
    expect(plan.tiles[0].width).toBeGreaterThan(320);
    expect(plan.tiles[0].width).toBe(plan.tiles[0].height); // the input's shape
    // the next smaller step (1/1.1 of the side) would not have fitted
    expect(() => planTiles(6000, 4000, 320, 320, { tileSize: Math.floor(plan.tiles[0].width / 1.1) })).toThrow(/at most 256/);
    // every other frame keeps input-sized tiles
    expect(planTiles(4000, 3000, 320, 320, 'auto').tiles.every((t) => t.width === 320)).toBe(true);
  });

  it("'auto' tiles only when the letterbox would shrink the frame more than 2x", () => {
    // 832 → 416 is a scale of exactly 0.5: not clearly larger; 834 is (scale 0.4988)
    expect(planTiles(640, 480, 416, 416, 'auto').runs).toBe(1);
    expect(planTiles(832, 832, 416, 416, 'auto').runs).toBe(1);
    expect(planTiles(834, 834, 416, 416, 'auto').tiles.length).toBe(9);
    // the scale is the letterbox one: a wide strip shrinks by its width
    expect(planTiles(1000, 300, 416, 416, 'auto').tiles.map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 416, 300],
      [292, 0, 416, 300],
      [584, 0, 416, 300],
    ]);
    expect(tilingApplies(640, 480, 416, 416, 'auto')).toBe(false);
    expect(tilingApplies(1920, 1080, 416, 416, 'auto')).toBe(true);
  });

  it('a grid covers the frame exactly with the asked overlap', () => {
    // width: 1000 / (3 − 2·0.2) = 384.6 → 385, x = i·(1000 − 385)/2 = 0, 307.5 → 308, 615
    // height: 600 / (2 − 0.2) = 333.3 → 334, y = 0, 266
    expect(rects({ grid: [3, 2] }, 1000, 600)).toEqual([
      [0, 0, 385, 334],
      [308, 0, 385, 334],
      [615, 0, 385, 334],
      [0, 266, 385, 334],
      [308, 266, 385, 334],
      [615, 266, 385, 334],
    ]);
    expect(planTiles(1000, 600, 416, 416, { grid: [3, 2], fullFrame: false }).runs).toBe(6);
    expect(planTiles(1000, 600, 416, 416, { grid: [1, 1] }).runs).toBe(1); // one tile = the frame
  });

  it('a tile size gives as many tiles as needed, none when one covers the frame', () => {
    expect(rects({ tileSize: 500, overlap: 0, fullFrame: false }, 1000, 1000)).toEqual([
      [0, 0, 500, 500],
      [500, 0, 500, 500],
      [0, 500, 500, 500],
      [500, 500, 500, 500],
    ]);
    expect(planTiles(300, 200, 416, 416, { tileSize: 640 }).runs).toBe(1);
    // {tileSize: 'auto'} is 'auto' with its own overlap: 0.5 → 1920 needs ceil((1920 − 208)/208) = 9 columns
    expect(planTiles(1920, 1080, 416, 416, { tileSize: 'auto', overlap: 0.5 }).cols).toBe(9);
  });

  it('keeps every tile inside the frame, edge tiles on the edges, neighbours sharing at least the overlap', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let k = 0; k < 300; k++) {
      const w = 50 + Math.floor(random() * 4000);
      const h = 50 + Math.floor(random() * 3000);
      const overlap = Math.floor(random() * 5) / 10;
      const tiling: Tiling = random() < 0.5 ? { tileSize: 400 + Math.floor(random() * 600), overlap } : { grid: [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 4)], overlap };
      const plan = planTiles(w, h, 320, 320, tiling);
      if (plan.tiles.length === 0) continue;
      const xs = [...new Set(plan.tiles.map((t) => t.x))];
      const ys = [...new Set(plan.tiles.map((t) => t.y))];
      expect(xs.length * ys.length).toBe(plan.tiles.length);
      for (const t of plan.tiles) {
        expect(Number.isInteger(t.x) && Number.isInteger(t.y)).toBe(true);
        expect(t.x >= 0 && t.y >= 0 && t.x + t.width <= w && t.y + t.height <= h).toBe(true);
      }
      const tw = plan.tiles[0].width;
      const th = plan.tiles[0].height;
      expect(xs[0]).toBe(0);
      expect(xs[xs.length - 1] + tw).toBe(w);
      expect(ys[ys.length - 1] + th).toBe(h);
      for (let i = 1; i < xs.length; i++) expect(xs[i - 1] + tw - xs[i]).toBeGreaterThanOrEqual(Math.floor(overlap * tw) - 1);
      for (let i = 1; i < ys.length; i++) expect(ys[i - 1] + th - ys[i]).toBeGreaterThanOrEqual(Math.floor(overlap * th) - 1);
    }
  });

  it('refuses bad options with an InputError that says what is accepted', () => {
    const bad: unknown[] = [
      'bogus',
      { grid: [0, 2] },
      { grid: [1.5, 2] },
      { grid: [3] },
      { tileSize: 0 },
      { tileSize: 'big' },
      { tileSize: 400, overlap: 1 },
      { tileSize: 400, overlap: -0.1 },
      { grid: [2, 2], fullFrame: 'yes' },
      { rows: 2 },
    ];
    for (const tiling of bad) {
      expect(() => validateTiling(tiling as Tiling)).toThrow(InputError);
      expect(() => planTiles(1000, 1000, 416, 416, tiling as Tiling)).toThrow(InputError);
    }
    expect(() => planTiles(4000, 4000, 416, 416, { tileSize: 50 })).toThrow(new RegExp(`at most ${MAX_TILES}`));
  });
});
