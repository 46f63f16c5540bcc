/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { playwright } from '@vitest/browser-playwright';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium.js';
import { commands } from './test/browser/commands.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Real YOLO exports, photos and clips shared by the team (absent on a bare clone: tests skip). */
const fixturesDir = process.env.YOLO_FIXTURES ?? resolve(root, '../shared/fixtures');
const haveFixtures = existsSync(resolve(fixturesDir, 'MANIFEST.md'));

/** Cross-origin isolation: needed for SharedArrayBuffer, hence for WASM threads. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ command }) => ({
  server: {
    headers: isolationHeaders,
    host: '127.0.0.1',
    fs: { allow: [root, ...(haveFixtures ? [fixturesDir] : [])] },
  },
  preview: { headers: isolationHeaders, host: '127.0.0.1' },
  worker: { format: 'es' },
  // the demo; the library builds with vite.lib.config.ts. Models keep their names (the panel shows them).
  build: {
    outDir: 'dist-demo',
    target: 'es2022',
    rolldownOptions: {
      output: { assetFileNames: (a) => (a.names?.[0]?.endsWith('.onnx') ? 'models/[name][extname]' : 'assets/[name]-[hash][extname]') },
    },
  },
  // The dev server (tests, benchmarks) can read the shared fixtures; a build never mentions them.
  define: { 'import.meta.env.VITE_FIXTURES_URL': JSON.stringify(command === 'serve' && haveFixtures ? `/@fs${fixturesDir}` : '') },
  // every dependency a test page can reach, bundled up front: one found later (uplot, imported by the
  // demo's class chart that a browser test loads) makes Vite re-bundle and reload the page mid-run,
  // and a worker starting just then fails to load (a WorkerCrashedError in a CI run)
  optimizeDeps: { exclude: ['onnxruntime-web'], include: ['comlink', 'mediabunny', 'lit', 'uplot'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // the element and panel suites (src/ui/**/*.test.ts) run under @web/test-runner: web-test-runner.config.mjs
          include: ['test/browser/**/*.test.ts'],
          provide: { fixturesUrl: haveFixtures ? `/@fs${fixturesDir}` : '', soakFrames: Number(process.env.SOAK_FRAMES ?? 3000) },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            commands,
          },
        },
      },
    ],
  },
}));
