// The real detector worker in a browser without WebCodecs encoding (VideoEncoder removed first).
import './hide-encoder.js';
import '../../../src/worker/detector.worker.js';
