// Imported before the engine by crashable.worker.ts, so this listener runs before Comlink's: once
// armed, it swallows the next detect call and dies with an uncaught error, as a WASM trap would.
let armed = false;
self.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'crash-on-next-detect') {
    armed = true;
    event.stopImmediatePropagation();
    return;
  }
  const path = (event.data as { path?: unknown } | null)?.path;
  if (armed && Array.isArray(path) && path[0] === 'detect') {
    event.stopImmediatePropagation(); // the call in flight never answers
    throw new Error('simulated crash');
  }
});
export {};
