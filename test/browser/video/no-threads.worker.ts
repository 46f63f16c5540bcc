// The real detector worker where a nested worker cannot start: every Worker it creates loads a script
// that does not exist (as under a CSP that blocks it), so video jobs must open and decode their files in this worker.
import './broken-workers.js';
import '../../../src/worker/detector.worker.js';
