// A wtr reporter that writes the run's totals as JSON, for tools/run-tests.mjs's single
// "N passed, N failed" line. A file that errors outside a test (import failure, uncaught error, a
// browser that never reported) counts as one failure, as vitest counts a failed suite.
import { writeFileSync } from 'node:fs';

/** Counts the tests of one session's result tree. */
function countTests(suite, counts) {
  if (!suite) return;
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites) countTests(child, counts);
}

/**
 * @param {string} outputFile where the JSON goes: `{ passed, failed, skipped, files, fileErrors }`.
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryReporter(outputFile) {
  return {
    stop({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, files: sessions.length, fileErrors: 0 };
      for (const session of sessions) {
        const before = counts.failed;
        countTests(session.testResults, counts);
        const broken = session.errors.length > 0 || session.status !== 'FINISHED' || (session.passed === false && counts.failed === before);
        if (broken) counts.fileErrors++;
      }
      counts.failed += counts.fileErrors;
      writeFileSync(outputFile, `${JSON.stringify(counts, null, 2)}\n`);
    },
  };
}
