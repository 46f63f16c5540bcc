/// <reference types="node" />
/**
 * Drives the demo's Evaluate tab on a folder (headless Chromium through playwright-core) and samples
 * memory while it runs: the page's JS heap after a forced GC (CDP `HeapProfiler.collectGarbage` +
 * `Runtime.getHeapUsage`, the main thread that holds the dataset and the report) and the resident
 * memory of the renderer and GPU processes (everything else: decoded images, the worker, WASM).
 * Used by `bench/eval.bench.ts` (1,000 images) and the e2e memory test (a smaller folder).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

/** One memory sample, taken when `done` images were evaluated. */
export interface MemorySample {
  done: number;
  /** Main-thread JS heap in use after a full GC, bytes. */
  heapBytes: number;
  /** ArrayBuffer backing stores of the main thread (outside the JS heap: the report's detections), bytes; 0 when not reported. */
  arrayBufferBytes: number;
  /** Resident memory of the renderer + GPU processes, bytes (0 where /proc is not readable). */
  rssBytes: number;
}

/** What one run gave. */
export interface DemoEvalRun {
  samples: MemorySample[];
  /** The downloaded JSON report, parsed. */
  report: { images: number; labels: number; map50: number; map50to95: number; perImage: { detections: { count: number } }[] } & Record<string, unknown>;
  reportText: string;
  wallMs: number;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Opens `url`, picks `dir` in the Evaluate tab, samples memory about every `sampleEvery` images,
 * downloads the JSON report.
 */
export async function runDemoEvaluation(browser: Browser, url: string, dir: string, sampleEvery: number, timeoutMs = 60 * 60_000): Promise<DemoEvalRun> {
  const page: Page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const cdp = await page.context().newCDPSession(page);
  const browserCdp = await browser.newBrowserCDPSession();
  const readHeap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  };
  const sample = async (done: number): Promise<MemorySample> => {
    // V8 sweeps freed ArrayBuffer backing stores concurrently, after the GC returns, and the image in
    // flight holds its bytes for a moment: a single reading can count megabytes that are already
    // garbage. Each figure is the least of three readings, each after its own GC, 100 ms apart.
    let heap = await readHeap();
    for (let i = 0; i < 2; i++) {
      await page.waitForTimeout(100);
      const again = await readHeap();
      heap = {
        usedSize: Math.min(heap.usedSize, again.usedSize),
        backingStorageSize: Math.min(heap.backingStorageSize ?? 0, again.backingStorageSize ?? 0),
      };
    }
    const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const rssBytes = info.processInfo.filter((p) => /^(renderer|gpu)/i.test(p.type)).reduce((sum, p) => sum + rssOf(p.id), 0);
    return { done, heapBytes: heap.usedSize, arrayBufferBytes: heap.backingStorageSize ?? 0, rssBytes };
  };
  try {
    await page.goto(url);
    await page.click('[role="tab"][data-tab="evaluate"]');
    const start = Date.now();
    await page.setInputFiles('#eval-folder', dir);
    const samples: MemorySample[] = [];
    let next = sampleEvery;
    for (;;) {
      if (Date.now() - start > timeoutMs) throw new Error(`evaluation did not finish in ${timeoutMs / 1000} s`);
      const state = await page.evaluate(() => ({
        status: document.getElementById('eval-status')?.textContent ?? '',
        done: !document.getElementById('eval-results')!.hidden,
      }));
      if (state.done) break;
      if (/^(\w+Error|Cancelled)/.test(state.status)) throw new Error(`evaluation failed: ${state.status}`);
      const m = /^(\d+) \/ (\d+) images/.exec(state.status);
      if (m && Number(m[1]) >= next) {
        samples.push(await sample(Number(m[1])));
        // the next multiple of sampleEvery: counting from this sample instead let every late poll push
        // the rest later, until the run could end before a sample near its end
        next = (Math.floor(Number(m[1]) / sampleEvery) + 1) * sampleEvery;
      }
      await page.waitForTimeout(200);
    }
    const wallMs = Date.now() - start;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#eval-json')]);
    const reportText = readFileSync((await download.path())!, 'utf8');
    const report = JSON.parse(reportText) as DemoEvalRun['report'];
    samples.push(await sample(report.images));
    return { samples, report, reportText, wallMs };
  } finally {
    await browserCdp.detach().catch(() => undefined);
    await page.close();
  }
}
