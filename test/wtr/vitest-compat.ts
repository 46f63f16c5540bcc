// The slice of vitest's API that the element and panel suites use, for @web/test-runner (issue 16):
// mocha's describe/it/hooks (globals on wtr's test page), vitest's own `expect` (@vitest/expect on
// chai, the same matchers and messages as under vitest) and the `vi` helpers those suites call.
// A suite moves between runners by changing its import line only.
import { chai, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, getState, setState } from '@vitest/expect';
import type { ExpectStatic } from '@vitest/expect';

/** A test or hook body: sync or async, no `done` callback (the suites never take one). */
type Body = () => unknown;

/** mocha's BDD interface as wtr's mocha sets it up on the page before importing a test file. */
interface MochaGlobals {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: Body): void;
  beforeEach(fn: Body): void;
  afterEach(fn: Body): void;
  before(fn: Body): void;
  after(fn: Body): void;
}

const mocha = globalThis as unknown as MochaGlobals;
if (typeof mocha.describe !== 'function') {
  throw new Error('vitest-compat: mocha globals are missing; this module runs under @web/test-runner only');
}

/** A group of tests (mocha `describe`). */
export const describe = (name: string, fn: () => void): void => mocha.describe(name, fn);
/** One test (mocha `it`); a returned promise is awaited. */
export const it = (name: string, fn: Body): void => mocha.it(name, fn);
/** Runs before each test of the enclosing group (mocha `beforeEach`). */
export const beforeEach = (fn: Body): void => mocha.beforeEach(fn);
/** Runs after each test of the enclosing group (mocha `afterEach`). */
export const afterEach = (fn: Body): void => mocha.afterEach(fn);
/** Runs once before the enclosing group (mocha `before`). */
export const beforeAll = (fn: Body): void => mocha.before(fn);
/** Runs once after the enclosing group (mocha `after`). */
export const afterAll = (fn: Body): void => mocha.after(fn);

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** vitest's `expect`: built as vitest's createExpect does, minus the per-test bookkeeping. */
export const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
}) as ExpectStatic;
Object.assign(expect, chai.expect);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null }, expect);
(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;

/** Options of {@link waitFor}: vitest's defaults are 1000 ms and 50 ms. */
interface WaitForOptions {
  timeout?: number;
  interval?: number;
}

/** Globals replaced by {@link stubGlobal}, with what to put back. */
const stubbed = new Map<string | symbol, PropertyDescriptor | undefined>();

/** The `vi` helpers the suites use. */
interface Vi {
  waitFor<T>(callback: () => T | Promise<T>, options?: number | WaitForOptions): Promise<T>;
  stubGlobal(name: string | symbol, value: unknown): Vi;
  unstubAllGlobals(): Vi;
}

/** The `vi` helpers the suites use, with vitest's semantics. */
export const vi: Vi = {
  /**
   * Calls `callback` until it neither throws nor rejects, every `interval` ms, for at most `timeout`
   * ms; resolves with its value, or rejects with its last error.
   */
  async waitFor<T>(callback: () => T | Promise<T>, options: number | WaitForOptions = {}): Promise<T> {
    const { timeout = 1000, interval = 50 } = typeof options === 'number' ? { timeout: options } : options;
    const deadline = performance.now() + timeout;
    for (;;) {
      try {
        return await callback();
      } catch (error) {
        if (performance.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  },

  /** Replaces `globalThis[name]` until {@link vi.unstubAllGlobals}. */
  stubGlobal(name: string | symbol, value: unknown): Vi {
    if (!stubbed.has(name)) stubbed.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
    return vi;
  },

  /** Puts back every global replaced by {@link vi.stubGlobal}. */
  unstubAllGlobals(): Vi {
    for (const [name, original] of stubbed) {
      if (original) Object.defineProperty(globalThis, name, original);
      else Reflect.deleteProperty(globalThis, name);
    }
    stubbed.clear();
    return vi;
  },
};
