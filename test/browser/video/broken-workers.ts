// Imported first by no-threads.worker.ts: the video thread (video-thread.worker.ts) cannot start in
// this worker: its script fails to load. Other workers (onnxruntime's threads) start as usual.
const NativeWorker = Worker;
class BrokenDecodeThread extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(String(url).includes('video-thread.worker') ? new URL('./no-such-script.js', import.meta.url) : url, options);
  }
}
Object.defineProperty(self, 'Worker', { value: BrokenDecodeThread, configurable: true, writable: true });
export {};
