// Node-side heap measurement for the soak test (issue 16), through the Chrome DevTools Protocol: a GC
// is forced first, then the JS heap in use is read, for the page (every frame shares its isolate) and
// for each dedicated worker whose script URL contains a given text.
import type { Browser, CDPSession, Page } from 'playwright';

/** Heap in use after a forced GC, in bytes. */
export interface HeapSample {
  page: number;
  /** One per matching worker, in target order. */
  workers: number[];
}

interface WorkerChannel {
  send(method: string, params?: object): Promise<{ result?: { usedSize?: number } }>;
}

let pageSession: { page: Page; session: CDPSession } | null = null;
let browserSession: CDPSession | null = null;
const workerChannels = new Map<string, WorkerChannel>();

/** A message channel to a worker target over the browser session (non-flattened attach). */
async function workerChannel(browser: Browser, targetId: string): Promise<WorkerChannel> {
  const known = workerChannels.get(targetId);
  if (known) return known;
  browserSession ??= await browser.newBrowserCDPSession();
  const cdp = browserSession;
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
  let next = 0;
  const pending = new Map<number, (m: { result?: { usedSize?: number } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const m = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
    if (m.id !== undefined) pending.get(m.id)?.(m);
    if (m.id !== undefined) pending.delete(m.id);
  });
  const channel: WorkerChannel = {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = ++next;
        pending.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      }),
  };
  workerChannels.set(targetId, channel);
  return channel;
}

/** Forces a GC in the page and in every worker whose URL contains `workerUrlPart`, then reads their heaps. */
export async function heapUsage(ctx: unknown, workerUrlPart: string): Promise<HeapSample> {
  const page = (ctx as { page: Page }).page;
  if (pageSession?.page !== page) pageSession = { page, session: await page.context().newCDPSession(page) };
  const session = pageSession.session;
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const browser = page.context().browser()!;
  browserSession ??= await browser.newBrowserCDPSession();
  const { targetInfos } = (await browserSession.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const workers: number[] = [];
  for (const t of targetInfos) {
    if (t.type !== 'worker' || !t.url.includes(workerUrlPart)) continue;
    const channel = await workerChannel(browser, t.targetId);
    await channel.send('HeapProfiler.collectGarbage');
    workers.push((await channel.send('Runtime.getHeapUsage')).result?.usedSize ?? NaN);
  }
  return { page: usedSize, workers };
}
