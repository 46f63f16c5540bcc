// Imported first by decoder-probe.worker.ts: counts the VideoDecoders open in the worker and the frames
// they output, and posts {openDecoders, outputs} each time a decoder opens or closes, so a test can see
// a cancelled job stop early and free its decoder.
let open = 0;
let outputs = 0;
const Native = VideoDecoder;

class CountedDecoder extends Native {
  constructor(init: VideoDecoderInit) {
    super({
      output: (frame) => {
        outputs++;
        init.output(frame);
      },
      error: (error) => {
        report(-1); // a decoder that fails closes itself
        init.error(error);
      },
    });
    report(1);
  }
  override close(): void {
    if (this.state !== 'closed') report(-1);
    super.close();
  }
}

function report(delta: number): void {
  open += delta;
  self.postMessage({ openDecoders: open, outputs });
}

Object.defineProperty(self, 'VideoDecoder', { value: CountedDecoder, configurable: true, writable: true });
export {};
