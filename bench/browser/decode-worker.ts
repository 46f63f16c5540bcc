// The decode suite's worker: runs the synthetic cases in a dedicated worker, the kind of thread the
// detector decodes in, and posts the rows back.
import { runSyntheticCases } from '../decode-cases.js';

postMessage(runSyntheticCases());
