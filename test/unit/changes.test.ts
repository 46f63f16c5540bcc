// The wake-up the video job's loops wait on (src/worker/video/changes.ts).
import { describe, expect, it } from 'vitest';
import { Changes } from '../../src/worker/video/changes.js';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

describe('Changes', () => {
  it('wakes every waiter of the moment at notify, and only at notify', async () => {
    const changes = new Changes();
    const a = changes.next();
    const b = changes.next();
    expect(await settled(a)).toBe(false);
    changes.notify();
    expect(await settled(a)).toBe(true);
    expect(await settled(b)).toBe(true);
  });

  it('makes a wait that starts after a notify wait for the next one', async () => {
    const changes = new Changes();
    changes.notify();
    const later = changes.next();
    expect(await settled(later)).toBe(false);
    changes.notify();
    expect(await settled(later)).toBe(true);
  });
});
