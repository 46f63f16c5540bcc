// decode() where the worker runs it: the Node suite's synthetic cases (bench/decode-cases.ts: dense
// YOLOv5 and YOLOv8 outputs and two clustered ones, four outputs per case in turn, each with the
// naive and the seed top-k decodes as baselines) in Chromium's V8, on this page's thread; the worker
// runs the same engine. The shipped model's heads stay in the Node suite (they need onnxruntime-node).
import { decodeBenchMarkdown, runSyntheticCases } from '../decode-cases.js';
import type { BenchReport } from './report.js';

export async function runDecodeBench(): Promise<BenchReport> {
  console.log('[bench] decode: synthetic cases in Chromium');
  const rows = runSyntheticCases();
  return { markdown: decodeBenchMarkdown(rows, 'Chromium'), data: rows };
}
