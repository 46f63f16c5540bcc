// Imported before the engine by faulty.worker.ts, so this listener runs before Comlink's. A test arms a
// fault for the next detect call: 'stall' swallows it (the call never answers), 'close' swallows it and
// closes the worker with `self.close()`, which fires no error event on the page (issue 16).
let fault: 'stall' | 'close' | null = null;
self.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'stall-next-detect' || event.data === 'close-next-detect') {
    fault = event.data === 'stall-next-detect' ? 'stall' : 'close';
    event.stopImmediatePropagation();
    return;
  }
  const path = (event.data as { path?: unknown } | null)?.path;
  if (fault && Array.isArray(path) && path[0] === 'detect') {
    event.stopImmediatePropagation(); // the call in flight never answers
    if (fault === 'close') self.close();
    fault = null;
  }
});
export {};
