// npm run bench -- eval: the demo's Evaluate tab on a generated labelled folder (default 1,000 images)
// in headless Chromium, with memory sampled as it runs; then the same detections scored by the Python
// evaluator, and the model run outside the browser (jpeg-js, own letterbox and decode, onnxruntime-web in Node) scored by it too.
//   python3 tools/train/generator.py --out tools/train/data/eval-seed3 --n 1000 --seed 3
//   EVAL_DIR=other/folder npm run bench -- eval
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium.js';
import { runDemoEvaluation } from '../tools/eval/demo-eval-run.js';
import { listJpegs, referenceDetections } from '../tools/eval/reference-detections.js';
import { pythonScore } from '../test/browser/eval-commands.js';

const dir = resolve(process.env.EVAL_DIR ?? 'tools/train/data/eval-seed3');
const mb = (b: number) => (b / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  if (!existsSync(dir)) {
    console.log(`\n## eval: skipped\n${dir} is absent. Make it with\n  python3 tools/train/generator.py --out ${dir} --n 1000 --seed 3`);
    return;
  }
  mkdirSync('bench-output', { recursive: true });
  const server = await createServer({ configFile: 'vite.config.ts', server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  await server.listen();
  const address = server.httpServer!.address();
  const port = typeof address === 'object' && address ? address.port : 5173;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  let run;
  try {
    run = await runDemoEvaluation(browser, `http://127.0.0.1:${port}/`, dir, 100);
  } finally {
    await browser.close();
    await server.close();
  }
  const { report, samples } = run;
  writeFileSync('bench-output/eval-report.json', run.reportText);
  const nc = (report.classNames as string[]).length;
  const same = pythonScore(run.reportText, dirname(dir), nc);
  const names = listJpegs(dir);
  const settings = report.settings as { iouThreshold: number | string; maxDetections: number | string };
  const ref = await referenceDetections('models/wrgb-416.onnx', dir, names, {
    score: 0.001,
    iou: typeof settings.iouThreshold === 'number' ? settings.iouThreshold : 0.45,
    maxDet: typeof settings.maxDetections === 'number' ? settings.maxDetections : 300,
  });
  const refScore = pythonScore(JSON.stringify({ images: ref }), dir, nc);

  const first = samples.find((s) => s.done >= 100) ?? samples[0];
  const inRun = samples.slice(0, -1); // the last sample is taken after the report is built and shown
  const lastInRun = inRun[inRun.length - 1] ?? first;
  const kept = (s: (typeof samples)[number]) => s.heapBytes + s.arrayBufferBytes;
  const detections = report.perImage.reduce((n, i) => n + i.detections.count, 0);
  const lines = [
    `## eval: ${report.images} images of ${basename(dir)} through the demo's Evaluate tab`,
    '',
    `${(run.wallMs / 1000).toFixed(1)} s (${((report.images * 1000) / run.wallMs).toFixed(1)} images/s), ${report.labels} labels, ${detections} detections kept at score > 0.001`,
    '',
    '| images done | JS heap after GC (MB) | ArrayBuffers (MB) | renderer + GPU RSS (MB) |',
    '| ---: | ---: | ---: | ---: |',
    ...samples.map((s) => `| ${s.done} | ${mb(s.heapBytes)} | ${mb(s.arrayBufferBytes)} | ${mb(s.rssBytes)} |`),
    '',
    `Heap + ArrayBuffers from ${first.done} to ${lastInRun.done} images: ${mb(kept(lastInRun) - kept(first))} MB ` +
      `(${((kept(lastInRun) - kept(first)) / Math.max(1, lastInRun.done - first.done) / 1024).toFixed(1)} KB per image; ` +
      `the detections kept for the report are ${((detections * 22) / report.images / 1024).toFixed(1)} KB per image as packed arrays). ` +
      `RSS: ${mb(lastInRun.rssBytes - first.rssBytes)} MB; one decoded image is ${mb(416 * 416 * 4)} MB, so holding every bitmap would add ${mb(416 * 416 * 4 * (lastInRun.done - first.done))} MB.`,
    '',
    '| mAP | browser | Python, same detections | Node pipeline, Python |',
    '| --- | ---: | ---: | ---: |',
    `| @0.5 | ${report.map50.toFixed(4)} | ${'skip' in same ? same.skip : same.map50.toFixed(4)} | ${'skip' in refScore ? refScore.skip : refScore.map50.toFixed(4)} |`,
    `| @0.5:0.95 | ${report.map50to95.toFixed(4)} | ${'skip' in same ? '' : same.map5095.toFixed(4)} | ${'skip' in refScore ? '' : refScore.map5095.toFixed(4)} |`,
  ];
  console.log(`\n${lines.join('\n')}`);
  writeFileSync('bench-output/eval.json', JSON.stringify({ dir, images: report.images, wallMs: run.wallMs, samples, detections, map: { browser: [report.map50, report.map50to95], pythonSame: same, reference: refScore } }, null, 2));
  if (!('skip' in same) && Math.abs(same.map50 - report.map50) >= 0.002) process.exitCode = 1;
  if (!('skip' in refScore) && Math.abs(refScore.map50 - report.map50) >= 0.02) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
