// TileMerger: hand-made frames whose merged result is worked out in the comments.
import { describe, expect, it } from 'vitest';
import { allocateDetections, TileMerger, type Detections, type TileRect } from '../../../src/postprocess/index.js';

type Box = [number, number, number, number];
/** One run's detections: [box, score, class]. */
function dets(list: [Box, number, number][]): Detections {
  const d = allocateDetections(list.length);
  list.forEach(([box, score, cls], i) => {
    d.boxes.set(box, i * 4);
    d.scores[i] = score;
    d.classes[i] = cls;
  });
  return d;
}
const rows = (d: Detections) =>
  Array.from({ length: d.count }, (_, i) => [Array.from(d.boxes.subarray(i * 4, i * 4 + 4)), Math.round(d.scores[i] * 1000) / 1000, d.classes[i]]);

const tile = (x: number, y: number, width = 416, height = 416): TileRect => ({ x, y, width, height });

describe('TileMerger', () => {
  it('merges a light split across two tiles into its whole box, even when the cut piece scores higher', () => {
    // frame 800x400; tile A = x 0..416, tile B = x 384..800 (32 px overlap)
    const m = new TileMerger();
    m.reset();
    // a 20 px light at x 400..420: A sees x 400..416, touching its inner right edge (cut), B sees it whole
    // a 40 px light at x 405..445: A's piece is 11 px wide, IoU with the whole box 11/40 < 0.45, but it lies inside it
    m.add(dets([[[400, 100, 416, 120], 0.9, 1], [[405, 200, 416, 240], 0.95, 2]]), tile(0, 0, 416, 400), 800, 400, 2);
    m.add(dets([[[400, 100, 420, 120], 0.8, 1], [[405, 200, 445, 240], 0.7, 2]]), tile(384, 0, 416, 400), 800, 400, 2);
    expect(rows(m.merge(0.45, false, 300))).toEqual([
      [[400, 100, 420, 120], 0.8, 1],
      [[405, 200, 445, 240], 0.7, 2],
    ]);
  });

  it('keeps one box for a light that four tiles see whole, the best-scoring one', () => {
    // 2x2 tiles of 416 on 800x800, overlap 32 px: a light at 390..410 lies in all four
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[390, 390, 410, 410], 0.7, 0]]), tile(0, 0), 800, 800, 2);
    m.add(dets([[[391, 390, 411, 410], 0.8, 0]]), tile(384, 0), 800, 800, 2);
    m.add(dets([[[390, 389, 410, 409], 0.9, 0]]), tile(0, 384), 800, 800, 2);
    m.add(dets([[[389, 391, 409, 411], 0.6, 0]]), tile(384, 384), 800, 800, 2);
    expect(rows(m.merge(0.45, false, 300))).toEqual([[[390, 389, 410, 409], 0.9, 0]]);
  });

  it('joins the four pieces of an object larger than the overlap that no run sees whole', () => {
    // object 360..440 in both axes; each tile sees the quarter that it holds, cut by its inner edges:
    // A ∪ B (intersection 32x56 over 56x56 = 0.57 > 0.5) = 360..440 x 360..416, then ∪ C, then D lies inside
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[360, 360, 416, 416], 0.9, 3]]), tile(0, 0), 800, 800, 2);
    m.add(dets([[[384, 360, 440, 416], 0.8, 3]]), tile(384, 0), 800, 800, 2);
    m.add(dets([[[360, 384, 416, 440], 0.7, 3]]), tile(0, 384), 800, 800, 2);
    m.add(dets([[[384, 384, 440, 440], 0.6, 3]]), tile(384, 384), 800, 800, 2);
    expect(rows(m.merge(0.45, false, 300))).toEqual([[[360, 360, 440, 440], 0.9, 3]]);
  });

  it('keeps a big object only the full frame sees, drops the tiles\u2019 pieces of it, keeps small lights inside it', () => {
    // frame 1600x1200, full-frame box 100..1500 x 100..1100; tiles report higher-scoring pieces cut by their edges
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[100, 100, 1500, 1100], 0.6, 0]]), null, 1600, 1200, 2);
    m.add(dets([[[100, 100, 416, 416], 0.95, 0], [[200, 200, 220, 220], 0.5, 0]]), tile(0, 0), 1600, 1200, 2);
    m.add(dets([[[333, 100, 749, 416], 0.9, 0]]), tile(333, 0), 1600, 1200, 2);
    // the small light is whole in its tile: inside the big box (IoS 1) but neither is cut, so both stay
    expect(rows(m.merge(0.45, false, 300))).toEqual([
      [[100, 100, 1500, 1100], 0.6, 0],
      [[200, 200, 220, 220], 0.5, 0],
    ]);
  });

  it('clips tile boxes to their tile and drops those wholly outside it (letterbox padding)', () => {
    // tile 0..400 x 0..300 letterboxed: its model saw padding below y 300
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[10, 290, 30, 320], 0.9, 0], [[50, 310, 70, 330], 0.8, 0], [[100, 100, 120, 120], 0.7, 0]]), tile(0, 0, 400, 300), 400, 600, 2);
    // the first is cut by the tile's inner bottom edge (y 300 < 600) and clipped; the second is in the padding
    expect(rows(m.merge(0.45, false, 300))).toEqual([
      [[10, 290, 30, 300], 0.9, 0],
      [[100, 100, 120, 120], 0.7, 0],
    ]);
  });

  it("drops the full frame's loose box around a light a tile saw sharply, even when it scores higher", () => {
    // full frame (scale 0.22): a 22 px box around a 12 px light, IoU 0.30 with the tile's box, which lies
    // inside it (IoS 1) at 3.4x less area; a big full-frame box (1000 px) around that light stays
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[1206, 488, 1228, 510], 0.9, 1], [[800, 200, 1800, 1000], 0.5, 1]]), null, 1920, 1080, 2);
    m.add(dets([[[1211, 492, 1223, 504], 0.8, 1]]), tile(1203, 332), 1920, 1080, 2);
    expect(rows(m.merge(0.45, false, 300))).toEqual([
      [[1211, 492, 1223, 504], 0.8, 1],
      [[800, 200, 1800, 1000], 0.5, 1],
    ]);
  });

  it('never treats the frame border as a cut', () => {
    // a light at the frame's left border (x 0) in tile A, next to a whole box of the same class from
    // tile B that covers most of it (IoS 0.75, IoU 0.375): no box is cut, so both stay
    const m = new TileMerger();
    m.reset();
    m.add(dets([[[0, 390, 20, 410], 0.9, 0]]), tile(0, 0), 800, 800, 2);
    m.add(dets([[[5, 390, 45, 410], 0.8, 0]]), tile(0, 384), 800, 800, 2);
    expect(m.merge(0.45, false, 300).count).toBe(2);
  });

  it('merges per class unless classAgnostic, caps at maxDetections and sorts by score', () => {
    const build = () => {
      const m = new TileMerger();
      m.reset();
      m.add(dets([[[10, 10, 30, 30], 0.5, 0], [[100, 100, 120, 120], 0.3, 0]]), null, 800, 800, 2);
      m.add(dets([[[10, 10, 30, 30], 0.6, 1], [[200, 200, 220, 220], 0.4, 2]]), tile(0, 0), 800, 800, 2);
      return m;
    };
    expect(rows(build().merge(0.45, false, 300)).map((r) => r[1])).toEqual([0.6, 0.5, 0.4, 0.3]);
    expect(rows(build().merge(0.45, true, 300))).toEqual([
      [[10, 10, 30, 30], 0.6, 1],
      [[200, 200, 220, 220], 0.4, 2],
      [[100, 100, 120, 120], 0.3, 0],
    ]);
    // the cap takes whole tile boxes first (0.6, 0.4), then the full frame's: the result is still sorted by score
    expect(rows(build().merge(0.45, false, 2)).map((r) => r[1])).toEqual([0.6, 0.4]);
    expect(rows(build().merge(0.45, false, 3)).map((r) => r[1])).toEqual([0.6, 0.5, 0.4]);
  });

  it('starts afresh after reset and grows past its initial capacity', () => {
    const m = new TileMerger();
    m.reset();
    const many: [Box, number, number][] = Array.from({ length: 500 }, (_, i) => [[i * 30, 0, i * 30 + 20, 20], 0.3 + (i % 7) / 10, 0]);
    m.add(dets(many), null, 20000, 100, 2);
    expect(m.merge(0.45, false, 1000).count).toBe(500);
    m.reset();
    m.add(dets([[[0, 0, 10, 10], 0.5, 0]]), null, 100, 100, 2);
    expect(m.merge(0.45, false, 1000).count).toBe(1);
  });
});
