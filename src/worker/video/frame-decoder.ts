// Packets (decode order) → WebCodecs VideoDecoder → the selected VideoFrames in presentation order,
// decoded ahead of the consumer through a bounded queue: at most `capacity` frames wait or sit in the
// decode queue, so inference never waits for decoding and memory stays flat. Frames that are not
// selected are closed the moment they come out of the decoder; every frame is closed exactly once.

import { abortError, VideoDecodeError } from '../../postprocess/index.js';
import { Changes } from './changes.js';
import type { FrameSelection } from './frame-selection.js';
import type { OpenedVideo } from './open-video.js';
import type { FrameSource } from './video-source.js';
import type { PreparedInput } from './video-thread-protocol.js';

/** What decoding needs of an opened video: its packets, the decoder config and the frame table. */
export type DecodeSource = Pick<OpenedVideo, 'packets' | 'config' | 'table'>;

/** A decoded frame and its presentation index. The receiver closes `frame`. */
export interface DecodedFrame {
  /** The picture (the receiver closes it); null when only its prepared input came. */
  frame: VideoFrame | null;
  /** Its position in presentation order. */
  index: number;
  /** The model's input made from it in the video thread, when the job asked for that. */
  input?: PreparedInput;
}

/** Frames decoded ahead of the consumer by default: enough to hide decode-time jitter, little memory. */
export const DEFAULT_DECODE_AHEAD = 6;

/** Decodes one selection of one opened video. `start()`, then `next()` until null; `close()` always. */
export class FrameDecoder implements FrameSource {
  private readonly decoder: VideoDecoder;
  private readonly ready: DecodedFrame[] = [];
  private readonly changes = new Changes();
  /** Decode failure, reported once the frames decoded before it are consumed. */
  private failure: Error | null = null;
  private closed = false;
  /** The last selected frame came out: stop feeding. */
  private done = false;
  /** The stream was flushed: no more output. */
  private flushed = false;
  private lastIndex = -1;
  /** The next selected index the decoder should output; -1 once all were. */
  private expected: number;
  /** First selected frame the decoder skipped, or -1. */
  private firstMissing = -1;
  private fed = 0;
  private expectedPackets = 0;
  private readonly onAbort = () => this.changes.notify();

  constructor(
    private readonly video: DecodeSource,
    private readonly selection: FrameSelection,
    private readonly signal: AbortSignal,
    private readonly capacity = DEFAULT_DECODE_AHEAD,
  ) {
    this.expected = selection.first;
    this.decoder = new VideoDecoder({
      output: (frame) => this.onOutput(frame),
      error: (error) => this.fail(new VideoDecodeError(`${this.where()}: the decoder failed (${error.message}).`, { cause: error })),
    });
    this.decoder.addEventListener('dequeue', () => this.changes.notify());
    signal.addEventListener('abort', this.onAbort);
  }

  /** Configures the decoder and starts feeding packets in the background. */
  start(): void {
    this.decoder.configure(this.video.config);
    this.feed().catch((error: unknown) => {
      if (!this.closed) this.fail(error instanceof VideoDecodeError ? error : new VideoDecodeError(`${this.where()}: ${(error as Error).message}.`, { cause: error }));
    });
  }

  /** The next selected frame in presentation order, or null at the end. Throws VideoDecodeError or AbortError. */
  async next(): Promise<DecodedFrame | null> {
    for (;;) {
      if (this.signal.aborted) throw abortError('Video processing cancelled.');
      const frame = this.ready.shift();
      if (frame) {
        this.changes.notify(); // room for one more: wake the feeder
        return frame;
      }
      if (this.failure) throw this.failure; // only after every frame decoded before it was handed out
      if (this.done || this.flushed) {
        const missing = this.firstMissing >= 0 ? this.firstMissing : this.expected;
        if (missing >= 0) throw this.missingError(missing);
        return null;
      }
      await this.changes.next();
    }
  }

  /** Frames come whole here: nothing to give back. */
  recycle(): void {}

  /** Stops decoding and frees the decoder and every frame not handed out. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener('abort', this.onAbort);
    if (this.decoder.state !== 'closed') this.decoder.close();
    for (const { frame } of this.ready) frame?.close();
    this.ready.length = 0;
    this.changes.notify();
  }

  private get stopped(): boolean {
    return this.closed || this.done || this.failure !== null || this.signal.aborted;
  }

  private async feed(): Promise<void> {
    const { packets, table } = this.video;
    const firstTime = table.timestamps[this.selection.first];
    // Start at the key frame at or before the first selected frame: every frame it needs is decoded.
    const start =
      (await packets.getKeyPacket(firstTime, { verifyKeyPackets: true })) ?? (await packets.getFirstKeyPacket({ verifyKeyPackets: true }));
    if (!start) {
      throw new VideoDecodeError(
        table.count > 0
          ? `The video ends early or is corrupt: it lists ${table.count} frames, but no key frame's data can be read, so decoding cannot start ` +
              '(a file cut before its first frame, as by an interrupted download or copy, reads like this).'
          : 'The video has no key frame to start decoding from; the stream is corrupt.',
      );
    }
    this.expectedPackets = table.packetsFrom(start.microsecondTimestamp);
    for await (const packet of packets.packets(start)) {
      while (!this.stopped && this.decoder.decodeQueueSize + this.ready.length >= this.capacity) await this.changes.next();
      if (this.stopped) return;
      this.decoder.decode(packet.toEncodedVideoChunk());
      this.fed++;
    }
    if (this.stopped) return;
    await this.decoder.flush(); // every output callback has run when this resolves
    this.flushed = true;
    this.changes.notify();
  }

  private onOutput(frame: VideoFrame): void {
    const index = this.closed || this.done ? -1 : this.video.table.indexOf(frame.timestamp, this.lastIndex);
    // not selected, past the end, or a time the container does not list: free it now
    if (index <= this.lastIndex || !this.selection.mask[index]) {
      if (index > this.lastIndex) this.lastIndex = index;
      frame.close();
      return;
    }
    this.lastIndex = index;
    if (index !== this.expected && this.firstMissing < 0) this.firstMissing = this.expected;
    this.expected = this.nextSelected(index);
    if (index === this.selection.last) this.done = true;
    this.ready.push({ frame, index });
    this.changes.notify();
  }

  private nextSelected(index: number): number {
    const mask = this.selection.mask;
    for (let i = index + 1; i <= this.selection.last; i++) if (mask[i]) return i;
    return -1;
  }

  /** "Frame k of n (t = … s)": where decoding stands, for error messages. */
  private where(): string {
    const { table } = this.video;
    const k = this.expected >= 0 ? this.expected : this.selection.last;
    return `Decoding stopped at frame ${k} of ${table.count} (t = ${table.timestamps[k].toFixed(3)} s)`;
  }

  private missingError(index: number): VideoDecodeError {
    const { table } = this.video;
    const frameAt = (i: number) => `frame ${i} of ${table.count} (t = ${table.timestamps[i].toFixed(3)} s)`;
    if (this.flushed && this.fed < this.expectedPackets) {
      // the data stops after the last frame the decoder gave (selected or not), which can lie before the range
      const stop = Math.min(Math.max(this.lastIndex + 1, 0), index);
      const done =
        index > this.selection.first
          ? 'the frames before that point were processed.'
          : stop < index
            ? `the range asked for starts at ${frameAt(index)}, after that point: no frame was processed.`
            : 'no frame of the range was processed.';
      return new VideoDecodeError(
        `The video ends early: it lists ${table.count} frames, but its data stops before ${frameAt(stop)}. ` +
          `The file is truncated (an interrupted download or copy); ${done}`,
      );
    }
    return new VideoDecodeError(`The decoder returned no picture for ${frameAt(index)}: the stream is corrupt there.`);
  }

  private fail(error: Error): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    this.changes.notify();
  }
}
