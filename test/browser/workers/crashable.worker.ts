// The real detector worker, plus a hook a test arms to make it crash mid-call.
import './crash-hook.js';
import '../../../src/worker/detector.worker.js';
