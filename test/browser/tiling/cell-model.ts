// A tiny real detector for the tiling tests, in the yolov8 layout: every cell of a C px grid over the
// S x S input is a candidate box (the cell itself) whose score is the brightest pixel in the cell
// (mean of R, G, B, 0..1) times (1 − 0.01·B), B being the batch size of the run. So a white square on
// black is found as exactly the cells it touches, and the scores tell whether tiles ran as a batch.
// Input [batch, 3, S, S] (batch symbolic when `dynamicBatch`), output [batch, 5, (S/C)²].
import { buildOnnx, FLOAT, INT64, type NodeSpec, type TensorSpec } from '../../helpers/onnx-builder.js';

/** Score of a white cell in a run of `batch` tiles. */
export const cellScore = (batch: number) => Math.fround(1 * Math.fround(1 - Math.fround(0.01 * batch)));

/** The ONNX bytes of the cell model. */
export function cellModel(size: number, cell: number, dynamicBatch: boolean): Uint8Array {
  const g = size / cell;
  const n = g * g;
  const boxes = new Float32Array(4 * n); // channel-major: cx row, cy row, w row, h row
  for (let i = 0; i < n; i++) {
    boxes[i] = (i % g) * cell + cell / 2;
    boxes[n + i] = Math.floor(i / g) * cell + cell / 2;
    boxes[2 * n + i] = cell;
    boxes[3 * n + i] = cell;
  }
  const initializers: TensorSpec[] = [
    { name: 'boxes', dims: [1, 4, n], type: FLOAT, data: boxes },
    { name: 'flat', dims: [3], type: INT64, data: new BigInt64Array([0n, 1n, -1n]) },
    { name: 'zero_i', dims: [], type: INT64, data: new BigInt64Array([0n]) },
    { name: 'one', dims: [], type: FLOAT, data: new Float32Array([1]) },
    { name: 'hundredth', dims: [], type: FLOAT, data: new Float32Array([0.01]) },
    { name: 'nothing', dims: [], type: FLOAT, data: new Float32Array([0]) },
  ];
  const nodes: NodeSpec[] = [
    { op: 'ReduceMean', inputs: ['images'], outputs: ['gray'], attributes: { axes: [1], keepdims: 1 } },
    { op: 'MaxPool', inputs: ['gray'], outputs: ['pooled'], attributes: { kernel_shape: [cell, cell], strides: [cell, cell] } },
    { op: 'Reshape', inputs: ['pooled', 'flat'], outputs: ['bright'] }, // [B, 1, N]
    { op: 'Shape', inputs: ['images'], outputs: ['shape'] },
    { op: 'Gather', inputs: ['shape', 'zero_i'], outputs: ['batch_i'], attributes: { axis: 0 } },
    { op: 'Cast', inputs: ['batch_i'], outputs: ['batch'], attributes: { to: FLOAT } },
    { op: 'Mul', inputs: ['batch', 'hundredth'], outputs: ['penalty'] },
    { op: 'Sub', inputs: ['one', 'penalty'], outputs: ['factor'] },
    { op: 'Mul', inputs: ['bright', 'factor'], outputs: ['scores'] },
    // the constant boxes, broadcast over the batch: boxes + 0·scores' batch-shaped mean
    { op: 'ReduceMean', inputs: ['scores'], outputs: ['per_item'], attributes: { axes: [1, 2], keepdims: 1 } },
    { op: 'Mul', inputs: ['per_item', 'nothing'], outputs: ['zeros'] },
    { op: 'Add', inputs: ['boxes', 'zeros'], outputs: ['batch_boxes'] },
    { op: 'Concat', inputs: ['batch_boxes', 'scores'], outputs: ['out'], attributes: { axis: 1 } },
  ];
  const batch = dynamicBatch ? 'batch' : 1;
  return buildOnnx({
    inputs: [{ name: 'images', type: FLOAT, dims: [batch, 3, size, size] }],
    outputs: [{ name: 'out', type: FLOAT, dims: [batch, 5, n] }],
    nodes,
    initializers,
    metadata: { names: "{0: 'square'}" },
  });
}
