// decode() under seeded adversarial inputs (issue 16): for every layout, random, mismatched and extreme
// tensors and options. Every case either returns a result that keeps the invariants (finite boxes and
// scores above the float32 threshold, sorted, at most maxDetections, inside the source with a
// transform) or throws one of the typed errors. FUZZ_CASES sets the count; `npm run bench -- fuzz` runs 10^5.
import { describe, expect, it } from 'vitest';
import { fuzzCase, runFuzzCase, type FuzzOutcome } from '../../helpers/fuzz-cases.js';

const CASES = Number(process.env.FUZZ_CASES ?? 4000);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);

describe('decode() fuzzing', () => {
  it(`${CASES} seeded cases from seed ${FIRST_SEED}: typed errors or results that keep every invariant`, () => {
    const outcomes: Record<FuzzOutcome, number> = { result: 0, InputError: 0, UnsupportedModelError: 0 };
    const failures: string[] = [];
    let detections = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      try {
        outcomes[runFuzzCase(fuzzCase(seed))]++;
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    console.log(`[fuzz] ${CASES} cases: ${JSON.stringify(outcomes)}, ${failures.length} broken invariants`);
    expect(failures.slice(0, 5)).toEqual([]);
    // the generator must exercise both sides: results and each typed error
    expect(outcomes.result).toBeGreaterThan(CASES / 10);
    expect(outcomes.InputError).toBeGreaterThan(0);
    expect(outcomes.UnsupportedModelError).toBeGreaterThan(0);
    void detections;
  });
});
