// The main-thread side of the worker: starts it lazily, wraps it with Comlink, turns errors that
// crossed the boundary back into typed errors, and reports a dead worker as WorkerCrashedError
// (the next call starts a fresh one). No call stays pending: a worker that dies (with an error, or
// silently: see worker-liveness.ts) or is stopped on purpose rejects every call in flight.

import { releaseProxy, wrap, type Remote } from 'comlink';
import { abortError, errorFromNameAndMessage, isAbortError, WorkerCrashedError } from '../postprocess/index.js';
import type { EngineApi } from '../worker/api.js';
import { watchWorkerLiveness, type StopWatching } from './worker-liveness.js';

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

/** A started worker: its Comlink proxy and the promise that rejects when it dies or is stopped. */
interface LiveWorker {
  worker: Worker;
  api: Remote<EngineApi>;
  /** Rejects with WorkerCrashedError on a crash, or with the reason given to `terminate()`. */
  crashed: Promise<never>;
  /** Settles `crashed` (the first reason wins). */
  end: (reason: Error) => void;
  stopWatching: StopWatching;
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
    let end!: (reason: Error) => void;
    const crashed = new Promise<never>((_, reject) => (end = reject));
    crashed.catch(() => undefined); // observed per call; never an unhandled rejection
    const died = (reason: WorkerCrashedError) => {
      end(reason);
      if (this.live?.worker === worker) this.drop(reason);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const detail = event.message || 'its script failed to load or threw an uncaught error';
      died(new WorkerCrashedError(`The detector worker crashed: ${detail}. The next call starts a fresh worker.`));
    });
    worker.addEventListener('messageerror', () => {
      end(new WorkerCrashedError('The detector worker sent a message that could not be read.'));
    });
    const stopWatching = watchWorkerLiveness(worker, () =>
      died(
        new WorkerCrashedError(
          'The detector worker stopped without an error (it closed itself or was terminated from outside). The next call starts a fresh worker.',
        ),
      ),
    );
    this.live = { worker, api: wrap<EngineApi>(worker), crashed, end, stopWatching };
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

  /** Forgets the worker, rejects its calls in flight with `reason`, and terminates it. */
  private drop(reason: Error): void {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.stopWatching();
    live.end(reason);
    live.api[releaseProxy](); // release before terminate (Comlink #655)
    live.worker.terminate();
  }

  /**
   * Stops the worker; a later call starts a new one. Calls in flight reject with `reason` (default: an
   * AbortError, since the caller cancelled them by stopping the worker).
   */
  terminate(reason: Error = abortError('The detector worker was stopped while this call was running.')): void {
    this.drop(reason);
  }
}
