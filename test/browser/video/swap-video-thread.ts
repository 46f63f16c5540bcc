// Imported first by swapped-video-thread.worker.ts: the video thread (video-thread.worker.ts) this
// worker starts is replaced, as its name says: 'no-video-thread' loads a script that does not exist (as
// under a CSP that blocks it: jobs must read their files in this worker), 'crashing-video-thread' loads
// crashing-thread.ts (a thread that starts, then dies on its first job). Other workers (onnxruntime's
// threads) start as usual.
const SWAPS: Record<string, URL> = {
  'no-video-thread': new URL('./no-such-script.js', import.meta.url),
  'crashing-video-thread': new URL('./crashing-thread.ts', import.meta.url),
};
const swap = SWAPS[self.name];
if (!swap) throw new Error(`swapped-video-thread.worker.ts: unknown worker name "${self.name}"`);
const NativeWorker = Worker;
class SwappedVideoThread extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(String(url).includes('video-thread.worker') ? swap : url, options);
  }
}
Object.defineProperty(self, 'Worker', { value: SwappedVideoThread, configurable: true, writable: true });
export {};
