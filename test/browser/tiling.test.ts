// Tiled inference (docs/contracts.md, contract 4) through the real worker: a cell model whose true output is
// known to the pixel (sequential and batched), the shipped model on the high-resolution sample photo
// through <yolo-detector>, and processVideo.
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/define.js';
import { createDetector, InputError, type Detector, type FrameResult, type Tiling } from '../../src/index.js';
import type { YoloDetectorElement } from '../../src/ui/yolo-detector/yolo-detector.js';
import { cellModel, cellScore } from './tiling/cell-model.js';
import { makeClip, squareCentre } from './video/clips.js';

const detectors: Detector[] = [];
afterAll(() => detectors.forEach((d) => d.dispose()));
async function make(model: Uint8Array): Promise<Detector> {
  const d = await createDetector({ model, backend: 'wasm', layout: 'yolov8' });
  detectors.push(d);
  return d;
}

/** A black 256x208 image with white squares [x, y, side]. */
const SQUARES = [
  [100, 100, 6],
  [20, 150, 3],
  [200, 10, 10],
] as const;
function squaresImage(): ImageData {
  const image = new ImageData(256, 208);
  for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
  for (const [x0, y0, side] of SQUARES) {
    for (let y = y0; y < y0 + side; y++) for (let x = x0; x < x0 + side; x++) image.data.set([255, 255, 255, 255], (y * 256 + x) * 4);
  }
  return image;
}

/** The 8 px cells the squares touch, as "x1,y1": what the cell model must report, each once. */
function expectedCells(): string[] {
  const cells = new Set<string>();
  for (const [x0, y0, side] of SQUARES) {
    for (let cy = Math.floor(y0 / 8) * 8; cy < y0 + side; cy += 8) for (let cx = Math.floor(x0 / 8) * 8; cx < x0 + side; cx += 8) cells.add(`${cx},${cy}`);
  }
  return [...cells].sort();
}

const cellsOf = (r: FrameResult) =>
  Array.from({ length: r.detections.count }, (_, i) => r.detections.boxes.subarray(i * 4, i * 4 + 4))
    .filter((b) => b[2] - b[0] === 8 && b[3] - b[1] === 8)
    .map((b) => `${b[0]},${b[1]}`)
    .sort();

describe('tiling through the worker (a model whose answer is known to the pixel)', () => {
  // 64 px input, tiles of 64 with a quarter overlap: x 0,48,96,144,192 and y 0,48,96,144 (cell-aligned)
  const tiling: Tiling = { tileSize: 64, overlap: 0.25, fullFrame: false };

  it('finds every touched cell exactly once, in source pixels, with 20 tiles', async () => {
    const d = await make(cellModel(64, 8, false));
    const r = await d.detect(squaresImage(), { tiling });
    expect(r.tiles).toBe(20);
    expect(cellsOf(r)).toEqual(expectedCells());
    expect(r.detections.count).toBe(expectedCells().length);
    expect(Array.from(r.detections.scores).every((s) => s === cellScore(1))).toBe(true); // one tile per run
    // without tiling the 6 px and 3 px squares shrink to under 2 px in the 64 px input: cells are 32 px
    const off = await d.detect(squaresImage());
    expect(off.tiles).toBe(1);
    expect(cellsOf(off)).toEqual([]);
  });

  it('runs the tiles as batches when the batch dimension is dynamic, with the same boxes', async () => {
    const d = await make(cellModel(64, 8, true));
    const r = await d.detect(squaresImage(), { tiling });
    expect(r.tiles).toBe(20);
    expect(cellsOf(r)).toEqual(expectedCells());
    // 20 tiles = batches of 8, 8 and 4: every score says it came from a batched run
    const batches = new Set(Array.from(r.detections.scores));
    expect([...batches].every((s) => s === cellScore(8) || s === cellScore(4))).toBe(true);
  });

  it('adds the full frame as one more run and keeps its coarse boxes apart from the tiles\u2019 cells', async () => {
    const d = await make(cellModel(64, 8, true));
    const r = await d.detect(squaresImage(), { tiling: { tileSize: 64, overlap: 0.25 } });
    expect(r.tiles).toBe(21);
    expect(cellsOf(r)).toEqual(expectedCells());
  });

  it('maps boxes of scaled grid tiles (drawn through a canvas) back to the squares', async () => {
    const d = await make(cellModel(64, 8, false));
    // 2x2 tiles of 143x116 px, letterboxed into 64 px at a scale of 0.4476: cells of about 17.9 source px
    // above 0.5: the letterbox padding (114/255 grey) is no square to this model
    const r = await d.detect(squaresImage(), { tiling: { grid: [2, 2], fullFrame: false }, scoreThreshold: 0.5 });
    expect(r.tiles).toBe(4);
    const boxes = Array.from({ length: r.detections.count }, (_, i) => Array.from(r.detections.boxes.subarray(i * 4, i * 4 + 4)));
    for (const [x, y, side] of SQUARES) {
      const [cx, cy] = [x + side / 2, y + side / 2];
      expect(boxes.some((b) => b[0] <= cx && cx <= b[2] && b[1] <= cy && cy <= b[3])).toBe(true);
    }
    // every box touches a square (scaling blurs a square into at most one more cell) and lies in the frame
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((b) => b[0] >= 0 && b[1] >= 0 && b[2] <= 256 && b[3] <= 208)).toBe(true);
    for (const b of boxes) {
      expect(SQUARES.some(([x, y, side]) => b[0] <= x + side + 18 && x - 18 <= b[2] && b[1] <= y + side + 18 && y - 18 <= b[3])).toBe(true);
    }
  });

  it("'auto' leaves a frame alone that the input already holds at half size or more", async () => {
    const d = await make(cellModel(64, 8, false));
    const small = new ImageData(120, 100);
    expect((await d.detect(small, { tiling: 'auto' })).tiles).toBe(1);
    expect((await d.detect(squaresImage(), { tiling: 'auto' })).tiles).toBeGreaterThan(1);
  });

  it('tracks the merged boxes of tiled frames like any frame', async () => {
    const d = await make(cellModel(64, 8, false));
    await d.detect(squaresImage(), { tiling, track: true });
    const r = await d.detect(squaresImage(), { tiling, track: true });
    expect(r.tiles).toBe(20);
    expect(cellsOf(r)).toEqual(expectedCells());
    // the second frame confirms every track: one distinct ID per cell
    expect(r.detections.trackIds?.length).toBe(r.detections.count);
    expect(new Set(r.detections.trackIds).size).toBe(r.detections.count);
    expect(Array.from(r.detections.trackIds ?? []).every((id) => id > 0)).toBe(true);
  });

  it('rejects a bad tiling option with an InputError, and the detector keeps working', async () => {
    const d = await make(cellModel(64, 8, false));
    await expect(d.detect(squaresImage(), { tiling: { grid: [0, 2] } })).rejects.toThrow(InputError);
    await expect(d.detect(squaresImage(), { tiling: { tileSize: 2 } })).rejects.toThrow(/at most 256/);
    expect((await d.detect(squaresImage(), { tiling })).tiles).toBe(20);
  });
});

describe('processVideo with tiling', () => {
  it('runs every frame as tiles and finds the moving square in each', async () => {
    const d = await make(cellModel(64, 4, true));
    const clip = await makeClip({ codec: 'vp9', frames: 12 });
    // 160x120 clip, 64 px input: 'auto' cuts 3x3 tiles (+ the full frame)
    const result = await d.processVideo(clip, { tiling: 'auto', scoreThreshold: 0.6 });
    expect(result.frames.length).toBe(12);
    expect(result.settings.tiling).toBe('auto');
    for (const f of result.frames) {
      expect(f.tiles).toBe(10);
      // the union of the boxes is the 24 px square, give or take a cell and the codec's blur
      const b = f.detections.boxes;
      let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let i = 0; i < f.detections.count; i++) {
        x1 = Math.min(x1, b[i * 4]);
        y1 = Math.min(y1, b[i * 4 + 1]);
        x2 = Math.max(x2, b[i * 4 + 2]);
        y2 = Math.max(y2, b[i * 4 + 3]);
      }
      const c = squareCentre(f.frame);
      expect(Math.abs((x1 + x2) / 2 - c.x)).toBeLessThanOrEqual(4);
      expect(Math.abs((y1 + y2) / 2 - c.y)).toBeLessThanOrEqual(4);
      expect(x2 - x1).toBeGreaterThanOrEqual(24);
      expect(x2 - x1).toBeLessThanOrEqual(24 + 16);
    }
  });

  it('refuses a bad tiling option before opening the file', async () => {
    const d = await make(cellModel(64, 8, false));
    await expect(d.processVideo(new Blob([new Uint8Array(10)]), { tiling: { tileSize: -1 } })).rejects.toThrow(InputError);
  });
});

describe('<yolo-detector tiling> with the shipped model', () => {
  interface Labels {
    width: number;
    height: number;
    boxes: { x1: number; y1: number; x2: number; y2: number; class: number }[];
  }
  /** Share of labelled lights matched (same class, IoU ≥ 0.5) by a detection. */
  function recall(r: FrameResult, labels: Labels): number {
    const used = new Set<number>();
    let found = 0;
    for (const l of labels.boxes) {
      for (let i = 0; i < r.detections.count; i++) {
        if (used.has(i) || r.detections.classes[i] !== l.class) continue;
        const b = r.detections.boxes.subarray(i * 4, i * 4 + 4);
        const iw = Math.max(0, Math.min(b[2], l.x2) - Math.max(b[0], l.x1));
        const ih = Math.max(0, Math.min(b[3], l.y2) - Math.max(b[1], l.y1));
        const inter = iw * ih;
        if (inter / ((b[2] - b[0]) * (b[3] - b[1]) + (l.x2 - l.x1) * (l.y2 - l.y1) - inter) >= 0.5) {
          used.add(i);
          found++;
          break;
        }
      }
    }
    return found / labels.boxes.length;
  }

  async function element(attributes: Record<string, string>): Promise<YoloDetectorElement> {
    const el = document.createElement('yolo-detector') as YoloDetectorElement;
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    const ready = new Promise((resolve, reject) => {
      el.addEventListener('yolo-ready', resolve, { once: true });
      el.addEventListener('yolo-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
    });
    document.body.append(el);
    await ready;
    return el;
  }

  it("finds most small lights of a 1920x1080 photo with tiling='auto', far more than without", async () => {
    const labels = (await (await fetch('/samples/small-lights-1920.json')).json()) as Labels;
    const photo = await createImageBitmap(await (await fetch('/samples/small-lights-1920.jpg')).blob());
    const el = await element({ tiling: 'auto', 'show-tiles': '' });
    try {
      const detections = new Promise<FrameResult>((resolve) => el.addEventListener('yolo-detections', (e) => resolve((e as CustomEvent<FrameResult>).detail), { once: true }));
      const tiled = await el.detect(photo);
      expect((await detections).tiles).toBe(33); // the event carries it too
      expect(tiled.tiles).toBe(33); // 8x4 tiles of 320 (the model input, 20 % overlap) + the full frame
      el.tiling = 'off';
      await el.updateComplete;
      const off = await el.detect(photo);
      expect(off.tiles).toBe(1);
      const withTiles = recall(tiled, labels);
      const without = recall(off, labels);
      expect(withTiles).toBeGreaterThan(0.85);
      expect(withTiles - without).toBeGreaterThan(0.3);
    } finally {
      el.remove();
      photo.close();
    }
  });

  it('takes a CxR grid and tile-overlap, and reports a bad value as an InputError', async () => {
    const el = await element({ tiling: '3x2', 'tile-overlap': '0.1' });
    try {
      const photo = new ImageData(900, 600);
      expect((await el.detect(photo)).tiles).toBe(7);
      const error = new Promise<{ name: string; message: string }>((resolve) => el.addEventListener('yolo-error', (e) => resolve((e as CustomEvent).detail), { once: true }));
      el.setAttribute('tiling', '3 by 2');
      const detail = await error;
      expect(detail.name).toBe('InputError');
      expect(detail.message).toMatch(/3x2/);
    } finally {
      el.remove();
    }
  });
});
