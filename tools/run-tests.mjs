#!/usr/bin/env node
// The README's test command: every vitest project (unit in Node, browser in Chromium, e2e against the
// built demo), then @web/test-runner (the element and panel suites, web-test-runner.config.mjs), one
// after the other (a 2-core machine), then ONE plain "N passed, N failed" line over both that CI reads.
//   node tools/run-tests.mjs                      vitest (all projects) + wtr; extra args go to vitest
//   node tools/run-tests.mjs --project NAME ...   vitest only (npm run test:unit / test:browser / test:e2e)
//   node tools/run-tests.mjs --runner wtr ...     wtr only; extra args go to wtr (npm run test:wtr)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const VITEST_REPORT = 'test-output/vitest-report.json';
const WTR_REPORT = 'test-output/wtr-report.json'; // written by tools/wtr-summary.mjs

/** @typedef {{ passed: number, failed: number, skipped: number, ok: boolean }} Totals one runner's counts; ok: it exited 0 */

/** Runs vitest; a run that leaves no report counts as one failure. @returns {Totals} */
function runVitest(args) {
  rmSync(VITEST_REPORT, { force: true }); // never read a previous run's report
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`, ...args], { stdio: 'inherit' });
  if (!existsSync(VITEST_REPORT)) return { passed: 0, failed: 1, skipped: 0, ok: false };
  const json = JSON.parse(readFileSync(VITEST_REPORT, 'utf8'));
  return {
    passed: json.numPassedTests,
    // failed tests, plus files that failed outside any test (an import error): numFailedTestSuites
    // would also count each describe block around a failed test
    failed: json.numFailedTests + json.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length,
    skipped: json.numPendingTests + json.numTodoTests,
    ok: run.status === 0,
  };
}

/** Runs @web/test-runner; a run that leaves no report counts as one failure. @returns {Totals} */
function runWtr(args) {
  rmSync(WTR_REPORT, { force: true });
  const run = spawnSync('npx', ['web-test-runner', '--static-logging', ...args], { stdio: 'inherit' });
  if (!existsSync(WTR_REPORT)) return { passed: 0, failed: 1, skipped: 0, ok: false };
  const json = JSON.parse(readFileSync(WTR_REPORT, 'utf8'));
  return { passed: json.passed, failed: json.failed, skipped: json.skipped, ok: run.status === 0 };
}

mkdirSync('test-output', { recursive: true });
const argv = process.argv.slice(2);
const runnerAt = argv.indexOf('--runner');
const only = runnerAt >= 0 ? argv[runnerAt + 1] : undefined;
const rest = runnerAt >= 0 ? argv.filter((_, i) => i !== runnerAt && i !== runnerAt + 1) : argv;
if (only !== undefined && only !== 'vitest' && only !== 'wtr') {
  console.error(`--runner takes vitest or wtr, not ${only}`);
  process.exit(2);
}

const results = [];
if (only !== 'wtr') results.push(runVitest(rest));
// a --project run is a vitest run only (test:unit, test:browser, test:e2e)
if (only === 'wtr' || (only === undefined && !rest.includes('--project'))) results.push(runWtr(only === 'wtr' ? rest : []));

const total = { passed: 0, failed: 0, skipped: 0, ok: true };
for (const r of results) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  // a runner that exits non-zero with every test passed (an error outside tests) still counts as a failure
  if (!r.ok && r.failed === 0) total.failed += 1;
}
if (total.skipped > 0) console.log(`(${total.skipped} skipped)`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 ? 0 : 1);
