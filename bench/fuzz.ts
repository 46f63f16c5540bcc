// npm run bench -- fuzz: decode() under 10^5 seeded adversarial cases (issue 16); the unit test runs
// a few thousand of the same cases in CI. Prints the outcomes per layout and every broken invariant.
// FUZZ_CASES / FUZZ_SEED override the count and the first seed.
import { writeFileSync } from 'node:fs';
import { fuzzCase, runFuzzCase, type FuzzOutcome } from '../test/helpers/fuzz-cases.js';

const cases = Number(process.env.FUZZ_CASES ?? 100_000);
const first = Number(process.env.FUZZ_SEED ?? 1);
const byLayout = new Map<string, Record<FuzzOutcome, number>>();
const failures: string[] = [];
let slowest = { ms: 0, seed: 0 };
const t0 = performance.now();
for (let seed = first; seed < first + cases; seed++) {
  const c = fuzzCase(seed);
  const row = byLayout.get(c.layout) ?? { result: 0, InputError: 0, UnsupportedModelError: 0 };
  byLayout.set(c.layout, row);
  const s = performance.now();
  try {
    row[runFuzzCase(c)]++;
  } catch (error) {
    failures.push((error as Error).message);
  }
  const ms = performance.now() - s;
  if (ms > slowest.ms) slowest = { ms, seed };
}
const seconds = (performance.now() - t0) / 1000;
console.log(`\n## decode() fuzzing: ${cases} cases (seeds ${first}..${first + cases - 1}) in ${seconds.toFixed(1)} s\n`);
console.log('| layout | results | InputError | UnsupportedModelError |\n| --- | --- | --- | --- |');
for (const [layout, r] of [...byLayout].sort()) console.log(`| ${layout} | ${r.result} | ${r.InputError} | ${r.UnsupportedModelError} |`);
console.log(`\nslowest case: seed ${slowest.seed}, ${slowest.ms.toFixed(1)} ms (decode + checks)`);
console.log(`broken invariants: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(`- ${f}`);
writeFileSync('bench-output/fuzz.json', JSON.stringify({ cases, first, seconds, slowest, byLayout: Object.fromEntries(byLayout), failures }, null, 2));
if (failures.length > 0) process.exitCode = 1;
