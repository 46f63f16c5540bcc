// Imported first by crashing-threads.worker.ts: the video thread (video-thread.worker.ts) this worker
// starts is crashing-thread.ts instead. Other workers (onnxruntime's threads) start as usual.
const NativeWorker = Worker;
class CrashingDecodeThread extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(String(url).includes('video-thread.worker') ? new URL('./crashing-thread.ts', import.meta.url) : url, options);
  }
}
Object.defineProperty(self, 'Worker', { value: CrashingDecodeThread, configurable: true, writable: true });
export {};
