// Node-side heap measurement for the soak test (issue 16), through the Chrome DevTools Protocol: a GC
// is forced first, then the JS heap in use is read, for the page (every frame shares its isolate) and
// for each dedicated worker whose script URL contains a given text.
//
// Every DevTools command is bounded (a CI run once sat 52 minutes in a soak test with nothing printed),
// and a measurement that gets no answer starts over once on fresh sessions, saying so: the instrument
// failing is not the detector failing. A matching worker that still does not answer is reported in
// `silent`, not waited for.
import type { Browser, CDPSession, Page } from 'playwright';
import { settleWithin } from '../helpers/settle-within.js';

/** Heap in use after a forced GC, in bytes. */
export interface HeapSample {
  page: number;
  /** One per matching worker that answered, in target order. */
  workers: number[];
  /** Matching workers that did not answer (a wedged or dying worker): URL and why. */
  silent: string[];
}

/** How long one DevTools command may take; a forced GC or a snapshot of these heaps takes well under 1 s. */
const COMMAND_LIMIT_MS = 30_000;

/** `promise`'s value, or a rejection naming `what` after `ms`. */
async function bounded<T>(promise: Promise<T>, what: string, ms = COMMAND_LIMIT_MS): Promise<T> {
  const settled = await settleWithin(promise, ms);
  if (!settled) throw new Error(`DevTools: ${what} got no answer in ${ms / 1000} s`);
  return settled.value;
}

type WorkerAnswer = { result?: { usedSize?: number }; error?: { message: string } };

interface WorkerChannel {
  send(method: string, params?: object): Promise<WorkerAnswer>;
}

let pageSession: { page: Page; session: CDPSession } | null = null;
let browserSession: CDPSession | null = null;
const workerChannels = new Map<string, WorkerChannel>();

/** Forgets (and detaches) every session, so the next command opens fresh ones. */
function resetSessions(): void {
  void pageSession?.session.detach().catch(() => undefined);
  void browserSession?.detach().catch(() => undefined);
  pageSession = null;
  browserSession = null;
  workerChannels.clear();
}

/** Runs `measure`; when it fails, or `retry` finds its value wanting, says why and runs it once more on fresh sessions. */
async function twice<T>(what: string, measure: () => Promise<T>, retry: (value: T) => boolean = () => false): Promise<T> {
  let reason: string;
  try {
    const value = await measure();
    if (!retry(value)) return value;
    reason = 'a worker did not answer';
  } catch (error) {
    reason = (error as Error).message;
  }
  console.warn(`[heap] ${what}: ${reason}; measuring once more on fresh DevTools sessions`);
  resetSessions();
  return measure();
}

/** Runs `command` on the page's DevTools session, bounded. */
async function onPage<T>(page: Page, what: string, command: (session: CDPSession) => Promise<T>, ms?: number): Promise<T> {
  if (pageSession?.page !== page) pageSession = { page, session: await bounded(page.context().newCDPSession(page), 'a page session') };
  return bounded(command(pageSession.session), what, ms);
}

/** The browser's DevTools session (worker targets are reached through it). */
async function onBrowser(browser: Browser): Promise<CDPSession> {
  browserSession ??= await bounded(browser.newBrowserCDPSession(), 'a browser session');
  return browserSession;
}

/** A message channel to a worker target over the browser session (non-flattened attach). */
async function workerChannel(browser: Browser, targetId: string): Promise<WorkerChannel> {
  const known = workerChannels.get(targetId);
  if (known) return known;
  const cdp = await onBrowser(browser);
  const { sessionId } = (await bounded(cdp.send('Target.attachToTarget', { targetId, flatten: false }), 'attaching to a worker')) as { sessionId: string };
  let next = 0;
  const pending = new Map<number, (m: WorkerAnswer) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const m = JSON.parse(event.message) as WorkerAnswer & { id?: number };
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const channel: WorkerChannel = {
    send: (method, params = {}) =>
      bounded(
        new Promise<WorkerAnswer>((resolve, reject) => {
          const id = ++next;
          pending.set(id, resolve);
          // a target that went away fails this send, instead of leaving the message unanswered
          cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => {
            pending.delete(id);
            reject(error);
          });
        }),
        `${method} in a worker`,
        10_000,
      ),
  };
  workerChannels.set(targetId, channel);
  return channel;
}

/** Forces a GC in the page and in every worker whose URL contains `workerUrlPart`, then reads their heaps. */
export function heapUsage(ctx: unknown, workerUrlPart: string): Promise<HeapSample> {
  const page = (ctx as { page: Page }).page;
  return twice('heap usage', () => measureHeaps(page, workerUrlPart), (s) => s.silent.length > 0);
}

async function measureHeaps(page: Page, workerUrlPart: string): Promise<HeapSample> {
  await onPage(page, 'a forced GC in the page', (s) => s.send('HeapProfiler.collectGarbage'));
  const { usedSize } = await onPage(page, "reading the page's heap", (s) => s.send('Runtime.getHeapUsage'));
  const browser = page.context().browser()!;
  const { targetInfos } = (await bounded((await onBrowser(browser)).send('Target.getTargets'), 'listing targets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const workers: number[] = [];
  const silent: string[] = [];
  for (const t of targetInfos) {
    if (t.type !== 'worker' || !t.url.includes(workerUrlPart)) continue;
    try {
      const channel = await workerChannel(browser, t.targetId);
      await channel.send('HeapProfiler.collectGarbage');
      const answer = await channel.send('Runtime.getHeapUsage');
      if (answer.result?.usedSize === undefined) throw new Error(answer.error?.message ?? 'no usedSize in the answer');
      workers.push(answer.result.usedSize);
    } catch (error) {
      workerChannels.delete(t.targetId);
      silent.push(`${t.url}: ${(error as Error).message}`);
    }
  }
  return { page: usedSize, workers, silent };
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
  censuses.set(label, await twice('heap snapshot', () => snapshotCensus(page)));
}

async function snapshotCensus(page: Page): Promise<Record<string, CensusRow>> {
  await onPage(page, 'enabling the heap profiler', (s) => s.send('HeapProfiler.enable'));
  await onPage(page, 'a forced GC in the page', (s) => s.send('HeapProfiler.collectGarbage'));
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  await onPage(
    page,
    "a snapshot of the page's heap",
    async (session) => {
      session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      try {
        await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
      } finally {
        session.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      }
    },
    120_000,
  );
  return census(JSON.parse(chunks.join('')) as RawSnapshot);
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
