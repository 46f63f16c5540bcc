// The real detector worker, its video threads replaced as its name says (swap-video-thread.ts).
import './swap-video-thread.js';
import '../../../src/worker/detector.worker.js';
