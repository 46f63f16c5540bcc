// What evaluation loads on first use: dataset reading and the report maths (about 8 KB gzip), kept out
// of the JavaScript a page loads to detect (the library's budget). `src/client/evaluation.ts` imports
// this module dynamically; tools and tests import src/eval directly.
export { datasetFromFiles } from './dataset-from-files.js';
export { buildEvalReport } from './eval-report.js';
