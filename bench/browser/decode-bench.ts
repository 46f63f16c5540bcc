// decode() where the detector runs it: the Node suite's synthetic cases (bench/decode-cases.ts: dense
// YOLOv5 and YOLOv8 outputs and two clustered ones, four outputs per case in turn, each with the
// naive and the seed top-k decodes as baselines) in a dedicated worker in Chromium. The shipped
// model's heads stay in the Node suite (they need onnxruntime-node).
import { decodeBenchMarkdown, type DecodeBenchRow } from '../decode-cases.js';
import type { BenchReport } from './report.js';

export async function runDecodeBench(): Promise<BenchReport> {
  console.log('[bench] decode: synthetic cases in a worker');
  const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
  try {
    const rows = await new Promise<DecodeBenchRow[]>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<DecodeBenchRow[]>) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(`decode worker failed: ${e.message}`));
    });
    return { markdown: decodeBenchMarkdown(rows, 'Chromium worker'), data: rows };
  } finally {
    worker.terminate();
  }
}
