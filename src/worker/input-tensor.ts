// The model's input as an onnxruntime tensor over wherever the preprocessor left the frame: its own
// buffer, or the WebAssembly pixel kernel's memory (read in place: no 1.2 MB copy per frame). A tensor
// object is made only when that array changes (the kernel laid out for other sizes, or its memory
// grew), not per frame.

import type { Ort } from './ort-runtime.js';

type OrtTensor = InstanceType<Ort['Tensor']>;

/** One model's input tensor, rebound to a new array only when the data moved. */
export class InputTensor {
  private data: Float32Array | Uint16Array | null = null;
  private tensor: OrtTensor | null = null;

  constructor(
    private readonly ort: Ort,
    private readonly type: 'float32' | 'float16',
    private readonly dims: readonly number[],
  ) {}

  /** The tensor over `data` (3·H·W values of the model's input type), the same object while `data` is. */
  over(data: Float32Array | Uint16Array): OrtTensor {
    if (data !== this.data || this.tensor === null) {
      this.tensor = new this.ort.Tensor(this.type, data, this.dims);
      this.data = data;
    }
    return this.tensor;
  }
}
