// What the two soak tests share. Every wait is bounded: a soak that stops making progress stops within a
// minute, says where it stood, and runs once more (a CI run once sat 52 minutes in one, with nothing
// printed).
import type { DetectSource, YoloDetectorElement } from '../../src/index.js';
import { settleWithin } from '../helpers/settle-within.js';

/** How long a soak waits without progress before it counts as stalled. */
const STALL_MS = 60_000;

/** Bytes as whole KB, for the heap curves. */
export const kb = (bytes: number) => (bytes / 1024).toFixed(0);

/**
 * Resolves once `test()` holds, checking every 50 ms. Throws when `progress()` has not changed for
 * `stallMs` (or, without `progress`, after `stallMs` in all), with `state()` in the message.
 */
export async function until(
  test: () => boolean,
  what: string,
  state: () => string | Promise<string>,
  progress: () => number = () => 0,
  stallMs = STALL_MS,
): Promise<void> {
  let seen = progress();
  let since = performance.now();
  while (!test()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = progress();
    if (now !== seen) {
      seen = now;
      since = performance.now();
    } else if (performance.now() - since > stallMs) {
      throw new SoakStall(`soak: no progress for ${stallMs / 1000} s waiting for ${what}; ${await state()}`);
    }
  }
}

/** A `yolo-error` event as "name: message". */
function errorText(event: Event): string {
  const { name, message } = (event as CustomEvent<{ name: string; message: string }>).detail;
  return `${name}: ${message}`;
}

/** The element's `yolo-error` events, as "name: message", for a stalled soak's report. */
export function collectErrors(el: YoloDetectorElement): string[] {
  const errors: string[] = [];
  el.addEventListener('yolo-error', (event) => errors.push(errorText(event)));
  return errors;
}

/** Resolves on `yolo-ready`; rejects on a `yolo-error` before it, or after `limitMs`. */
export function readyOrError(el: YoloDetectorElement, limitMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SoakStall(`soak: the model was not ready after ${limitMs / 1000} s`)), limitMs);
    el.addEventListener('yolo-ready', () => (clearTimeout(timer), resolve()), { once: true });
    el.addEventListener(
      'yolo-error',
      (event) => {
        clearTimeout(timer);
        reject(new Error(`soak: the model failed to load: ${errorText(event)}`));
      },
      { once: true },
    );
  });
}

/**
 * Whether the element's worker still answers: one detect() on `source`, given `limitMs`. Said in a
 * stalled soak's report, it tells a wedged worker from a loop that stopped asking.
 */
export async function probeWorker(el: YoloDetectorElement, source: DetectSource, limitMs = 10_000): Promise<string> {
  const t0 = performance.now();
  const answer = el.detect(source).then(
    () => `a detect() answered in ${(performance.now() - t0).toFixed(0)} ms`,
    (error: Error) => `a detect() failed: ${error.name}: ${error.message}`,
  );
  return (await settleWithin(answer, limitMs))?.value ?? `no answer to a detect() in ${limitMs / 1000} s`;
}

/** `promise`'s value; throws, with `state()` in the message, when it has not settled after `limitMs`. */
export async function within<T>(promise: Promise<T>, what: string, state: () => string | Promise<string>, limitMs = STALL_MS): Promise<T> {
  const settled = await settleWithin(promise, limitMs); // a promise left behind may still reject: the element's removal aborts it
  if (!settled) throw new SoakStall(`soak: ${what} did not settle in ${limitMs / 1000} s; ${await state()}`);
  return settled.value;
}

/** A soak that stopped making progress (as opposed to one whose heap grew). */
export class SoakStall extends Error {
  override name = 'SoakStall';
}

/**
 * Runs `soak`; if it stalls, prints where it stood and runs it once more. Only a stall is run again:
 * a heap that grew, or any other failed check, fails at once.
 */
export async function onceMoreIfStalled(name: string, soak: () => Promise<void>): Promise<void> {
  try {
    await soak();
  } catch (error) {
    if (!(error instanceof SoakStall)) throw error;
    console.warn(`[${name}] stalled, running once more: ${error.message}`);
    await soak();
  }
}
