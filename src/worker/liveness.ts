// Liveness for the page: a worker that closes itself (`self.close()`) or is terminated by other page
// code fires no `error` event, so the page would wait forever (issue 16). The page names a Web Lock;
// the worker takes it and holds it for its whole life, then says so on the port sent along. A lock
// held by a worker is released when the worker's scope goes away, however that happens, so the page's
// own request for the same lock is granted exactly then (measured: about 2 ms after the death).

/** The handshake the page posts (with a MessagePort transferred) before any Comlink call. */
export interface LivenessHandshake {
  kind: 'yolo-detector/liveness';
  /** A Web Lock name unique to this worker. */
  lock: string;
}

/** What the worker answers on the port once it holds the lock. */
export type LivenessAck = 'held';

/**
 * Listens for the page's liveness handshake. Call before Comlink's `expose`, so the handshake never
 * reaches Comlink. Without Web Locks (insecure contexts) the worker never acknowledges, and the page
 * does not watch it.
 */
export function holdLivenessLock(scope: { addEventListener(type: 'message', listener: (event: MessageEvent) => void): void }): void {
  scope.addEventListener('message', (event) => {
    const data = event.data as Partial<LivenessHandshake> | null;
    if (data?.kind !== 'yolo-detector/liveness' || typeof data.lock !== 'string' || event.ports.length !== 1) return;
    event.stopImmediatePropagation();
    const port = event.ports[0];
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks) return;
    void locks.request(data.lock, () => {
      port.postMessage('held' satisfies LivenessAck);
      port.close();
      return new Promise<never>(() => undefined); // held until this worker is gone
    });
  });
}
