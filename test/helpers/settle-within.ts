// One time limit for a promise, shared by the Node-side DevTools readings (test/browser/heap-commands.ts)
// and the browser-side soak waits (test/browser/soak-support.ts): each says in its own words what did
// not settle.

/**
 * `{ value }` once `promise` resolves within `ms`, null when it has not settled by then; its rejection
 * within `ms` is rethrown. A promise left behind may still reject later: that is caught, not reported.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise.then((value) => ({ value })), limit]);
  } finally {
    clearTimeout(timer);
  }
}
