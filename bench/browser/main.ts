// Browser benchmark page: runs the suite named in ?suite= and publishes its Markdown report on
// window.__bench for tools/run-bench.mjs.
import type { BenchReport } from './report.js';

declare global {
  interface Window {
    __bench?: { markdown?: string; data?: unknown; error?: string };
  }
}

// Each suite lives in ./NAME-bench.ts and exports one function returning a BenchReport.
const modules = import.meta.glob<Record<string, () => Promise<BenchReport>>>('./*-bench.ts');

const name = new URLSearchParams(location.search).get('suite') ?? 'engine';
const out = document.getElementById('out')!;
try {
  const load = modules[`./${name}-bench.ts`];
  if (!load) throw new Error(`unknown suite ${name}`);
  const exports = await load();
  const run = Object.values(exports).find((value) => typeof value === 'function');
  if (!run) throw new Error(`${name}-bench.ts exports no function`);
  const report = await run();
  out.textContent = report.markdown;
  window.__bench = report;
} catch (error) {
  out.textContent = String((error as Error).stack ?? error);
  window.__bench = { error: String((error as Error).stack ?? error) };
}
