// The real detector worker whose video threads start and then crash on their first job.
import './crashing-thread-redirect.js';
import '../../../src/worker/detector.worker.js';
