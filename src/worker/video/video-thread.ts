// The job's end of its video thread (video-thread.worker.ts): opens the file there, then hands out the
// frames the thread decodes, in order. Frames wait here until the job takes them; each one taken grants
// the thread a credit for the next, so at most `capacity` frames are in flight or waiting. A thread
// that sent its last frame waits for the next job: starting one costs 20-150 ms (a worker and the
// demuxer's module), more than a short job's decoding.

import { abortError, VideoDecodeError } from '../../postprocess/index.js';
import { DEFAULT_DECODE_AHEAD, type DecodedFrame } from './frame-decoder.js';
import { Changes } from './changes.js';
import type { FrameSelection } from './frame-selection.js';
import { FrameTable } from './frame-table.js';
import type { FrameSource, VideoSource } from './video-source.js';
import type { FromVideoThread, InputSpec, PreparedInput, ToVideoThread } from './video-thread-protocol.js';

/** A thread that finished its last job, waiting for the next. */
let idle: Worker | null = null;

/**
 * Opens `file` in a video thread (a waiting one, or a new one). Null when no thread can start here (no
 * nested workers, a blocked script): the caller opens the file itself. Throws VideoDecodeError or AbortError.
 */
export async function openInThread(file: Blob, signal: AbortSignal): Promise<VideoSource | null> {
  if (typeof Worker === 'undefined') return null;
  let worker = idle;
  idle = null;
  const waiting = worker !== null;
  if (!worker) {
    try {
      worker = new Worker(new URL('./video-thread.worker.ts', import.meta.url), { type: 'module', name: 'yolo-detector-video' });
    } catch {
      return null;
    }
  }
  return new VideoThread(worker, waiting, signal).open(file);
}

type Opened = Extract<FromVideoThread, { type: 'opened' }>;

/** One job's use of a thread: the open file's facts, then its frames (a FrameSource). */
class VideoThread implements FrameSource {
  private readonly ready: DecodedFrame[] = [];
  /** Buffers of inputs used, on their way back to the thread with the next credit. */
  private readonly used: ArrayBuffer[] = [];
  private readonly changes = new Changes();
  private failure: Error | null = null;
  private ended = false;
  private closed = false;
  /** The answer to 'open', while it is awaited. */
  private opening: { resolve(opened: Opened | null): void; reject(error: Error): void } | null = null;
  private selection: FrameSelection | null = null;
  private prepare: InputSpec | undefined;
  private readonly onAbort = () => {
    this.opening?.reject(abortError('Video processing cancelled.'));
    this.changes.notify();
  };

  constructor(
    private readonly worker: Worker,
    /** The thread runs (it said so, or ran a job before); a thread that fails before that is not used. */
    private started: boolean,
    private readonly signal: AbortSignal,
    private readonly capacity = DEFAULT_DECODE_AHEAD,
  ) {
    worker.onmessage = (event: MessageEvent<FromVideoThread>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (!this.started) this.opening?.resolve(null); // never ran: the job reads the file itself
      else this.fail(new VideoDecodeError(`The video thread failed (${event.message || 'no detail'}).`));
    };
    signal.addEventListener('abort', this.onAbort);
  }

  /** The file's source, null when the thread did not start. */
  async open(file: Blob): Promise<VideoSource | null> {
    let opened: Opened | null;
    try {
      if (this.signal.aborted) throw abortError('Video processing cancelled.');
      opened = await new Promise<Opened | null>((resolve, reject) => {
        this.opening = { resolve, reject };
        this.send({ type: 'open', file });
      });
    } catch (error) {
      this.close();
      throw error;
    } finally {
      this.opening = null;
    }
    if (!opened) {
      this.close();
      return null;
    }
    const { config, metadata, declaredEnd } = opened;
    return {
      config,
      metadata,
      declaredEnd,
      table: FrameTable.fromData(opened.table),
      frames: (selection, prepare) => {
        this.selection = selection;
        this.prepare = prepare;
        return this;
      },
      dispose: () => this.close(),
    };
  }

  start(): void {
    if (this.selection) this.send({ type: 'start', selection: this.selection, capacity: this.capacity, prepare: this.prepare });
  }

  /** Keeps `input`'s buffer for the thread: it goes back with the next credit. */
  recycle(input: PreparedInput): void {
    this.used.push(input.data.buffer as ArrayBuffer);
  }

  async next(): Promise<DecodedFrame | null> {
    for (;;) {
      if (this.signal.aborted) throw abortError('Video processing cancelled.');
      const frame = this.ready.shift();
      if (frame) {
        const buffer = this.used.pop();
        if (buffer) this.send({ type: 'credit', buffer }, [buffer]);
        else this.send({ type: 'credit' });
        return frame;
      }
      if (this.failure) throw this.failure; // only after every frame sent before it was handed out
      if (this.ended) return null;
      await this.changes.next();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener('abort', this.onAbort);
    // a thread that sent its last frame has closed the file and waits: the next job can take it
    if (this.ended && !this.failure && !idle) idle = this.worker;
    else this.worker.terminate();
    for (const { frame } of this.ready) frame?.close();
    this.ready.length = 0;
    this.changes.notify();
  }

  private receive(message: FromVideoThread): void {
    if (this.closed) {
      if (message.type === 'frame') message.frame?.close();
      return;
    }
    switch (message.type) {
      case 'ready':
        this.started = true;
        return;
      case 'opened':
        this.opening?.resolve(message);
        return;
      case 'frame':
        this.ready.push({ frame: message.frame, index: message.index, input: message.input ?? undefined });
        break;
      case 'end':
        this.ended = true;
        break;
      case 'error': {
        // the thread's errors are the file's: VideoDecodeErrors, whose messages name the file or frame
        this.fail(new VideoDecodeError(message.name === 'VideoDecodeError' ? message.message : `The video could not be read: ${message.message}.`));
        return;
      }
    }
    this.changes.notify();
  }

  private send(message: ToVideoThread, transfer: Transferable[] = []): void {
    if (!this.closed) this.worker.postMessage(message, transfer);
  }

  /** Ends the job with `error`: while the file is being opened, the open rejects; after, `next` throws it. */
  private fail(error: Error): void {
    if (this.opening) {
      this.opening.reject(error);
      return;
    }
    if (this.failure || this.closed) return;
    this.failure = error;
    this.changes.notify();
  }
}
