// The real detector worker in a context without WebGPU (as in browsers that lack it).
import './hide-webgpu.js';
import '../../../src/worker/detector.worker.js';
