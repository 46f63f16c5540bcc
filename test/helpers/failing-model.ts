// A model that runs on dark frames and fails inside onnxruntime on bright ones: a side length grows with
// the image's mean (1 when the mean is at most `threshold`, 500001 for a white frame at 0.5) and a
// tensor is expanded to side x side, whose byte size overflows onnxruntime's size arithmetic (issue 16's
// "expands to 40000x40000"). Its output is a fixed YOLOv5 row, so dark frames give one detection.
import { buildOnnx, FLOAT, INT64, type NodeSpec, type TensorSpec } from './onnx-builder.js';

/** ONNX bytes of a `size`-px model whose run fails on frames whose mean (0..1) is above `threshold`. */
export function brightFrameFailureModel(size: number, row: number[], threshold = 0.5): Uint8Array {
  const scalar = (name: string, value: number): TensorSpec => ({ name, dims: [], type: FLOAT, data: new Float32Array([value]) });
  const nodes: NodeSpec[] = [
    { op: 'ReduceMean', inputs: ['images'], outputs: ['mean'], attributes: { keepdims: 0 } },
    { op: 'Sub', inputs: ['mean', 'half'], outputs: ['centred'] },
    { op: 'Relu', inputs: ['centred'], outputs: ['bright'] },
    { op: 'Mul', inputs: ['bright', 'big'], outputs: ['grown'] },
    { op: 'Add', inputs: ['grown', 'one'], outputs: ['side'] },
    { op: 'Reshape', inputs: ['side', 'one_dim'], outputs: ['side_v'] },
    { op: 'Concat', inputs: ['side_v', 'side_v'], outputs: ['shape_f'], attributes: { axis: 0 } },
    { op: 'Cast', inputs: ['shape_f'], outputs: ['shape'], attributes: { to: INT64 } },
    { op: 'Expand', inputs: ['zero', 'shape'], outputs: ['plane'] },
    { op: 'ReduceSum', inputs: ['plane'], outputs: ['total'], attributes: { keepdims: 0 } },
    { op: 'Mul', inputs: ['total', 'zero'], outputs: ['nothing'] },
    { op: 'Add', inputs: ['nothing', 'row'], outputs: ['output0'] },
  ];
  return buildOnnx({
    inputs: [{ name: 'images', type: FLOAT, dims: [1, 3, size, size] }],
    outputs: [{ name: 'output0', type: FLOAT, dims: [1, 1, row.length] }],
    nodes,
    initializers: [
      scalar('half', threshold),
      scalar('big', 1_000_000),
      scalar('one', 1),
      scalar('zero', 0),
      { name: 'one_dim', dims: [1], type: INT64, data: new BigInt64Array([1n]) },
      { name: 'row', dims: [1, 1, row.length], type: FLOAT, data: new Float32Array(row) },
    ],
  });
}
