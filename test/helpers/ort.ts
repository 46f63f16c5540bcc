// onnxruntime-web's own WASM backend, run in Node: the same runtime and kernels the worker uses in the page,
// so Node-side reference runs need no native onnxruntime-node (and no install script downloading GPU
// binaries, issue 14). Its "node" export condition loads dist/ort.node.min.mjs and the wasm from disk.
import * as ort from 'onnxruntime-web';

// One thread: the test machines are shared and small; onnxruntime-web fixes the count at the first session.
ort.env.wasm.numThreads = 1;

export { ort };
