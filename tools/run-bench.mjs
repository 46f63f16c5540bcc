#!/usr/bin/env node
// npm run bench: every benchmark, each comparing against a baseline measured in the same run.
//   1. decode() vs a naive JS decode + NMS (Node)
//   1b. the tracker per frame vs a plain ByteTrack port, and its accuracy on generated clips (Node)
//   2. browser suites (headless Chromium against the Vite dev server, COOP/COEP on): bench/browser/*.
//   Named only: `fuzz` (decode() under 10^5 adversarial cases), `soak` (10,000 frames, heap curve).
// Results print as Markdown tables and are saved to bench-output/. Usage: npm run bench [-- suite...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

// Every bench/browser/NAME-bench.ts is a suite; all run by default, or name some on the command line.
const ALL_BROWSER_SUITES = readdirSync('bench/browser')
  .filter((f) => f.endsWith('-bench.ts'))
  .map((f) => f.slice(0, -'-bench.ts'.length));
const wanted = process.argv.slice(2);
const browserSuites = wanted.length ? ALL_BROWSER_SUITES.filter((s) => wanted.includes(s)) : ALL_BROWSER_SUITES;
mkdirSync('bench-output', { recursive: true });

if (wanted.length === 0 || wanted.includes('decode')) {
  const node = spawnSync('npx', ['tsx', 'bench/decode.bench.ts'], { stdio: 'inherit' });
  if (node.status !== 0) process.exitCode = 1;
}

// The tiling suite's accuracy part measures generated high-resolution photos (an ignored folder): make them once.
if (browserSuites.includes('tiling') && !existsSync('bench-output/tiling-photos/index.json')) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const made = spawnSync(python, ['tools/train/make_tiling_photos.py', '--out', 'bench-output/tiling-photos'], { stdio: 'inherit' });
  if (made.status !== 0) console.log('tiling: could not generate the photos (needs python3-numpy and python3-pil); accuracy is skipped');
}

// The Evaluate tab on a generated 1,000-image folder (minutes): only when asked for by name.
if (wanted.includes('eval')) {
  const run = spawnSync('npx', ['tsx', 'bench/eval.bench.ts'], { stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}

// Tracking (docs/tracking.md): the tracker's cost per frame (Node) always; its accuracy on generated clips
// with ground truth (minutes: clips are made, every frame detected) only when asked for by name
if (wanted.length === 0 || wanted.includes('track')) {
  for (const script of wanted.includes('track') ? ['bench/track.bench.mts', 'bench/track-eval.mts'] : ['bench/track.bench.mts']) {
    const node = spawnSync('npx', ['tsx', script], { stdio: 'inherit' });
    if (node.status !== 0) process.exitCode = 1;
  }
}

// named only (minutes, not a speed ratio): decode() under 10^5 seeded adversarial cases (issue 16)
if (wanted.includes('fuzz')) {
  const node = spawnSync('npx', ['tsx', 'bench/fuzz.ts'], { stdio: 'inherit' });
  if (node.status !== 0) process.exitCode = 1;
}

// named only (about 20 minutes): the soak tests (detect() and the element's live loop on a looping
// video) with 10,000 frames each, printing the heap curves (issue 16)
if (wanted.includes('soak')) {
  const env = { ...process.env, SOAK_FRAMES: process.env.SOAK_FRAMES ?? '10000' };
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'browser', 'test/browser/soak.test.ts', 'test/browser/soak-live.test.ts'], { stdio: 'inherit', env });
  if (run.status !== 0) process.exitCode = 1;
}

if (browserSuites.length > 0) {
  const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  await server.listen();
  const { port } = server.httpServer.address();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const suite of browserSuites) {
      const page = await browser.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.text().startsWith('[bench]')) console.log(`[page ${msg.type()}] ${msg.text()}`);
      });
      page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
      await page.goto(`http://127.0.0.1:${port}/bench/browser/index.html?suite=${suite}`);
      const result = await page.waitForFunction(() => window.__bench, undefined, { timeout: 20 * 60_000, polling: 500 });
      const { markdown, data, error } = await result.jsonValue();
      if (error) {
        console.log(`\n## ${suite}: FAILED\n${error}`);
        process.exitCode = 1;
      } else {
        console.log(`\n${markdown}`);
        writeFileSync(`bench-output/${suite}.json`, JSON.stringify(data, null, 2));
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
