// <yolo-detector> in real Chromium: attributes, events, overlay pixels, escaping, errors, model swaps.
import { afterEach, describe, expect, it, vi } from '../../../test/wtr/vitest-compat.js';
import '../../define.js';
import type { FrameResult, ModelInfo } from '../../index.js';
import type { YoloDetectorElement } from './yolo-detector.js';
import { fixedModelUrl, nextEvent, paintedVideo, solidCanvas } from '../test-support.js';

// one box: centre (32, 32), 32 x 32 → [16, 16, 48, 48] in the 64-px input; score 0.9 · 0.8, class 1
const ONE_BOX = [[32, 32, 32, 32, 0.9, 0.1, 0.8]];

const created: HTMLElement[] = [];
afterEach(() => {
  for (const el of created.splice(0)) el.remove();
});

function mount(html: string): YoloDetectorElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  created.push(host);
  return host.querySelector('yolo-detector')!;
}

describe('<yolo-detector>', () => {
  it('reflects attributes to properties and back', async () => {
    const el = mount('<yolo-detector score-threshold="0.4" iou-threshold="0.5" max-detections="7" labels="a,b" paused show-perf backend="wasm"></yolo-detector>');
    el.model = fixedModelUrl(ONE_BOX);
    expect(el.scoreThreshold).toBe(0.4);
    expect(el.iouThreshold).toBe(0.5);
    expect(el.maxDetections).toBe(7);
    expect(el.labels).toBe('a,b');
    expect(el.paused).toBe(true);
    expect(el.showPerf).toBe(true);
    expect(el.backend).toBe('wasm');
    expect(el.camera).toBe(false);
    el.scoreThreshold = 0.6;
    el.paused = false;
    el.showPerf = false;
    el.labels = 'x';
    await el.updateComplete;
    expect(el.getAttribute('score-threshold')).toBe('0.6');
    expect(el.hasAttribute('paused')).toBe(false);
    expect(el.hasAttribute('show-perf')).toBe(false);
    expect(el.getAttribute('labels')).toBe('x');
    expect(el.getAttribute('model')).toBe(el.model);
  });

  it('emits yolo-ready before yolo-detections, with the contract details', async () => {
    const order: string[] = [];
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    const events: { ready?: ModelInfo; detections?: FrameResult } = {};
    el.addEventListener('yolo-ready', (e) => {
      order.push('ready');
      events.ready = e.detail;
    });
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    el.addEventListener('yolo-detections', () => order.push('detections'));
    el.append(solidCanvas(64, 64));
    el.model = fixedModelUrl(ONE_BOX, "{0: 'zero', 1: 'one'}");
    const result = (await detected).detail;
    expect(order[0]).toBe('ready');
    expect(events.ready?.layout).toBe('yolov5');
    expect(events.ready?.labels).toEqual(['zero', 'one']);
    expect(result.detections.count).toBe(1);
    expect(Array.from(result.detections.boxes)).toEqual([16, 16, 48, 48]);
    expect(result.labels[result.detections.classes[0]]).toBe('one');
    expect(result.timings.totalMs).toBeGreaterThan(0);
  });

  it('draws box pixels on the overlay where the detection is, in displayed geometry', async () => {
    const el = mount('<yolo-detector backend="wasm" style="--yolo-box-width: 4px; --yolo-colors: rgb(255, 0, 0)"></yolo-detector>');
    const canvas = solidCanvas(64, 64);
    canvas.style.width = '128px'; // displayed at 2x: the box [16,48] lands on [32,96] CSS px
    el.append(canvas);
    const detected = nextEvent(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX);
    await detected;
    const overlay = el.shadowRoot!.querySelector('canvas.overlay') as HTMLCanvasElement;
    const dpr = devicePixelRatio;
    const ctx = overlay.getContext('2d')!;
    const alpha = (x: number, y: number) => ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
    expect(alpha(96, 64)[3]).toBeGreaterThan(200); // right edge, vertical middle: red stroke
    expect(alpha(96, 64)[0]).toBeGreaterThan(200);
    expect(alpha(64, 64)[3]).toBe(0); // centre of the box: nothing drawn
    expect(alpha(10, 120)[3]).toBe(0); // outside the box
  });

  it('draws label names as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.append(solidCanvas(64, 64));
    el.labels = `${evil},${evil}`;
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX, `{0: '${evil}', 1: '${evil}'}`);
    const result = (await detected).detail;
    expect(result.labels[1]).toBe(evil);
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows a typed, readable error for a model that cannot load', async () => {
    const el = mount('<yolo-detector backend="wasm" model="/does/not/exist.onnx"></yolo-detector>');
    const error = (await nextEvent<{ name: string; message: string }>(el, 'yolo-error')).detail;
    expect(error.name).toBe('ModelLoadError');
    await el.updateComplete;
    const shown = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(shown.textContent).toContain('ModelLoadError');
    expect(shown.getAttribute('role')).toBe('alert');
    await expect(el.detect(solidCanvas(8, 8))).rejects.toThrow(/could not load|404|HTML/i);
  });

  it('shows "Loading model" on one line below nothing when it has no media (not squeezed over the page above)', async () => {
    const el = mount('<p style="margin:0">above</p><yolo-detector backend="wasm"></yolo-detector>');
    const ready = nextEvent(el, 'yolo-ready');
    el.model = fixedModelUrl(ONE_BOX);
    await el.updateComplete;
    await el.updateComplete; // loading starts in the first update; the worker takes far longer to load
    const status = el.shadowRoot!.querySelector('[part="status"]') as HTMLElement;
    expect(status.textContent).toContain('Loading model');
    const box = status.getBoundingClientRect();
    const above = el.parentElement!.querySelector('p')!.getBoundingClientRect();
    expect(box.top).toBeGreaterThanOrEqual(above.bottom); // under the paragraph, not laid over it
    expect(box.height).toBeLessThan(30); // one line of 13 px text, not a letter per line
    expect(box.width).toBeGreaterThan(80);
    await ready;
  });

  it('reports an image that is not loadable as an InputError and keeps working', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.model = fixedModelUrl(ONE_BOX);
    await nextEvent(el, 'yolo-ready');
    const errors: string[] = [];
    el.addEventListener('yolo-error', (e) => errors.push(e.detail.name));
    await expect(el.detect(solidCanvas(0, 0))).rejects.toMatchObject({ name: 'InputError' });
    expect(errors).toEqual(['InputError']);
    const ok = await el.detect(solidCanvas(64, 64));
    expect(ok.detections.count).toBe(1);
  });

  it('starts a perf segment per photo, also for photos opened from files (blob: URLs), named by data-name', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.model = fixedModelUrl(ONE_BOX);
    await nextEvent(el, 'yolo-ready');
    const photoUrl = async (color: string) => {
      const blob = await new Promise<Blob>((resolve) => solidCanvas(64, 64, color).toBlob((b) => resolve(b!), 'image/png'));
      return URL.createObjectURL(blob);
    };
    const show = async (src: string, name?: string) => {
      const img = document.createElement('img');
      if (name) img.dataset.name = name;
      const detected = nextEvent(el, 'yolo-detections');
      img.src = src;
      el.replaceChildren(img);
      await detected;
    };
    const urls = [await photoUrl('#333'), await photoUrl('#555'), await photoUrl('#777')];
    await show(urls[0]);
    await show(urls[1]);
    await show(urls[2], 'holiday.png');
    const media = el.perf.segments.list.filter((s) => s.frames > 0).map((s) => s.media);
    expect(media).toEqual(['image', 'image', 'holiday.png']);
    urls.forEach((url) => URL.revokeObjectURL(url));
  });

  it('swaps models without leaking workers', async () => {
    const live = new Set<Worker>();
    const OriginalWorker = window.Worker;
    class CountingWorker extends OriginalWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        live.add(this);
      }
      override terminate(): void {
        live.delete(this);
        super.terminate();
      }
    }
    vi.stubGlobal('Worker', CountingWorker);
    try {
      const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
      el.append(solidCanvas(64, 64));
      for (const score of [0.9, 0.8, 0.7]) {
        const ready = nextEvent<ModelInfo>(el, 'yolo-ready');
        el.model = fixedModelUrl([[32, 32, 32, 32, score, 1, 0]]);
        await ready;
      }
      expect(live.size).toBe(1);
      const detected = await el.detect();
      expect(detected.detections.scores[0]).toBeCloseTo(0.7, 5);
      el.dispose();
      expect(live.size).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('applies a new threshold to the next frame (a still image is run again)', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.append(solidCanvas(64, 64));
    const first = nextEvent<FrameResult>(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX); // score 0.72
    expect((await first).detail.detections.count).toBe(1);
    const second = nextEvent<FrameResult>(el, 'yolo-detections');
    el.scoreThreshold = 0.8;
    expect((await second).detail.detections.count).toBe(0);
  });

  it('shows the perf panel with non-zero stage times', async () => {
    const el = mount('<yolo-detector backend="wasm" show-perf></yolo-detector>');
    el.append(solidCanvas(64, 64));
    const detected = nextEvent(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX);
    await detected;
    await el.detect();
    const panel = el.shadowRoot!.querySelector('yolo-perf-panel')!;
    await vi.waitFor(() => {
      const rows = [...panel.shadowRoot!.querySelectorAll('.stages tbody tr')];
      expect(rows.length).toBe(5);
      for (const row of rows) {
        const [last, p50, p95] = [...row.querySelectorAll('td')].map((td) => Number(td.textContent));
        expect(last, row.textContent!).toBeGreaterThan(0);
        expect(p50).toBeGreaterThan(0);
        expect(p95).toBeGreaterThanOrEqual(p50);
      }
    });
    expect(panel.shadowRoot!.querySelector('header')!.textContent).toContain('yolov5');
  });

  it('takes media from the source property and shows it', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.model = fixedModelUrl(ONE_BOX);
    await nextEvent(el, 'yolo-ready');
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    const blob = await new Promise<Blob>((resolve) => solidCanvas(64, 64, '#0f0').toBlob((b) => resolve(b!)));
    el.source = blob;
    expect((await detected).detail.detections.count).toBe(1);
    const shown = el.shadowRoot!.querySelector('canvas.media') as HTMLCanvasElement;
    expect([shown.width, shown.height]).toEqual([64, 64]);
    expect(Array.from(shown.getContext('2d')!.getImageData(5, 5, 1, 1).data)).toEqual([0, 255, 0, 255]);
  });

  it('reports a missing or denied camera as a readable InputError', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.model = fixedModelUrl(ONE_BOX);
    const error = nextEvent<{ name: string; message: string }>(el, 'yolo-error');
    el.camera = true;
    const detail = (await error).detail;
    expect(detail.name).toBe('InputError');
    expect(detail.message).toMatch(/camera/i);
    // the attribute tells the truth: no camera is on, and setting it again tries again (issue 14, bug 3)
    await el.updateComplete;
    expect(el.camera).toBe(false);
    expect(el.hasAttribute('camera')).toBe(false);
    const again = nextEvent<{ name: string; message: string }>(el, 'yolo-error');
    el.camera = true;
    expect((await again).detail.message).toMatch(/camera/i);
  });

  it('after a failed model load, says which model is still in use and keeps the message off the picture (issue 14, bug 2)', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    const canvas = solidCanvas(64, 64);
    canvas.style.width = '128px';
    el.append(canvas);
    const ready = nextEvent<ModelInfo>(el, 'yolo-ready');
    el.model = `${fixedModelUrl(ONE_BOX)}#good-model.onnx`;
    await ready;
    const failed = nextEvent<{ name: string; message: string }>(el, 'yolo-error');
    el.model = '/does/not/exist.onnx';
    expect((await failed).detail.name).toBe('ModelLoadError');
    await el.updateComplete;
    expect(el.info?.name).toBe('good-model.onnx');
    const shown = el.shadowRoot!.querySelector('[part="error"]') as HTMLElement;
    expect(shown.getAttribute('role')).toBe('alert');
    expect(shown.textContent).toMatch(/ModelLoadError.*Still using good-model\.onnx/s);
    const media = canvas.getBoundingClientRect();
    const box = shown.getBoundingClientRect();
    const overlaps = box.left < media.right && box.right > media.left && box.top < media.bottom && box.bottom > media.top;
    expect(overlaps, `error box ${JSON.stringify(box)} over the media ${JSON.stringify(media)}`).toBe(false);
    // the old model still detects, and the message can be dismissed
    expect((await el.detect()).detections.count).toBe(1);
    (shown.querySelector('button.dismiss') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
  });

  it('uses the shipped model when no model is given', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    const ready = nextEvent<ModelInfo>(el, 'yolo-ready');
    const failed = nextEvent<{ name: string; message: string }>(el, 'yolo-error').then((e) => {
      throw new Error(`${e.detail.name}: ${e.detail.message}`);
    });
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    const img = document.createElement('img');
    img.src = '/samples/lights-1.jpg';
    el.append(img);
    const info = (await Promise.race([ready, failed])).detail;
    expect(info.name).toBe('wrgb-416.onnx');
    expect(info.labels).toEqual(['w', 'r', 'g', 'b']);
    const result = (await detected).detail;
    expect(result.detections.count).toBeGreaterThan(20); // lights-1.jpg has 53 labelled lights
  });

  it('follows a <video> frame by frame and pauses when asked', async () => {
    const { video, stop } = paintedVideo(25);
    try {
      const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
      el.append(video);
      await video.play();
      let frames = 0;
      el.addEventListener('yolo-detections', () => frames++);
      el.model = fixedModelUrl(ONE_BOX);
      await vi.waitFor(() => expect(frames).toBeGreaterThan(3), { timeout: 20_000 });
      el.paused = true;
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const atPause = frames;
      await new Promise((r) => setTimeout(r, 400)); // a pause must hold over time: wait some frames
      expect(frames - atPause).toBeLessThanOrEqual(el.framesInFlight); // at most the frames already in flight (issue 15: 2, pipelined)
      el.paused = false;
      await vi.waitFor(() => expect(frames).toBeGreaterThan(atPause + 2), { timeout: 20_000 });
      expect(el.perf.entries.length).toBeGreaterThan(3);
    } finally {
      stop();
    }
  });

  it('labels: drawn in auto mode, none with label-mode="none", and a class filter hides boxes (issue 14)', async () => {
    const el = mount('<yolo-detector backend="wasm" style="--yolo-colors: rgb(255, 0, 0)"></yolo-detector>');
    const canvas = solidCanvas(64, 64);
    canvas.style.width = '128px'; // the box lands on [32, 96] CSS px; its label sits above y = 32
    el.append(canvas);
    const detected = nextEvent(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX, "{0: 'zero', 1: 'one'}");
    await detected;
    const overlay = el.shadowRoot!.querySelector('canvas.overlay') as HTMLCanvasElement;
    const alphaAt = (x: number, y: number) => overlay.getContext('2d')!.getImageData(Math.round(x * devicePixelRatio), Math.round(y * devicePixelRatio), 1, 1).data[3];
    /** Opaque pixels in the strip above the box, where its label goes. */
    const labelPixels = () => {
      let n = 0;
      for (let x = 34; x < 60; x += 2) for (let y = 22; y < 30; y += 2) if (alphaAt(x, y) > 0) n++;
      return n;
    };
    expect(labelPixels()).toBeGreaterThan(10);
    el.labelMode = 'none';
    await el.updateComplete;
    expect(labelPixels()).toBe(0);
    expect(alphaAt(96, 64)).toBeGreaterThan(200); // the box is still there
    el.labelMode = 'auto';
    el.showClasses = 'zero'; // the box is class 'one'
    await el.updateComplete;
    expect(alphaAt(96, 64)).toBe(0);
    expect(labelPixels()).toBe(0);
    el.showClasses = 'one';
    await el.updateComplete;
    expect(alphaAt(96, 64)).toBeGreaterThan(200);
  });

  it('offers a text alternative: a polite live summary and a list of detections (issue 14)', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    el.append(solidCanvas(64, 64));
    const detected = nextEvent(el, 'yolo-detections');
    el.model = fixedModelUrl(ONE_BOX, "{0: 'zero', 1: 'one'}");
    await detected;
    await el.updateComplete;
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('1 detection: 1 one.');
    const items = [...el.shadowRoot!.querySelectorAll('[part="detection-list"] li')].map((li) => li.textContent);
    expect(items).toEqual(['one 72%, x 16 to 48, y 16 to 48 px']);
    // visually hidden, yet in the accessibility tree (not display: none)
    const list = el.shadowRoot!.querySelector('[part="detection-list"]') as HTMLElement;
    expect(getComputedStyle(list).display).not.toBe('none');
    expect(list.getBoundingClientRect().width).toBeLessThanOrEqual(1);
    el.showClasses = 'zero';
    await el.updateComplete;
    expect(live.textContent).toBe('No detections.');
  });
});

describe('<yolo-detector> when its media changes (issue 15 walk-through)', () => {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const pngBlob = (canvas: HTMLCanvasElement) => new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!)));

  async function readyElement(html = '<yolo-detector backend="wasm"></yolo-detector>'): Promise<YoloDetectorElement> {
    const el = mount(html);
    const ready = nextEvent(el, 'yolo-ready');
    el.model = fixedModelUrl(ONE_BOX);
    await ready;
    return el;
  }

  it('a source set while a larger one is still decoding wins: the older one is neither drawn nor reported', async () => {
    const el = await readyElement();
    const big = solidCanvas(4000, 3000, '#f00');
    const noise = big.getContext('2d')!.createImageData(4000, 3000);
    crypto.getRandomValues(noise.data.subarray(0, 65536)); // enough that it does not compress to nothing
    big.getContext('2d')!.putImageData(noise, 0, 0);
    const bigBlob = await pngBlob(big);
    const smallBlob = await pngBlob(solidCanvas(64, 64, '#0f0'));
    const sizes: number[] = [];
    el.addEventListener('yolo-detections', () => sizes.push((el.shadowRoot!.querySelector('canvas.media') as HTMLCanvasElement).width));
    el.source = bigBlob;
    await el.updateComplete;
    el.source = smallBlob;
    await nextEvent(el, 'yolo-detections');
    await pause(1500); // time for the large image to finish decoding
    const shown = el.shadowRoot!.querySelector('canvas.media') as HTMLCanvasElement;
    expect([shown.width, shown.height]).toEqual([64, 64]);
    expect(sizes.every((w) => w === 64)).toBe(true);
  });

  it('a slotted <img> whose src turns broken drops its old boxes and says which file failed', async () => {
    const el = await readyElement();
    const img = document.createElement('img');
    const detected = nextEvent<FrameResult>(el, 'yolo-detections');
    img.src = solidCanvas(64, 64).toDataURL();
    el.append(img);
    expect((await detected).detail.detections.count).toBe(1);
    const failed = nextEvent<{ name: string; message: string }>(el, 'yolo-error');
    img.src = 'data:image/png;base64,AAAA';
    const detail = (await failed).detail;
    expect(detail.name).toBe('InputError');
    expect(detail.message).toMatch(/^The image data:image\/png;base64,AAAA could not be loaded or decoded\.$/);
    expect(el.lastDetections).toBeNull();
    await el.updateComplete;
    // the broken image gives the stage no room: the message sits below it, readable
    const box = el.shadowRoot!.querySelector('[part="error"]') as HTMLElement;
    expect(box.classList.contains('below')).toBe(true);
    expect(box.getBoundingClientRect().width).toBeGreaterThan(200);
  });

  it('a new src on the same <img> is a new picture: the old result goes before the new one comes', async () => {
    const el = await readyElement('<yolo-detector backend="wasm" track></yolo-detector>');
    const img = document.createElement('img');
    let detected = nextEvent<FrameResult>(el, 'yolo-detections');
    img.src = solidCanvas(64, 64, '#111').toDataURL();
    el.append(img);
    await detected;
    expect(el.lastDetections).not.toBeNull();
    detected = nextEvent<FrameResult>(el, 'yolo-detections');
    img.src = solidCanvas(64, 64, '#eee').toDataURL();
    await nextEvent(img, 'load');
    expect(el.lastDetections).toBeNull(); // the old picture's boxes are not drawn over the new one
    expect((await detected).detail.detections.count).toBe(1);
  });

  it('an error shown before the model is ready (a refused camera) stays when the model loads', async () => {
    const el = mount('<yolo-detector backend="wasm"></yolo-detector>');
    const failed = nextEvent(el, 'yolo-error');
    const ready = nextEvent(el, 'yolo-ready');
    el.camera = true; // this test page has no camera
    el.model = fixedModelUrl(ONE_BOX);
    await failed;
    await ready;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')?.textContent).toMatch(/camera/i);
  });

  it('after dispose(), setting `model` to the same URL loads it again', async () => {
    const el = await readyElement();
    el.dispose();
    const again = nextEvent(el, 'yolo-ready');
    el.model = el.model; // eslint-disable-line no-self-assign
    await again;
    expect((await el.detect(solidCanvas(64, 64))).detections.count).toBe(1);
  });
});
