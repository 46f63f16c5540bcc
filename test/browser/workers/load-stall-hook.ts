// Imported before the engine by stalling-load.worker.ts, so this listener runs before Comlink's. The
// worker's name picks how its model load stalls:
//   'stall-threaded-load': a load on more than one thread never answers (onnxruntime-web's threaded
//     start has been seen to hang so); on one thread it runs;
//   'stall-every-load': no load ever answers;
//   'stall-download': a model download (.onnx) sends 16 bytes of 4,096, then nothing;
//   'slow-download': a model download comes in 8 parts, 250 ms apart (slow, but progressing).
const mode = self.name;
const realFetch = self.fetch.bind(self);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

self.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = String(input instanceof Request ? input.url : input);
  if (!/\.onnx($|[?#])/.test(url)) return realFetch(input, init); // the runtime's own files
  if (mode === 'stall-download') {
    return new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array(16)) }), { headers: { 'content-length': '4096' } });
  }
  const response = await realFetch(input, init);
  if (mode !== 'slow-download') return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const parts = 8;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (sent === parts) return c.close();
      await sleep(250);
      c.enqueue(bytes.slice(Math.floor((sent * bytes.length) / parts), Math.floor(((sent + 1) * bytes.length) / parts)));
      sent++;
    },
  });
  return new Response(body, { headers: { 'content-length': String(bytes.length) } });
};

self.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { path?: unknown; argumentList?: { value?: { numThreads?: number } }[] } | null;
  if (!Array.isArray(data?.path) || data.path[0] !== 'load') return;
  const threads = data.argumentList?.[1]?.value?.numThreads;
  if (mode === 'stall-every-load' || (mode === 'stall-threaded-load' && threads !== 1)) event.stopImmediatePropagation();
});
export {};
