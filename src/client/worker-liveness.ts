// Notices a worker that stops without an `error` event: `self.close()` inside it, or `terminate()`
// called on it by other page code (issue 16: such a worker used to leave every later call pending).
// The worker holds a Web Lock for its whole life (src/worker/liveness.ts); once it has acknowledged
// that, we ask for the same lock, and the request is granted when the worker is gone. Only a worker
// that acknowledged is watched, so a custom worker without the handshake never looks dead. Without Web
// Locks (insecure contexts) nothing is watched, and such a death is not noticed.

import type { LivenessAck, LivenessHandshake } from '../worker/liveness.js';

/** A watch on one worker. */
export interface LivenessWatch {
  /** Stops watching (call before terminating the worker on purpose). */
  stop(): void;
  /**
   * Whether the worker has said it holds its lock (it started and runs): false until then, undefined
   * where nothing can be watched (no Web Locks).
   */
  answered(): boolean | undefined;
}

let counter = 0;

/** A lock name unique to one worker of this page (locks are shared by every page of the origin). */
function lockName(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Math.random()}`.slice(2);
  return `yolo-detector/worker/${random}/${++counter}`;
}

/**
 * Hands `worker` a liveness lock and calls `onSilentDeath` once if the worker's scope disappears.
 * Post this before any other message, so the worker reads it first.
 */
export function watchWorkerLiveness(worker: Worker, onSilentDeath: () => void): LivenessWatch {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return { stop: () => undefined, answered: () => undefined };
  let watching = true;
  let answered = false;
  const { port1, port2 } = new MessageChannel();
  const lock = lockName();
  port1.onmessage = (event: MessageEvent) => {
    if ((event.data as LivenessAck) !== 'held') return;
    answered = true;
    port1.close();
    // granted once the worker no longer holds the lock, i.e. once it is gone
    void locks.request(lock, () => {
      if (!watching) return;
      watching = false;
      onSilentDeath();
    });
  };
  const handshake: LivenessHandshake = { kind: 'yolo-detector/liveness', lock };
  worker.postMessage(handshake, [port2]);
  return {
    stop: () => {
      watching = false;
      port1.close();
    },
    answered: () => answered,
  };
}
