// No call stays pending (issue 16): calls in flight when the detector is disposed, calls after dispose,
// workers that die without an error event (self.close(), terminate() from outside), and onnxruntime
// failures at run time, which arrive typed. Settle times are printed for the record, never asserted.
import { afterAll, describe, expect, it } from 'vitest';
import { createDetector, evaluate, InputError, ModelLoadError, UnsupportedModelError, WorkerCrashedError, type Dataset, type Detector } from '../../src/index.js';
import { makeClip } from './video/clips.js';
import { constantOutputModel } from '../helpers/onnx-builder.js';
import { brightFrameFailureModel } from '../helpers/failing-model.js';

const ROW = [16, 16, 8, 8, 0.9, 0.8];
const tiny = () => constantOutputModel(32, [{ name: 'out', dims: [1, 1, 6], data: new Float32Array(ROW) }]);

const detectors: Detector[] = [];
afterAll(() => detectors.forEach((d) => d.dispose()));

/** A detector on the real worker plus a hook (workers/fault-hook.ts); `workers` lists every worker it started. */
async function faultyDetector(): Promise<{ detector: Detector; workers: Worker[] }> {
  const workers: Worker[] = [];
  const createWorker = () => {
    const w = new Worker(new URL('./workers/faulty.worker.ts', import.meta.url), { type: 'module' });
    workers.push(w);
    return w;
  };
  const detector = await createDetector({ model: tiny(), backend: 'wasm', createWorker });
  detectors.push(detector);
  return { detector, workers };
}

/** How the promise settled, and how long after `since` (ms). */
async function settle(promise: Promise<unknown>, since: number): Promise<{ error: unknown; ms: number; value?: unknown }> {
  try {
    const value = await promise;
    return { error: null, value, ms: performance.now() - since };
  } catch (error) {
    return { error, ms: performance.now() - since };
  }
}

const frame = () => new ImageData(32, 32);

describe('calls settle when the detector is disposed', () => {
  it('a detect() in flight in the worker rejects with AbortError when dispose() runs', async () => {
    const { detector, workers } = await faultyDetector();
    workers[0].postMessage('stall-next-detect'); // the worker never answers this call
    const call = detector.detect(frame());
    await new Promise((r) => setTimeout(r, 50)); // let the frame reach the worker
    const t0 = performance.now();
    detector.dispose();
    const { error, ms } = await settle(call, t0);
    expect((error as Error).name).toBe('AbortError');
    console.log(`[settle] detect() in flight at dispose(): rejected after ${ms.toFixed(1)} ms`);
  });

  it('a detect() whose frame is still being captured rejects with AbortError', async () => {
    const { detector } = await faultyDetector();
    const call = detector.detect(frame());
    detector.dispose();
    const { error } = await settle(call, 0);
    expect((error as Error).name).toBe('AbortError');
  });

  it('detect() and processVideo() after dispose() reject with an InputError saying it was disposed', async () => {
    const { detector } = await faultyDetector();
    detector.dispose();
    const detect = await settle(detector.detect(frame()), 0);
    expect(detect.error).toBeInstanceOf(InputError);
    expect((detect.error as Error).message).toMatch(/disposed/);
    const video = await settle(detector.processVideo(new Blob(['x'])), 0);
    expect(video.error).toBeInstanceOf(InputError);
    expect((video.error as Error).message).toMatch(/disposed/);
  });
});

describe('a worker that dies without an error event', () => {
  it('self.close() during a call is a WorkerCrashedError, and the next call works in a fresh worker', async () => {
    const { detector, workers } = await faultyDetector();
    workers[0].postMessage('close-next-detect');
    const t0 = performance.now();
    const { error, ms } = await settle(detector.detect(frame()), t0);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).message).toMatch(/closed itself or was terminated/);
    console.log(`[settle] worker self.close() mid-call: WorkerCrashedError after ${ms.toFixed(1)} ms`);
    const again = await detector.detect(frame());
    expect(again.detections.count).toBe(1);
    expect(workers.length).toBe(2);
  });

  it('terminate() from outside during a call is a WorkerCrashedError, and later calls work', async () => {
    const { detector, workers } = await faultyDetector();
    workers[0].postMessage('stall-next-detect');
    const call = settle(detector.detect(frame()), 0);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    workers[0].terminate();
    const { error } = await call;
    expect(error).toBeInstanceOf(WorkerCrashedError);
    console.log(`[settle] worker terminated from outside mid-call: WorkerCrashedError after ${(performance.now() - t0).toFixed(1)} ms`);
    for (let i = 0; i < 3; i++) expect((await detector.detect(frame())).detections.count).toBe(1);
  });

  it('terminate() from outside between calls: every later call settles and the detector recovers', async () => {
    const { detector, workers } = await faultyDetector();
    workers[0].terminate();
    const first = await settle(detector.detect(frame()), 0);
    // the death may be noticed before this call (fresh worker: it works) or during it (WorkerCrashedError)
    if (first.error) expect(first.error).toBeInstanceOf(WorkerCrashedError);
    else expect((first.value as { detections: { count: number } }).detections.count).toBe(1);
    expect((await detector.detect(frame())).detections.count).toBe(1);
  });

  it('terminate() from outside right before processVideo(): the job runs in a fresh worker', async () => {
    const clip = await makeClip({ codec: 'avc', frames: 6 });
    const { detector, workers } = await faultyDetector();
    workers[0].terminate(); // nothing in flight: the page learns of it only a few ms later
    const result = await detector.processVideo(clip);
    expect(result.frames.length).toBe(6);
    expect(workers.length).toBe(2);
  });

  it('evaluate() rejects with AbortError when the detector is disposed while it runs', async () => {
    const { detector } = await faultyDetector();
    const canvas = new OffscreenCanvas(32, 32);
    canvas.getContext('2d')!.fillRect(0, 0, 8, 8);
    const png = await canvas.convertToBlob();
    const images = [0, 1, 2].map((i) => ({ name: `${i}.png`, file: png, labels: null })); // background images
    const dataset: Dataset = { images, names: ['thing'], issues: [], format: 'yolo', namesSource: 'test' };
    const error = await evaluate(detector, dataset, { onProgress: () => detector.dispose() }).catch((e) => e);
    expect((error as Error).name).toBe('AbortError');
    expect((error as Error).message).toMatch(/disposed during the evaluation/);
    expect(await evaluate(detector, dataset).catch((e) => e)).toBeInstanceOf(InputError);
  });
});

describe('onnxruntime failures while running are typed', () => {
  const white = () => new ImageData(new Uint8ClampedArray(32 * 32 * 4).fill(255), 32, 32);
  const black = () => new ImageData(new Uint8ClampedArray(32 * 32 * 4).map((_, i) => (i % 4 === 3 ? 255 : 0)), 32, 32);

  it('a frame the runtime cannot run is an UnsupportedModelError that says what to try; the next frame works', async () => {
    const detector = await createDetector({ model: brightFrameFailureModel(32, ROW), backend: 'wasm' });
    detectors.push(detector);
    const { error } = await settle(detector.detect(white()), 0);
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect((error as Error).message).toMatch(/^onnxruntime \(wasm\) failed while running the model on this frame: .+smaller input size/s);
    expect((await detector.detect(black())).detections.count).toBe(1); // a dark frame runs
  });

  it('a warm-up run that fails is a ModelLoadError naming the runtime', async () => {
    // the warm-up frame is mid-grey (114 / 255): a lower threshold makes it fail too
    const { error } = await settle(createDetector({ model: brightFrameFailureModel(32, ROW, 0.1), backend: 'wasm' }), 0);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/^onnxruntime \(wasm\) could not run the model's warm-up frame: /);
  });
});
