// A tiny real "detector" for the video tests: it finds the bright square of the test clips. Input
// [1,3,S,S]; out [1,1,6] (end2end: x1 y1 x2 y2 score class) = a 2*R px box around the centre of mass of
// the pixels brighter than 0.5 (the letterbox pad, 114/255, is not). So each frame's box says where the
// square is, hence which frame it is, and the model costs next to nothing to run.
import { buildOnnx, FLOAT, INT64, type NodeSpec, type TensorSpec } from '../../helpers/onnx-builder.js';

/** Half the box side, in model input px. */
const R = 2;

/** The ONNX bytes of the square finder for an S x S input. */
export function squareFinderModel(size = 64): Uint8Array {
  const xs = new Float32Array(size * size);
  const ys = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      xs[y * size + x] = x + 0.5; // pixel centres
      ys[y * size + x] = y + 0.5;
    }
  }
  const scalar = (name: string, v: number): TensorSpec => ({ name, dims: [], type: FLOAT, data: new Float32Array([v]) });
  const initializers: TensorSpec[] = [
    { name: 'xs', dims: [1, 1, size, size], type: FLOAT, data: xs },
    { name: 'ys', dims: [1, 1, size, size], type: FLOAT, data: ys },
    scalar('half', 0.5),
    scalar('eps', 1e-9),
    scalar('r', R),
    { name: 'score', dims: [1, 1, 1], type: FLOAT, data: new Float32Array([0.9]) },
    { name: 'cls', dims: [1, 1, 1], type: FLOAT, data: new Float32Array([0]) },
    { name: 'shape', dims: [3], type: INT64, data: new BigInt64Array([1n, 1n, 1n]) },
  ];
  const all = { axes: [1, 2, 3], keepdims: 1 };
  const nodes: NodeSpec[] = [
    { op: 'ReduceMean', inputs: ['images'], outputs: ['gray'], attributes: { axes: [1], keepdims: 1 } },
    { op: 'Sub', inputs: ['gray', 'half'], outputs: ['centred'] },
    { op: 'Relu', inputs: ['centred'], outputs: ['w'] },
    { op: 'Mul', inputs: ['w', 'xs'], outputs: ['wx'] },
    { op: 'Mul', inputs: ['w', 'ys'], outputs: ['wy'] },
    { op: 'ReduceMean', inputs: ['wx'], outputs: ['mx'], attributes: all },
    { op: 'ReduceMean', inputs: ['wy'], outputs: ['my'], attributes: all },
    { op: 'ReduceMean', inputs: ['w'], outputs: ['m'], attributes: all },
    { op: 'Add', inputs: ['m', 'eps'], outputs: ['m1'] },
    { op: 'Div', inputs: ['mx', 'm1'], outputs: ['cx4'] },
    { op: 'Div', inputs: ['my', 'm1'], outputs: ['cy4'] },
    { op: 'Reshape', inputs: ['cx4', 'shape'], outputs: ['cx'] },
    { op: 'Reshape', inputs: ['cy4', 'shape'], outputs: ['cy'] },
    { op: 'Sub', inputs: ['cx', 'r'], outputs: ['x1'] },
    { op: 'Sub', inputs: ['cy', 'r'], outputs: ['y1'] },
    { op: 'Add', inputs: ['cx', 'r'], outputs: ['x2'] },
    { op: 'Add', inputs: ['cy', 'r'], outputs: ['y2'] },
    { op: 'Concat', inputs: ['x1', 'y1', 'x2', 'y2', 'score', 'cls'], outputs: ['out'], attributes: { axis: 2 } },
  ];
  return buildOnnx({
    inputs: [{ name: 'images', type: FLOAT, dims: [1, 3, size, size] }],
    outputs: [{ name: 'out', type: FLOAT, dims: [1, 1, 6] }],
    nodes,
    initializers,
    metadata: { names: "{0: 'square'}" },
  });
}
