// @web/test-runner: the element and panel suites (src/ui/**/*.test.ts) and the runner's own checks
// (test/wtr/), in Debian's Chromium, through the app's Vite pipeline (tools/wtr-vite.mjs). The other
// browser suites run under vitest (vite.config.ts); tools/run-tests.mjs runs both and sums them.
import { fileURLToPath } from 'node:url';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium.js';
import { viteForWtr } from './tools/wtr-vite.mjs';
import { summaryReporter } from './tools/wtr-summary.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const files = ['src/ui/**/*.test.ts', 'test/wtr/**/*.test.ts'];
const vite = viteForWtr({ root, testFiles: files, include: ['@vitest/expect'] });

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: root,
  files,
  hostname: '127.0.0.1', // the host-resolver rule sends every other name nowhere
  // one browser, one page at a time: a 2-core machine, and the suites load real models
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true },
    }),
  ],
  middleware: [vite.middleware],
  plugins: [vite.plugin],
  // the same limits as vitest's browser project (model loads take seconds under load)
  testFramework: { config: { timeout: 120_000 } },
  testsFinishTimeout: 600_000,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  reporters: [defaultReporter(), summaryReporter('test-output/wtr-report.json')],
};
