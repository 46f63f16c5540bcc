// The real detector worker, with its open VideoDecoders counted (see count-decoders.ts).
import './count-decoders.js';
import '../../../src/worker/detector.worker.js';
