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

/** Objects of one kind in a heap snapshot: how many, and their own bytes. */
export interface CensusRow {
  count: number;
  bytes: number;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Counts a snapshot's nodes by `type:name` (the constructor for objects; strings by type only). */
function census(raw: RawSnapshot): Record<string, CensusRow> {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const out: Record<string, CensusRow> = {};
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt]];
    const name = raw.strings[raw.nodes[i + nameAt]] ?? '';
    const key = type.endsWith('string') ? type : `${type}:${name.slice(0, 80)}`;
    const row = (out[key] ??= { count: 0, bytes: 0 });
    row.count++;
    row.bytes += raw.nodes[i + sizeAt];
  }
  return out;
}

/** Censuses taken so far, by label: kept here in Node, so the page's heap does not hold them. */
const censuses = new Map<string, Record<string, CensusRow>>();

/** Takes a heap snapshot of the page after a forced GC and keeps its census under `label`. */
export async function pageHeapCensus(ctx: unknown, label: string): Promise<void> {
  const page = (ctx as { page: Page }).page;
  if (pageSession?.page !== page) pageSession = { page, session: await page.context().newCDPSession(page) };
  const session = pageSession.session;
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  censuses.set(label, census(JSON.parse(chunks.join('')) as RawSnapshot));
}

/** The `top` kinds whose bytes grew most from census `from` to census `to`: "+bytes B, +count: kind". */
export function pageHeapCensusDiff(_ctx: unknown, from: string, to: string, top = 12): string[] {
  const a = censuses.get(from) ?? {};
  const b = censuses.get(to) ?? {};
  const rows = Object.keys({ ...a, ...b }).map((kind) => ({
    kind,
    count: (b[kind]?.count ?? 0) - (a[kind]?.count ?? 0),
    bytes: (b[kind]?.bytes ?? 0) - (a[kind]?.bytes ?? 0),
  }));
  rows.sort((x, y) => y.bytes - x.bytes);
  return rows.slice(0, top).map((r) => `${r.bytes >= 0 ? '+' : ''}${r.bytes} B, ${r.count >= 0 ? '+' : ''}${r.count}: ${r.kind}`);
}
