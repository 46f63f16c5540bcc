// The element's tiling attributes → the Tiling frame option, and the perf log's tile columns.
import { describe, expect, it } from 'vitest';
import { PerfLog } from '../../src/client/perf-log.js';
import { InputError } from '../../src/postprocess/index.js';
import { parseTilingAttribute } from '../../src/ui/yolo-detector/tiling-attribute.js';

describe('parseTilingAttribute', () => {
  it('reads off, auto and CxR grids with the overlap', () => {
    expect(parseTilingAttribute(null)).toBe('off');
    expect(parseTilingAttribute('')).toBe('off');
    expect(parseTilingAttribute(' OFF ')).toBe('off');
    expect(parseTilingAttribute('auto')).toBe('auto');
    expect(parseTilingAttribute('auto', 0.3)).toEqual({ tileSize: 'auto', overlap: 0.3 });
    expect(parseTilingAttribute('3x2')).toEqual({ grid: [3, 2], overlap: 0.2 });
    expect(parseTilingAttribute('4 × 3', 0)).toEqual({ grid: [4, 3], overlap: 0 });
  });

  it('refuses what it cannot read, naming the accepted forms', () => {
    for (const [value, overlap] of [['3by2', 0.2], ['0x2', 0.2], ['x2', 0.2], ['2x2', 1], ['auto', -0.5]] as const) {
      expect(() => parseTilingAttribute(value, overlap)).toThrow(InputError);
    }
    expect(() => parseTilingAttribute('big')).toThrow(/off, auto, or columns x rows such as 3x2/);
  });
});

describe('PerfLog with tiled frames', () => {
  it('summarises tiles per frame and inference per tile over the window', () => {
    const log = new PerfLog();
    const entry = (frame: number, inferenceMs: number, tiles?: number) => ({
      frame, time: frame * 100, roundTripMs: 1, detections: 0, preprocessMs: 1, inferenceMs, postprocessMs: 1, totalMs: inferenceMs + 2, tiles,
    });
    log.record(entry(0, 500, 19)); // the warm-up frame is kept apart
    log.record(entry(1, 190, 19));
    log.record(entry(2, 200, 10));
    log.record(entry(3, 20)); // an untiled frame counts 1 run
    const s = log.summary();
    expect(s.tiles.last).toBe(1);
    expect(s.tiles.p95).toBe(19);
    // per tile: 190/19 = 10, 200/10 = 20, 20/1 = 20
    expect(s.inferencePerTile.p50).toBe(20);
    expect(s.inferencePerTile.last).toBe(20);
  });
});
