// The WebAssembly SIMD class arg-max (issue 15) against a brute-force per-anchor loop, on adversarial
// scores; and decode() with the kernel against decode() with the JS scan it replaces (same results,
// bit for bit), on random and fuzzed YOLOv8 outputs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decode, type Detections } from '../../../src/postprocess/index.js';
import { argmaxResult, setSimdArgmaxEnabled, simdArgmaxAvailable, simdClassArgmax } from '../../../src/postprocess/class-argmax-simd.js';
import { float32AtOrBelow } from '../../../src/postprocess/threshold-bits.js';
import { fuzzCase } from '../../helpers/fuzz-cases.js';
import { randomCase, rng } from '../../helpers/random-outputs.js';

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 3.4e38, 1, 0.5];

/** A [4+nc, n] float32 output whose class scores mix random values, exact ties and special values. */
function adversarial(nc: number, n: number, threshold: number, seed: number): Float32Array {
  const r = rng(seed);
  const data = new Float32Array((4 + nc) * n);
  const near = [threshold, float32AtOrBelow(threshold), Math.fround(threshold)];
  const f = new Float32Array(1);
  const bits = new Int32Array(f.buffer);
  for (let i = 0; i < 4 * n; i++) data[i] = r() * 100;
  for (let i = 4 * n; i < data.length; i++) {
    const kind = r();
    if (kind < 0.05) data[i] = SPECIAL[Math.floor(r() * SPECIAL.length)];
    else if (kind < 0.25) {
      f[0] = near[Math.floor(r() * near.length)];
      bits[0] += Math.floor(r() * 5) - 2; // the floats next to the threshold
      data[i] = f[0];
    } else if (kind < 0.35) data[i] = data[i - n] ?? 0.7; // a tie with the class above
    else data[i] = (r() - 0.2) * 1.2;
  }
  return data;
}

/** Per anchor: the first class whose score is the largest one above `threshold`, or -1. */
function bruteForce(data: Float32Array, nc: number, n: number, threshold: number): { score: number; cls: number }[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    let score = threshold;
    let cls = -1;
    for (let k = 0; k < nc; k++) {
      const v = data[(4 + k) * n + i];
      if (v > score) {
        score = v;
        cls = k;
      }
    }
    out.push({ score, cls });
  }
  return out;
}

function same(a: Detections, b: Detections): void {
  expect(a.count).toBe(b.count);
  expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
  expect(Array.from(a.classes)).toEqual(Array.from(b.classes));
  expect(Array.from(a.boxes)).toEqual(Array.from(b.boxes));
}

afterEach(() => setSimdArgmaxEnabled(true));

describe('SIMD class arg-max', () => {
  it('is available in Node 20 (WebAssembly SIMD)', () => {
    expect(simdArgmaxAvailable()).toBe(true);
  });

  it('finds each anchor\'s first maximum above the threshold, NaN never winning, for any anchor count', () => {
    // anchor counts around the kernel's step of 8, sizes growing and shrinking (memory reuse); class
    // rows go through the kernel a chunk at a time: 80 x 8400 in chunks of 7 rows (the last one short),
    // 3 x 70000 one row per chunk (a row over the chunk size), ties across chunk boundaries included
    const shapes = [[1, 1], [3, 7], [2, 8], [80, 9], [5, 17], [80, 8400], [2, 3], [12, 1003], [3, 70000], [15, 9000]];
    for (const [s, [nc, n]] of shapes.entries()) {
      for (const threshold of [0, 0.25, 0.3, 1e-7, 0.999]) {
        const data = adversarial(nc, n, threshold, s * 31 + Math.round(threshold * 1000));
        const expected = bruteForce(data, nc, n, threshold);
        const thr32 = float32AtOrBelow(threshold);
        expect(simdClassArgmax(data, 4 + nc, n, thr32)).toBe(true);
        const { scores, classes, offset, classOffset } = argmaxResult;
        for (let i = 0; i < n; i++) {
          const passes = scores[offset + i] > thr32;
          if (passes !== expected[i].cls >= 0) expect.fail(`${nc}x${n} thr ${threshold} anchor ${i}: passes ${passes}`);
          if (passes && (scores[offset + i] !== expected[i].score || classes[classOffset + i] !== expected[i].cls)) {
            expect.fail(`${nc}x${n} thr ${threshold} anchor ${i}: ${scores[offset + i]}/${classes[classOffset + i]} vs ${expected[i].score}/${expected[i].cls}`);
          }
        }
      }
    }
  });

  it('returns false when turned off, so the JS scan runs', () => {
    setSimdArgmaxEnabled(false);
    expect(simdClassArgmax(new Float32Array(5 * 8), 5, 8, 0.25)).toBe(false);
  });
});

describe('decode() of YOLOv8 outputs: SIMD kernel and JS scan agree bit for bit', () => {
  const both = (run: () => Detections): [Detections, Detections] => {
    const simd = run();
    setSimdArgmaxEnabled(false);
    const scalar = run();
    setSimdArgmaxEnabled(true);
    return [simd, scalar];
  };

  it('on random clustered outputs at several settings', () => {
    for (const seed of [1, 2, 3, 4]) {
      for (const nc of [1, 6, 80]) {
        const c = randomCase('yolov8', seed, nc);
        for (const scoreThreshold of [0.001, 0.25, 0.5]) {
          const [a, b] = both(() => decode(c.tensors, { layout: 'yolov8', inputWidth: c.inputWidth, inputHeight: c.inputHeight, scoreThreshold }));
          same(a, b);
          if (scoreThreshold === 0.25) expect(a.count).toBeGreaterThan(0);
        }
      }
    }
  });

  it('on adversarial scores (NaN, infinities, ties, values next to the threshold)', () => {
    for (const [nc, n] of [[3, 37], [80, 840]]) {
      const data = adversarial(nc, n, 0.3, nc + n);
      const [a, b] = both(() => decode([{ data, dims: [1, 4 + nc, n] }], { layout: 'yolov8', inputWidth: 640, inputHeight: 640, scoreThreshold: 0.3 }));
      same(a, b);
      expect(a.count).toBeGreaterThan(0);
    }
  });

  it('on 600 fuzz cases (extreme values, odd shapes and options): same results or the same typed error', () => {
    let compared = 0;
    for (let seed = 1; compared < 600 && seed < 100000; seed++) {
      const c = fuzzCase(seed);
      if (c.layout !== 'yolov8') continue;
      compared++;
      const outcome = (): Detections | string => {
        try {
          return decode(c.outputs, c.options);
        } catch (error) {
          return (error as Error).name;
        }
      };
      const simd = outcome();
      setSimdArgmaxEnabled(false);
      const scalar = outcome();
      setSimdArgmaxEnabled(true);
      if (typeof simd === 'string' || typeof scalar === 'string') expect(simd).toEqual(scalar);
      else same(simd, scalar);
    }
    expect(compared).toBe(600);
  });
});

describe('the embedded kernel', () => {
  const wat2wasm = (() => {
    try {
      execFileSync('wat2wasm', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!wat2wasm) console.log('[skip] embedded kernel vs tools/wasm/class-argmax.wat: wat2wasm not installed (apt-get install wabt)');

  it.skipIf(!wat2wasm)('is tools/wasm/class-argmax.wat assembled', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wasm-')), 'k.wasm');
    execFileSync('wat2wasm', ['tools/wasm/class-argmax.wat', '-o', out]);
    const hex = readFileSync(out).toString('hex');
    const source = readFileSync('src/postprocess/class-argmax-simd.ts', 'utf8');
    const embedded = [...source.matchAll(/^ {2}'([0-9a-f]+)'/gm)].map((m) => m[1]).join('');
    expect(embedded).toBe(hex);
  });
});
