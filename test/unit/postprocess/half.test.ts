import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat } from '../../../src/postprocess/index.js';

describe('half precision', () => {
  it('converts known bit patterns', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('round-trips every finite half through floatToHalf', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = halfToFloat(bits);
      if (Number.isNaN(v)) continue;
      if (bits === 0x8000) continue; // -0 → 0x8000 too, but toBe(-0) semantics aside
      expect(floatToHalf(v)).toBe(bits);
    }
  });

  it('rounds to nearest even and overflows to infinity', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and the next half: even wins
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(1e6)).toBe(0x7c00);
  });
});
