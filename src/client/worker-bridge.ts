// The main-thread side of the worker: starts it lazily, wraps it with Comlink, turns errors that
// crossed the boundary back into typed errors, and reports a dead worker as WorkerCrashedError
// (the next call starts a fresh one). No call stays pending: a worker that dies (with an error, or
// silently: see worker-liveness.ts) or is stopped on purpose rejects every call in flight.

import { releaseProxy, wrap, type Remote } from 'comlink';
import { abortError, errorFromNameAndMessage, isAbortError, WorkerCrashedError } from '../postprocess/index.js';
import type { EngineApi } from '../worker/api.js';
import { watchWorkerLiveness, type LivenessWatch } from './worker-liveness.js';

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

/** A started worker: its Comlink proxy and the calls in flight on it. */
interface LiveWorker {
  worker: Worker;
  api: Remote<EngineApi>;
  /**
   * Rejecters of the calls in flight. Each call registers its own and removes it when it settles:
   * racing every call against one long-lived promise would leave a reaction on it per call, which
   * leaked about 0.3 KB per frame for as long as the worker lived (issue 16, measured by the soak test).
   */
  calls: Set<(reason: Error) => void>;
  /** Rejects every call in flight with `reason` (WorkerCrashedError, or the reason given to `terminate()`). */
  end: (reason: Error) => void;
  liveness: LivenessWatch;
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
    const calls = new Set<(reason: Error) => void>();
    const end = (reason: Error) => {
      for (const fail of calls) fail(reason);
      calls.clear();
    };
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
    const liveness = watchWorkerLiveness(worker, () =>
      died(
        new WorkerCrashedError(
          'The detector worker stopped without an error (it closed itself or was terminated from outside). The next call starts a fresh worker.',
        ),
      ),
    );
    this.live = { worker, api: wrap<EngineApi>(worker), calls, end, liveness };
    this.generation++;
    return this.live;
  }

  /** False when the current worker has not yet said it started (see LivenessWatch.answered). */
  get workerAnswered(): boolean | undefined {
    return this.live ? this.live.liveness.answered() : undefined;
  }

  /**
   * Calls into the worker. Rejects with the typed error the worker threw, WorkerCrashedError if the
   * worker dies meanwhile, or AbortError when `signal` aborts (the worker's part is left to finish).
   */
  async call<T>(fn: (api: Remote<EngineApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw abortError();
    const live = this.start();
    let fail!: (reason: Error) => void;
    const stopped = new Promise<never>((_, reject) => (fail = reject)); // this call's own: collected with it
    live.calls.add(fail);
    const racers: Promise<T>[] = [fn(live.api), stopped];
    let onAbort: (() => void) | undefined;
    if (signal) {
      onAbort = () => fail(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      return await Promise.race(racers);
    } catch (error) {
      if (isAbortError(error) || error instanceof WorkerCrashedError) throw error;
      throw rehydrateError(error);
    } finally {
      live.calls.delete(fail);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Forgets the worker, rejects its calls in flight with `reason`, and terminates it. */
  private drop(reason: Error): void {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.liveness.stop();
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
