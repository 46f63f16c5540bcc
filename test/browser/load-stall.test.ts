// A model load that makes no progress (load-watch.ts): onnxruntime-web's threaded start has been seen
// to hang with no error. The detector stops the worker after `loadStallMs` without progress; a stall
// after the bytes were in, on several threads, is tried once more on one thread; anything else is a
// ModelLoadError. The stalls are made by a test worker (workers/load-stall-hook.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { createDetector, defaultWorkerFactory, ModelLoadError, WorkerCrashedError, type Detector } from '../../src/index.js';
import { constantOutputModel } from '../helpers/onnx-builder.js';

const detectors: Detector[] = [];
afterAll(() => detectors.forEach((d) => d.dispose()));

/** A factory for the stalling worker in `mode`, counting the workers it made. */
function stallingWorkers(mode: string) {
  const made: Worker[] = [];
  const createWorker = () => {
    const worker = new Worker(new URL('./workers/stalling-load.worker.ts', import.meta.url), { type: 'module', name: mode });
    made.push(worker);
    return worker;
  };
  return { made, createWorker };
}

const tiny = () => constantOutputModel(32, [{ name: 'out', dims: [1, 1, 6], data: new Float32Array([1, 1, 9, 9, 0.9, 0]) }]);

describe('a model load that stalls', () => {
  it('on several threads is stopped after loadStallMs and tried once more on one thread, which says why; frames then run', async () => {
    const { made, createWorker } = stallingWorkers('stall-threaded-load');
    const t0 = performance.now();
    const d = await createDetector({ model: tiny(), backend: 'wasm', createWorker, loadStallMs: 1500 });
    detectors.push(d);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(made).toHaveLength(2);
    expect(d.info.threads).toBe(1);
    expect(d.info.fallbackReason).toMatch(/made no progress for 1\.5 s while loading, so it runs on one thread/);
    const result = await d.detect(new ImageData(32, 32));
    expect(result.detections.count).toBe(1);
  });

  it('on one thread too is a ModelLoadError that says so', async () => {
    const { made, createWorker } = stallingWorkers('stall-every-load');
    const error = await createDetector({ model: tiny(), backend: 'wasm', createWorker, loadStallMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/no progress for 1 s \(onnxruntime-web did not finish starting or creating its session\).*then on one thread too/);
    expect(made).toHaveLength(2);
  });

  it('is not tried again when the page asked for one thread', async () => {
    const { made, createWorker } = stallingWorkers('stall-every-load');
    const error = await createDetector({ model: tiny(), backend: 'wasm', numThreads: 1, createWorker, loadStallMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/no progress for 1 s \(onnxruntime-web/);
    expect(made).toHaveLength(1);
  });

  it('with a worker that never gave a sign of life is a WorkerCrashedError, not a stalled download', async () => {
    // terminated before it could run a line (as a worker killed at start-up): no error event, no liveness lock
    const createWorker = () => {
      const worker = defaultWorkerFactory();
      worker.terminate();
      return worker;
    };
    const error = await createDetector({ model: '/some/model.onnx', backend: 'wasm', createWorker, loadStallMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).message).toMatch(/gave no sign of life within 1 s of starting/);
    // a working worker on the same page still loads
    const d = await createDetector({ model: tiny(), backend: 'wasm', loadStallMs: 1000 });
    detectors.push(d);
    expect((await d.detect(new ImageData(32, 32))).detections.count).toBe(1);
  });

  it('in its download is a ModelLoadError about the download, not tried again', async () => {
    const { made, createWorker } = stallingWorkers('stall-download');
    const progress: number[] = [];
    const error = await createDetector({
      model: '/stalled/model.onnx',
      backend: 'wasm',
      createWorker,
      loadStallMs: 1000,
      onProgress: (p) => progress.push(p.done),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/no progress for 1 s \(the download stopped sending data\)/);
    expect(progress).toEqual([16]);
    expect(made).toHaveLength(1);
  });

  it('is not a download that keeps progressing slowly: 2 s of parts 250 ms apart load under a 1 s limit', async () => {
    const { made, createWorker } = stallingWorkers('slow-download');
    const progress: number[] = [];
    const d = await createDetector({ backend: 'wasm', createWorker, loadStallMs: 1000, onProgress: (p) => progress.push(p.done) });
    detectors.push(d);
    expect(made).toHaveLength(1);
    expect(progress).toHaveLength(8);
    expect(d.info.fallbackReason ?? '').not.toMatch(/one thread/);
    expect(d.info.threads).toBeGreaterThan(1);
  });
});
