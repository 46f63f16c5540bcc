// ProbeTimes: how OneToOnePixels weighs its timings of the two ways to read a frame. Timing noise only
// adds time, and a first call pays one-time costs, so one slow probe must not decide the way alone.
import { describe, expect, it } from 'vitest';
import { ProbeTimes } from '../../src/worker/one-to-one-pixels.js';

describe('ProbeTimes', () => {
  it('has no estimate before a timing', () => {
    expect(new ProbeTimes().estimate()).toBeNaN();
  });

  it('takes the one timing, then the smaller of two, then the median of three', () => {
    const t = new ProbeTimes();
    t.add(215.7);
    expect(t.estimate()).toBe(215.7);
    t.add(5.9);
    expect(t.estimate()).toBe(5.9);
    t.add(5.8);
    expect(t.estimate()).toBe(5.9);
  });

  it('the first tiled frame measured in the bench: copyTo wins from the second probe on', () => {
    const copy = new ProbeTimes();
    const draw = new ProbeTimes();
    copy.add(215.7);
    draw.add(129.9);
    expect(copy.estimate() < draw.estimate()).toBe(false); // one probe alone chose the canvas
    copy.add(5.9);
    draw.add(34.2);
    expect(copy.estimate() < draw.estimate()).toBe(true);
    copy.add(5.8);
    draw.add(28.4);
    expect(copy.estimate() < draw.estimate()).toBe(true);
  });

  it('follows a lasting change within two probes (photos, then a camera stream)', () => {
    const copy = new ProbeTimes();
    for (const ms of [0.09, 0.1, 0.08]) copy.add(ms);
    copy.add(2.4); // one slow probe: still the photos' cost
    expect(copy.estimate()).toBeCloseTo(0.1);
    copy.add(2.5);
    expect(copy.estimate()).toBeCloseTo(2.4);
  });

  it('keeps Infinity (copyTo unavailable) as the slowest timing', () => {
    const copy = new ProbeTimes();
    copy.add(Infinity);
    expect(copy.estimate()).toBe(Infinity);
    copy.add(1);
    expect(copy.estimate()).toBe(1);
  });
});
