// Tiled inference benchmark (issue 11, docs/contracts.md, contract 4), in headless Chromium through the real
// detector (page capture → worker tiles → merge):
// 1. cost: a tiled frame of the high-resolution sample photo vs (tiles × one input-sized frame), both
//    measured in the same run, alternating, so machine load hits both alike (goal ≤ 1.05×);
// 2. accuracy: mAP@0.5 of the shipped model with tiling 'auto' vs 'off' on generated high-resolution
//    photos (bench-output/tiling-photos, made by tools/train/make_tiling_photos.py; tools/run-bench.mjs
//    makes them when missing), by light size, and model runs per photo vs a plain 20 %-overlap grid.
import { createDetector, planTiles, type Detector, type FrameResult, type Tiling } from '../../src/index.js';
import { evaluateMap, type Box, type ImageGroundTruth, type ImagePredictions, type SizeBand } from '../../src/eval/map.js';
import { fmt, median, table, type BenchReport } from './report.js';

const FRAMES = 8;
const WARMUP = 2;
const PHOTOS_URL = '/bench-output/tiling-photos';
/** Light size bands by the box's longer side in photo px (lights are 8 to 40 px). */
const BANDS: SizeBand[] = [
  { name: '<12 px', min: 0, max: 12 },
  { name: '12-24 px', min: 12, max: 24 },
  { name: '>=24 px', min: 24, max: Infinity },
];

interface PhotoIndex {
  photos: { image: string; width: number; height: number; seed: number; lights: number }[];
}
interface PhotoLabels {
  width: number;
  height: number;
  classes: string[];
  boxes: { x1: number; y1: number; x2: number; y2: number; class: number }[];
}

/** Tiles per side of a plain grid: input-sized tiles stepping 80 % of a tile, the last one clamped to the edge. */
function plainGridCount(size: number, tile: number): number {
  return size <= tile ? 1 : Math.ceil((size - tile) / (0.8 * tile)) + 1;
}

async function measureCost(detector: Detector, photo: ImageBitmap) {
  const { inputWidth, inputHeight } = detector.info;
  // one input-sized frame: the plain pipeline's cost of one model run (capture, preprocess, infer, decode)
  const tile = await createImageBitmap(photo, 0, 0, inputWidth, inputHeight);
  for (let i = 0; i < WARMUP; i++) {
    await detector.detect(photo, { tiling: 'auto' });
    await detector.detect(tile);
  }
  const tiled: FrameResult[] = [];
  const single: FrameResult[] = [];
  const tiledRound: number[] = [];
  const singleRound: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    let t0 = performance.now();
    tiled.push(await detector.detect(photo, { tiling: 'auto' }));
    tiledRound.push(performance.now() - t0);
    t0 = performance.now();
    single.push(await detector.detect(tile));
    singleRound.push(performance.now() - t0);
  }
  tile.close();
  const col = (rows: FrameResult[], k: 'preprocessMs' | 'inferenceMs' | 'postprocessMs' | 'totalMs') => median(rows.map((r) => r.timings[k]));
  const ratios = tiled.map((r) => r.timings.totalMs / r.timings.inferenceMs);
  return {
    tiles: tiled[0].tiles,
    ownRatio: { median: median(ratios), best: Math.min(...ratios) },
    tiled: { preprocess: col(tiled, 'preprocessMs'), inference: col(tiled, 'inferenceMs'), postprocess: col(tiled, 'postprocessMs'), total: col(tiled, 'totalMs'), roundTrip: median(tiledRound) },
    single: { preprocess: col(single, 'preprocessMs'), inference: col(single, 'inferenceMs'), postprocess: col(single, 'postprocessMs'), total: col(single, 'totalMs'), roundTrip: median(singleRound) },
  };
}

async function measureAccuracy(detector: Detector) {
  const indexResponse = await fetch(`${PHOTOS_URL}/index.json`);
  if (!indexResponse.ok) return null;
  const index = (await indexResponse.json()) as PhotoIndex;
  const { inputWidth, inputHeight } = detector.info;
  const gts: ImageGroundTruth[] = [];
  const predictions: Record<'off' | 'auto', ImagePredictions[]> = { off: [], auto: [] };
  const runs: number[] = [];
  const plainRuns: number[] = [];
  for (const entry of index.photos) {
    const labels = (await (await fetch(`${PHOTOS_URL}/${entry.image.replace(/\.jpg$/, '.json')}`)).json()) as PhotoLabels;
    gts.push({ boxes: labels.boxes.map((b): Box => [b.x1, b.y1, b.x2, b.y2]), classes: labels.boxes.map((b) => b.class) });
    const bitmap = await createImageBitmap(await (await fetch(`${PHOTOS_URL}/${entry.image}`)).blob());
    for (const tiling of ['off', 'auto'] as const satisfies Tiling[]) {
      // score 0.001 as `yolo val`: the whole precision-recall curve
      const r = await detector.detect(bitmap, { tiling, scoreThreshold: 0.001 });
      predictions[tiling].push({ boxes: Array.from(r.detections.boxes), scores: Array.from(r.detections.scores), classes: Array.from(r.detections.classes) });
      if (tiling === 'auto') runs.push(r.tiles);
    }
    bitmap.close();
    plainRuns.push(plainGridCount(entry.width, inputWidth) * plainGridCount(entry.height, inputHeight));
    console.log(`[bench] tiling: ${entry.image} ${entry.width}x${entry.height}, ${labels.boxes.length} lights`);
  }
  const options = { classNames: ['w', 'r', 'g', 'b'], sizeBands: BANDS, sizeScale: 1 };
  const off = evaluateMap(predictions.off, gts, options);
  const auto = evaluateMap(predictions.auto, gts, options);
  const planned = index.photos.map((p) => planTiles(p.width, p.height, inputWidth, inputHeight, 'auto').runs);
  return {
    photos: index.photos.length,
    sizes: [...new Set(index.photos.map((p) => `${p.width}x${p.height}`))],
    lights: gts.reduce((n, g) => n + g.classes.length, 0),
    off,
    auto,
    runsPerPhoto: runs.reduce((a, b) => a + b, 0) / runs.length,
    plannedRunsPerPhoto: planned.reduce((a, b) => a + b, 0) / planned.length,
    plainGridPerPhoto: plainRuns.reduce((a, b) => a + b, 0) / plainRuns.length,
  };
}

export async function runTilingBench(): Promise<BenchReport> {
  const threads = crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 1;
  const detector = await createDetector({ model: new URL('../../models/wrgb-416.onnx', import.meta.url).href, backend: 'wasm', numThreads: threads });
  try {
    const sample = await fetch(new URL('../../public/samples/small-lights-1920.jpg', import.meta.url));
    const photo = await createImageBitmap(await sample.blob());
    console.log('[bench] tiling: cost');
    const cost = await measureCost(detector, photo);
    photo.close();
    console.log('[bench] tiling: accuracy');
    const accuracy = await measureAccuracy(detector);
    const c = cost;
    // goal metric: the tiled frame against the inference it spent (tiles × one tile's inference, as run)
    const perOwnInference = c.ownRatio.median;
    const perPlain = c.tiled.total / (c.tiles * c.single.total);
    const perInference = c.tiled.total / (c.tiles * c.single.inference);
    const lines = [
      `## tiling: cost of one tiled frame (${detector.info.name}, WASM ${threads} threads, 1920x1080 sample, 'auto' = ${c.tiles} runs, median of ${FRAMES})`,
      table(
        ['frame', 'preprocess', 'inference', 'postprocess', 'total (worker)', 'round trip (page)'],
        [
          [`tiled ('auto', ${c.tiles} runs)`, fmt(c.tiled.preprocess), fmt(c.tiled.inference), fmt(c.tiled.postprocess), fmt(c.tiled.total), fmt(c.tiled.roundTrip)],
          [`one input-sized frame`, fmt(c.single.preprocess), fmt(c.single.inference), fmt(c.single.postprocess), fmt(c.single.total), fmt(c.single.roundTrip)],
          [`${c.tiles} × one frame`, fmt(c.tiles * c.single.preprocess), fmt(c.tiles * c.single.inference), fmt(c.tiles * c.single.postprocess), fmt(c.tiles * c.single.total), fmt(c.tiles * c.single.roundTrip)],
        ],
      ),
      `tiled frame (worker total) / its ${c.tiles} runs' inference: **${perOwnInference.toFixed(3)}×** median of ${FRAMES} frames, best ${c.ownRatio.best.toFixed(3)}× (goal ≤ 1.05×: planning, cutting, decoding and merging near free)`,
      `against frames measured alone: tiled / (${c.tiles} × one input-sized frame's worker total) ${perPlain.toFixed(3)}×, ` +
        `/ (${c.tiles} × its bare inference) ${perInference.toFixed(3)}×; tiled round trip / ${c.tiles} single round trips ${(c.tiled.roundTrip / (c.tiles * c.single.roundTrip)).toFixed(3)}× ` +
        '(on a loaded machine a long run of back-to-back inference is slowed by the scheduler more than single frames are)',
      '',
    ];
    if (accuracy) {
      const a = accuracy;
      const band = (r: typeof a.off, name: string) => {
        const b = r.perSizeBand[name];
        return b && b.numGt > 0 ? b.map50.toFixed(3) : '–';
      };
      lines.push(
        `## tiling: accuracy on ${a.photos} generated photos (${a.sizes.join(', ')}; ${a.lights} lights of 8-40 px), mAP@0.5 at score > 0.001`,
        table(
          ['tiling', 'mAP@0.5', 'mAP@0.5:0.95', ...BANDS.map((b) => `${b.name} (${a.off.perSizeBand[b.name]?.numGt ?? 0})`), 'model runs / photo'],
          [
            ['off', a.off.map50.toFixed(3), a.off.map5095.toFixed(3), ...BANDS.map((b) => band(a.off, b.name)), '1'],
            ['auto', a.auto.map50.toFixed(3), a.auto.map5095.toFixed(3), ...BANDS.map((b) => band(a.auto, b.name)), a.runsPerPhoto.toFixed(1)],
          ],
        ),
        `goal: 'auto' mAP@0.5 ≥ 0.93; runs per photo ${a.runsPerPhoto.toFixed(1)} vs a plain 20 %-overlap grid of input-sized tiles: ${a.plainGridPerPhoto.toFixed(1)} (+1 with the full frame)`,
      );
    } else {
      lines.push(`## tiling: accuracy skipped: no photos at ${PHOTOS_URL} (make them: /usr/bin/python3 tools/train/make_tiling_photos.py)`);
    }
    return { markdown: lines.join('\n'), data: { threads, cost, accuracy } };
  } finally {
    detector.dispose();
  }
}
