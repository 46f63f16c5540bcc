// Seeded adversarial decode() inputs for every layout (issue 16) and the invariants every result must
// keep. A case starts from a valid random output (random-outputs.ts) and may get extreme values,
// float16 storage, mismatched or absurd dims, missing or extra outputs, a wrong layout, and random or
// extreme options. Shared by the unit test (thousands of cases) and `npm run bench -- fuzz` (10^5).
import { decode, type DecodeOptions, type Detections, type ModelOutputs, type OutputTensor } from '../../src/postprocess/index.js';
import { floatToHalf } from '../../src/postprocess/index.js';
import { randomCase, rng } from './random-outputs.js';

const LAYOUTS = ['yolov5', 'yolov5-undecoded', 'yolov5-heads', 'yolov8', 'yolox', 'fastestv2', 'fastestv2-flat', 'end2end', 'yolov7-nms'];
const LAYOUT_NAMES = ['yolov5', 'yolov5-undecoded', 'yolov5-heads', 'yolov8', 'end2end', 'yolov7-nms', 'yolox', 'fastestv2'] as const;

/** Values that broke decoders before: overflow, underflow, non-finite, signs, float32 edges. */
const EXTREMES = [0, -0, 1, -1, 1e-45, 1e-23, 1e30, -1e30, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 100, -100, 0.25, Math.fround(0.25) + 2 ** -26, 65504, 1e7];
const BAD_DIMS = [0, 1, -1, 2.5, 2 ** 31, 2 ** 53, Infinity, NaN, 1e9, 2e7];

/** One fuzz case: what decode() gets, and what was done to it (for failure messages). */
export interface FuzzCase {
  seed: number;
  layout: string;
  mutations: string[];
  outputs: ModelOutputs;
  options: DecodeOptions;
}

/** The seeded case number `seed`. */
export function fuzzCase(seed: number): FuzzCase {
  const r = rng(seed * 2654435761 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
  const layout = pick(LAYOUTS);
  const nc = pick([1, 2, 6, 12]);
  const c = randomCase(layout, seed, nc);
  const mutations: string[] = [];
  let tensors: { data: Float32Array | Uint16Array; dims: number[] }[] = c.tensors.map((t) => ({ data: t.data, dims: [...t.dims] }));

  if (r() < 0.5) {
    // extreme values at random places (a few, or a lot)
    const share = pick([0.001, 0.01, 0.2, 1]);
    for (const t of tensors) {
      const d = t.data as Float32Array;
      for (let i = 0; i < d.length; i++) if (r() < share) d[i] = pick(EXTREMES);
    }
    mutations.push(`extremes(${share})`);
  }
  if (r() < 0.15) {
    tensors = tensors.map((t) => ({ data: Uint16Array.from(t.data as Float32Array, (v) => floatToHalf(v)), dims: t.dims }));
    mutations.push('float16');
  }
  if (r() < 0.3) {
    const t = pick(tensors);
    const kind = pick(['dim', 'truncate', 'extend', 'rank', 'swap']);
    if (kind === 'dim') t.dims[Math.floor(r() * t.dims.length)] = pick(BAD_DIMS);
    else if (kind === 'truncate') t.data = t.data.subarray(0, Math.floor(r() * t.data.length));
    else if (kind === 'extend') t.data = new Float32Array(t.data.length + 1 + Math.floor(r() * 100)).fill(0.9);
    else if (kind === 'rank') t.dims = r() < 0.5 ? t.dims.slice(1) : [1, ...t.dims];
    else t.dims.reverse();
    mutations.push(`dims:${kind}`);
  }
  if (r() < 0.1) {
    const kind = pick(['drop', 'extra', 'empty', 'null']);
    if (kind === 'drop') tensors = tensors.slice(0, -1);
    else if (kind === 'extra') tensors = [...tensors, { data: new Float32Array(12).fill(0.5), dims: [1, 2, 6] }];
    else if (kind === 'empty') tensors = [];
    else tensors = [...tensors, null as never];
    mutations.push(`outputs:${kind}`);
  }
  const outputs: ModelOutputs =
    r() < 0.3 ? Object.fromEntries(tensors.map((t, i) => [`out${i}`, t as OutputTensor])) : (tensors as OutputTensor[]);

  const options: DecodeOptions = { inputWidth: c.inputWidth, inputHeight: c.inputHeight };
  const trueLayout = layout === 'fastestv2-flat' ? 'fastestv2' : layout;
  const layoutChoice = r();
  options.layout = layoutChoice < 0.4 ? 'auto' : layoutChoice < 0.85 ? (trueLayout as DecodeOptions['layout']) : pick(LAYOUT_NAMES);
  if (r() < 0.5) options.scoreThreshold = pick([0, 1e-9, 0.001, 0.1, 0.25, Math.fround(0.3), 0.5, 0.99, 1, 2, -1, r()]);
  if (r() < 0.4) options.iouThreshold = pick([0, 0.3, 0.45, 0.7, 1, 2, -1, r()]);
  if (r() < 0.4) options.maxDetections = pick([0, 1, 5, 300, 1e9, -3, 2.5]);
  if (r() < 0.3) options.preNmsTopK = pick([0, 1, 10, 100, 30000, 1e12]);
  if (r() < 0.3) options.classAgnostic = r() < 0.5;
  if (r() < 0.2) options.inputWidth = pick([1, 32, 160, 320, 161, 0, 2.5, 1e9]);
  if (r() < 0.15) options.strides = pick([[8, 16, 32], [16, 32], [8, 16, 32, 64], [32], [0, 16, 32], [8, 16, NaN]]);
  if (r() < 0.15) {
    options.anchors = pick([
      [[10, 13, 16, 30, 33, 23], [30, 61, 62, 45, 59, 119], [116, 90, 156, 198, 373, 326]],
      [[10, 13], [30, 61]],
      [[1e30, 1e30, 1, 1, 2, 2], [1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3]],
      [[1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3]],
    ]);
  }
  if (r() < 0.5) {
    const scale = pick([1, 0.5, 2, 1e-30, 1e30, r() * 3 + 0.01]);
    options.transform = {
      scaleX: scale,
      scaleY: pick([scale, r() + 0.01]),
      padX: pick([0, 10, -10, 1e6, r() * 50]),
      padY: pick([0, 20, -5, r() * 50]),
      srcWidth: pick([1, 300, 640.3, 1e6]),
      srcHeight: pick([1, 500, 479.9, 1e6]),
    };
    mutations.push('transform');
  }
  return { seed, layout, mutations, outputs, options };
}

/** How a case ended: a result, or one of the two typed errors decode() may throw. */
export type FuzzOutcome = 'result' | 'InputError' | 'UnsupportedModelError';

/** Runs one case; returns its outcome, or throws an Error describing the broken invariant. */
export function runFuzzCase(c: FuzzCase): FuzzOutcome {
  let d: Detections;
  try {
    d = decode(c.outputs, c.options);
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'InputError' || name === 'UnsupportedModelError') return name;
    throw new Error(`${describe(c)}: threw ${name}: ${(error as Error)?.message}`);
  }
  const fail = (why: string) => {
    throw new Error(`${describe(c)}: ${why}`);
  };
  const o = c.options;
  if (d.boxes.length !== 4 * d.count || d.scores.length !== d.count || d.classes.length !== d.count) fail('arrays do not match count');
  const maxDetections = Math.max(0, Math.floor(o.maxDetections ?? 300));
  if (d.count > maxDetections) fail(`${d.count} detections > maxDetections ${maxDetections}`);
  const thr = Math.fround(Math.max(0, o.scoreThreshold ?? 0.25));
  for (let i = 0; i < d.count; i++) {
    const s = d.scores[i];
    if (!Number.isFinite(s)) fail(`score ${i} is ${s}`);
    if (!(s > thr)) fail(`score ${i} = ${s} is not above the threshold ${thr}`);
    if (i > 0 && s > d.scores[i - 1]) fail(`scores not sorted at ${i}: ${d.scores[i - 1]} then ${s}`);
  }
  const t = o.transform;
  for (let i = 0; i < d.count * 4; i++) {
    const v = d.boxes[i];
    if (!Number.isFinite(v)) fail(`box value ${i} is ${v}`);
    if (t) {
      const max = Math.fround(i % 2 === 0 ? t.srcWidth : t.srcHeight);
      if (v < 0 || v > max) fail(`box value ${i} = ${v} outside [0, ${max}]`);
    }
  }
  return 'result';
}

function describe(c: FuzzCase): string {
  const shapes = (Array.isArray(c.outputs) ? c.outputs : Object.values(c.outputs)).map((t) => (t ? `[${t.dims.join(',')}]` : 'null'));
  const { transform, anchors, ...rest } = c.options;
  return `seed ${c.seed} (${c.layout}; ${c.mutations.join(', ') || 'valid'}; ${shapes.join(' ')}; ${JSON.stringify(rest)}${transform ? ' +transform' : ''}${anchors ? ' +anchors' : ''})`;
}
