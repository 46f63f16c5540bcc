// The main-thread side of the worker: starts it lazily, wraps it with Comlink, turns errors that
// crossed the boundary back into typed errors, and reports a dead worker as WorkerCrashedError
// (the next call starts a fresh one).

import { releaseProxy, wrap, type Remote } from 'comlink';
import { abortError, errorFromNameAndMessage, isAbortError, WorkerCrashedError } from '../postprocess/index.js';
import type { EngineApi } from '../worker/api.js';

/** Makes the worker; the default is the bundled module worker. */
export type WorkerFactory = () => Worker;

/** The bundled detector worker (Vite turns this into an emitted chunk). */
export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/detector.worker.ts', import.meta.url), { type: 'module', name: 'yolo-detector' });

/** Rebuilds the typed error of something thrown in the worker (Comlink keeps only name and message). */
export function rehydrateError(error: unknown): Error {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)) {
    const e = error as Error;
    return errorFromNameAndMessage(e.name, e.message, error);
  }
  return new Error(String(error));
}

/** A started worker: its Comlink proxy and the promise that rejects if it dies. */
interface LiveWorker {
  worker: Worker;
  api: Remote<EngineApi>;
  crashed: Promise<never>;
}

/** Owns one worker at a time. */
export class WorkerBridge {
  private live: LiveWorker | null = null;
  /** Increments each time a fresh worker starts (a crash or the first call). */
  generation = 0;

  constructor(private readonly factory: WorkerFactory = defaultWorkerFactory) {}

  /** True when no worker is running (never started, crashed, or terminated). */
  get idle(): boolean {
    return this.live === null;
  }

  private start(): LiveWorker {
    if (this.live) return this.live;
    let worker: Worker;
    try {
      worker = this.factory();
    } catch (cause) {
      throw new WorkerCrashedError(`The detector worker could not be started (${(cause as Error).message}).`, { cause });
    }
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        const detail = event.message || 'its script failed to load or threw an uncaught error';
        reject(new WorkerCrashedError(`The detector worker crashed: ${detail}. The next call starts a fresh worker.`));
        if (this.live?.worker === worker) this.drop();
      });
      worker.addEventListener('messageerror', () => {
        reject(new WorkerCrashedError('The detector worker sent a message that could not be read.'));
      });
    });
    crashed.catch(() => undefined); // observed per call; never an unhandled rejection
    this.live = { worker, api: wrap<EngineApi>(worker), crashed };
    this.generation++;
    return this.live;
  }

  /**
   * Calls into the worker. Rejects with the typed error the worker threw, WorkerCrashedError if the
   * worker dies meanwhile, or AbortError when `signal` aborts (the worker's part is left to finish).
   */
  async call<T>(fn: (api: Remote<EngineApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError();
    const live = this.start();
    const racers: Promise<T>[] = [fn(live.api), live.crashed];
    let onAbort: (() => void) | undefined;
    if (signal) {
      racers.push(
        new Promise<never>((_, reject) => {
          onAbort = () => reject(abortError());
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    try {
      return await Promise.race(racers);
    } catch (error) {
      if (isAbortError(error) || error instanceof WorkerCrashedError) throw error;
      throw rehydrateError(error);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  private drop(): void {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.api[releaseProxy](); // release before terminate (Comlink #655)
    live.worker.terminate();
  }

  /** Stops the worker; a later call starts a new one. */
  terminate(): void {
    this.drop();
  }
}
