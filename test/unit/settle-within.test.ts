// The time limit the soak tests and their DevTools readings share (test/helpers/settle-within.ts).
import { describe, expect, it } from 'vitest';
import { settleWithin } from '../helpers/settle-within.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('settleWithin', () => {
  it('gives the value of a promise that settles in time, null for one that does not, and rethrows a rejection in time', async () => {
    expect(await settleWithin(later(5, 'a'), 200)).toEqual({ value: 'a' });
    expect(await settleWithin(later(200, 'b'), 20)).toBeNull();
    await expect(settleWithin(Promise.reject(new Error('no')), 200)).rejects.toThrow('no');
  });

  it('leaves no unhandled rejection behind when the late promise rejects after the limit', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    expect(await settleWithin(late, 5)).toBeNull();
    await later(50, null); // vitest fails the run on an unhandled rejection
  });
});
