// A wake-up for loops that wait until something changes: `await changes.next()` resolves at the next
// `notify()`. Each notify wakes every waiter of the moment and arms a fresh promise for the next wait.

/** Wakes whoever waits for the next change (a consumer for a frame, a feeder for room). */
export class Changes {
  private current!: Promise<void>;
  private wake!: () => void;

  constructor() {
    this.arm();
  }

  /** Settles at the next `notify()`. */
  next(): Promise<void> {
    return this.current;
  }

  /** Wakes the waiters. */
  notify(): void {
    const wake = this.wake;
    this.arm();
    wake();
  }

  private arm(): void {
    this.current = new Promise((resolve) => (this.wake = resolve));
  }
}
