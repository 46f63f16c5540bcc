// The real detector worker, with its model load stalling as its name says (load-stall-hook.ts).
import './load-stall-hook.js';
import '../../../src/worker/detector.worker.js';
