// The real detector worker, plus a hook a test arms to make the next detect call stall or the worker
// close itself mid-call.
import './fault-hook.js';
import '../../../src/worker/detector.worker.js';
