// Imported first by decoder-probe.worker.ts: counts the VideoDecoders open in the worker and the frames
// they output, and the decoding threads a video job starts (video-thread.worker.ts) and the frames they send
// (and how many came as prepared model inputs), and posts {openDecoders, outputs, threads, threadFrames,
// threadInputs} each time one of those opens or closes, so a
// test can see a cancelled job stop early and free its decoder, wherever it decodes.
let open = 0;
let outputs = 0;
let threads = 0;
let threadFrames = 0;
let threadInputs = 0;
const Native = VideoDecoder;
const NativeWorker = Worker;

class CountedDecoder extends Native {
  constructor(init: VideoDecoderInit) {
    super({
      output: (frame) => {
        outputs++;
        init.output(frame);
      },
      error: (error) => {
        report(-1, 0); // a decoder that fails closes itself
        init.error(error);
      },
    });
    report(1, 0);
  }
  override close(): void {
    if (this.state !== 'closed') report(-1, 0);
    super.close();
  }
}

/** Counts the video decoding threads (video-thread.worker.ts); other workers (onnxruntime's threads) are not. */
class CountedWorker extends NativeWorker {
  private live: boolean;
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options);
    this.live = String(url).includes('video-thread.worker');
    if (!this.live) return;
    report(0, 1);
    this.addEventListener('message', (e: MessageEvent) => {
      if (e.data?.type !== 'frame') return;
      threadFrames++;
      if (e.data.input) threadInputs++;
    });
  }
  override terminate(): void {
    if (this.live) report(0, -1);
    this.live = false;
    super.terminate();
  }
}

function report(decoders: number, thread: number): void {
  open += decoders;
  threads += thread;
  self.postMessage({ openDecoders: open, outputs, threads, threadFrames, threadInputs });
}

Object.defineProperty(self, 'VideoDecoder', { value: CountedDecoder, configurable: true, writable: true });
Object.defineProperty(self, 'Worker', { value: CountedWorker, configurable: true, writable: true });
export {};
