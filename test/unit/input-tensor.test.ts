// InputTensor (the worker's model input over wherever preprocessing left the frame): onnxruntime-web
// reads a tensor that lies inside the WebAssembly pixel kernel's memory (a view at an offset of a
// foreign memory) exactly as it reads a plain copy of the same values; the tensor object is kept while
// the array stays and rebuilt when the kernel is laid out again.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ort } from '../helpers/ort.js';
import { conventionForLayout } from '../../src/postprocess/index.js';
import { InputTensor } from '../../src/worker/input-tensor.js';
import type { Ort } from '../../src/worker/ort-runtime.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { WasmPixelKernel } from '../../src/worker/pixels-wasm.js';
import { placeInto, readJpeg, resizeSmooth } from '../helpers/image.js';

const MODEL = 'models/wrgb-416.onnx';

describe('InputTensor', () => {
  it('keeps one tensor per array and makes a new one when the data moves', () => {
    const binding = new InputTensor(ort as unknown as Ort, 'float32', [1, 3, 2, 2]);
    const a = new Float32Array(12);
    const b = new Float32Array(12);
    const t = binding.over(a);
    expect(binding.over(a)).toBe(t);
    expect(t.data).toBe(a); // bound, not copied
    const u = binding.over(b);
    expect(u).not.toBe(t);
    expect(u.data).toBe(b);
    expect(u.dims).toEqual([1, 3, 2, 2]);
  });

  it.runIf(existsSync(MODEL))("runs the model on the kernel's memory exactly as on a copy (a real photo)", async () => {
    const session = await ort.InferenceSession.create(readFileSync(MODEL));
    const convention = conventionForLayout('yolov5');
    const { image, placement } = placeInto(readJpeg('public/samples/lights-1.jpg'), 320, 320, convention.resize, convention.pad, resizeSmooth);
    const { x, y, width: w, height: h } = placement;
    // the placed photo's own rectangle, as the page would send it
    const rect = new Uint8Array(w * h * 4);
    for (let r = 0; r < h; r++) rect.set(image.data.subarray(((y + r) * 320 + x) * 4, ((y + r) * 320 + x + w) * 4), r * w * 4);
    const packer = new PixelPacker();
    const copy = new Float32Array(3 * 320 * 320);
    packer.packRect(rect, w, h, convention, copy, 320, 320, x, y);
    const kernel = WasmPixelKernel.create()!;
    expect(kernel.prepare(w, h, 320, 320, false, x, y, w, h)).toBe(true);
    kernel.load(rect);
    const inKernel = kernel.write(packer, convention);
    expect(inKernel.byteOffset).toBeGreaterThan(0); // a view inside the kernel's memory, after the source
    const binding = new InputTensor(ort as unknown as Ort, 'float32', [1, 3, 320, 320]);
    const name = session.inputNames[0];
    const values = async (input: InstanceType<typeof ort.Tensor>) => {
      const out = await session.run({ [name]: input });
      return session.outputNames.flatMap((n) => Array.from(out[n].data as Float32Array));
    };
    const a = await values(binding.over(inKernel));
    const b = await values(new ort.Tensor('float32', copy, [1, 3, 320, 320]));
    expect(a.length).toBe(25200 * 9); // 3 anchors x (80² + 40² + 20²) cells x 9 values
    expect(a).toEqual(b);
    await session.release();
  });
});
