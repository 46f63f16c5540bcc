// <yolo-detector> never leaves a call pending (issue 16): dispose() during a call or a load, calls after
// dispose(), removal and re-insertion, ten model swaps in a row; and the error box clears after any
// good frame, whatever the error was.
import { afterEach, describe, expect, it } from '../../../test/wtr/vitest-compat.js';
import '../../define.js';
import type { FrameResult } from '../../index.js';
import { brightFrameFailureModel } from '../../../test/helpers/failing-model.js';
import type { YoloDetectorElement } from './yolo-detector.js';
import { fixedModelUrl, nextEvent, solidCanvas } from '../test-support.js';

const ONE_BOX = [[32, 32, 32, 32, 0.9, 0.1, 0.8]];

const created: HTMLElement[] = [];
afterEach(() => {
  for (const el of created.splice(0)) el.remove();
});

/** A connected element with a slotted 64x64 canvas, its model loaded. */
async function ready(model = fixedModelUrl(ONE_BOX)): Promise<YoloDetectorElement> {
  const host = document.createElement('div');
  host.innerHTML = '<yolo-detector backend="wasm"></yolo-detector>';
  document.body.append(host);
  created.push(host);
  const el = host.querySelector('yolo-detector')!;
  el.append(solidCanvas(64, 64, '#000'));
  const loaded = nextEvent(el, 'yolo-ready');
  el.model = model;
  await loaded;
  return el;
}

/** The error a promise rejects with, or null if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error | null> {
  return promise.then(
    () => null,
    (error: Error) => error,
  );
}

const errorBox = (el: YoloDetectorElement) => el.shadowRoot!.querySelector('[part="error"]')?.textContent ?? null;

/** The element's current worker (test-only access to privates). */
function workerOf(el: YoloDetectorElement): Worker {
  const inner = el as unknown as { detector: { bridge: { live: { worker: Worker } | null } } };
  return inner.detector.bridge.live!.worker;
}

describe('<yolo-detector> calls always settle', () => {
  it('a detect() in flight when dispose() runs rejects with AbortError', async () => {
    const el = await ready();
    const call = rejection(el.detect());
    el.dispose();
    expect((await call)?.name).toBe('AbortError');
  });

  it('a detect() in flight when the element is removed settles', async () => {
    const el = await ready();
    const call = el.detect().then(
      (r) => r.detections.count,
      (e: Error) => e.name,
    );
    el.parentElement!.remove();
    expect([1, 'AbortError']).toContain(await call);
  });

  it('detect() and processVideo() after dispose() reject with an InputError saying so', async () => {
    const el = await ready();
    el.dispose();
    const detect = await rejection(el.detect());
    expect(detect?.name).toBe('InputError');
    expect(detect?.message).toMatch(/disposed/);
    const video = await rejection(el.processVideo(new Blob(['x'])));
    expect(video?.name).toBe('InputError');
  });

  it('a detect() waiting for the model rejects with AbortError when dispose() runs', async () => {
    const el = document.createElement('yolo-detector');
    el.backend = 'wasm';
    el.model = fixedModelUrl(ONE_BOX);
    el.append(solidCanvas(64, 64));
    document.body.append(el);
    created.push(el);
    await el.updateComplete;
    const call = rejection(el.detect());
    el.dispose();
    expect((await call)?.name).toBe('AbortError');
  });

  it('removed and added again, it reloads and detects on its slotted canvas; a new model too', async () => {
    const el = await ready();
    const host = el.parentElement!;
    host.remove();
    await new Promise((r) => setTimeout(r, 50)); // removal frees the model after a task
    const reloaded = nextEvent(el, 'yolo-ready');
    document.body.append(host);
    await reloaded;
    expect((await el.detect()).detections.count).toBe(1);
    const swapped = nextEvent(el, 'yolo-ready');
    el.model = fixedModelUrl([[20, 20, 10, 10, 0.9, 0.9, 0.1]]);
    await swapped;
    const result = await el.detect();
    expect(result.detections.count).toBe(1);
    expect(Array.from(result.detections.boxes)).toEqual([15, 15, 25, 25]);
  });

  it('after dispose() while connected, setting `model` loads again', async () => {
    const el = await ready();
    el.dispose();
    const loaded = nextEvent(el, 'yolo-ready');
    el.model = fixedModelUrl([[20, 20, 10, 10, 0.9, 0.9, 0.1]]);
    await loaded;
    expect((await el.detect()).detections.count).toBe(1);
  });

  it('every call settles while the model is swapped ten times in a row, and the last model is the one used', async () => {
    const el = await ready();
    const calls: Promise<unknown>[] = [];
    const t0 = performance.now();
    const models = Array.from({ length: 10 }, (_, i) => fixedModelUrl([[10 + i, 32, 8, 8, 0.9, 0.9, 0.1]]));
    for (const model of models) {
      el.model = model;
      await el.updateComplete;
      calls.push(el.detect().catch((e: Error) => e.name));
    }
    const outcomes = await Promise.all(calls);
    console.log(`[settle] 10 detect() calls across 10 model swaps settled in ${(performance.now() - t0).toFixed(0)} ms`);
    for (const o of outcomes) expect(typeof o === 'string' ? o : 'result').toMatch(/^(result|AbortError)$/);
    // the last swap wins: once its load is done, frames run on it (x1 = cx 19 - w/2 = 15)
    let last: FrameResult = await el.detect();
    while (last.detections.boxes[0] !== 15) {
      await new Promise((r) => setTimeout(r, 100));
      last = await el.detect();
    }
    expect(el.model).toBe(models[9]);
  });
});

describe('<yolo-detector> error box', () => {
  it('clears after a good frame following a VideoDecodeError', async () => {
    const el = await ready();
    expect(await rejection(el.processVideo(new File(['not a video'], 'notes.txt')))).toMatchObject({ name: 'VideoDecodeError' });
    await el.updateComplete;
    expect(errorBox(el)).toMatch(/^VideoDecodeError/);
    await el.detect();
    await el.updateComplete;
    expect(errorBox(el)).toBeNull();
  });

  it('clears after a good frame following a WorkerCrashedError (the worker terminated mid-call)', async () => {
    const el = await ready();
    const worker = workerOf(el);
    const post = worker.postMessage.bind(worker) as (message: unknown, transfer: Transferable[]) => void;
    worker.postMessage = (message: unknown, transfer?: Transferable[] | StructuredSerializeOptions) => {
      post(message, (transfer ?? []) as Transferable[]);
      if ((message as { path?: string[] })?.path?.[0] === 'detect') worker.terminate(); // dies with the call in flight
    };
    expect((await rejection(el.detect()))?.name).toBe('WorkerCrashedError');
    await el.updateComplete;
    expect(errorBox(el)).toMatch(/^WorkerCrashedError/);
    expect((await el.detect()).detections.count).toBe(1); // a fresh worker, the model reloaded
    await el.updateComplete;
    expect(errorBox(el)).toBeNull();
  });

  it('clears after a good frame following a runtime failure of the model', async () => {
    const el = await ready(URL.createObjectURL(new Blob([brightFrameFailureModel(64, ONE_BOX[0]) as BlobPart])));
    expect((await rejection(el.detect(solidCanvas(64, 64, '#fff'))))?.name).toBe('UnsupportedModelError');
    await el.updateComplete;
    expect(errorBox(el)).toMatch(/^UnsupportedModelError: onnxruntime/);
    expect((await el.detect()).detections.count).toBe(1); // the slotted black canvas
    await el.updateComplete;
    expect(errorBox(el)).toBeNull();
  });
});
