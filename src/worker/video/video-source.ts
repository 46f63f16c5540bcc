// A video job's file, opened: its facts and a way to decode a selection of its frames. Opened in a
// video thread of its own where one starts (video-thread.ts), else here in the detector worker (the
// demuxer's module is then loaded on demand: a job that runs in a thread never loads it here).

import { FrameDecoder, type DecodedFrame } from './frame-decoder.js';
import type { FrameSelection } from './frame-selection.js';
import type { VideoFacts } from './video-facts.js';
import type { InputSpec, PreparedInput } from './video-thread-protocol.js';
import { openInThread } from './video-thread.js';

/** The consumer's side of a decoder: `start()`, then `next()` until null; `close()` always. */
export interface FrameSource {
  start(): void;
  /** The next selected frame in presentation order, or null at the end. Throws VideoDecodeError or AbortError. */
  next(): Promise<DecodedFrame | null>;
  /** Gives back a prepared input's buffer once used (sources that prepare inputs reuse it). */
  recycle(input: PreparedInput): void;
  /** Stops decoding and frees every frame not handed out. Idempotent. */
  close(): void;
}

/** An opened video file. */
export interface VideoSource extends VideoFacts {
  /**
   * A decoder of `selection` (one per source). With `prepare`, a source that can (the video thread)
   * hands out each frame's model input made while inference runs; the others hand out frames.
   */
  frames(selection: FrameSelection, prepare?: InputSpec): FrameSource;
  /** Frees the file (and the thread's hold on it). Idempotent. */
  dispose(): void;
}

/** Opens `file` in a video thread, or here where no thread starts. Throws VideoDecodeError or AbortError. */
export async function openVideoSource(file: Blob, signal: AbortSignal): Promise<VideoSource> {
  return (await openInThread(file, signal)) ?? openHere(file, signal);
}

async function openHere(file: Blob, signal: AbortSignal): Promise<VideoSource> {
  const { openVideo } = await import('./open-video.js');
  const video = await openVideo(file, signal);
  const { config, metadata, table, declaredEnd } = video;
  return { config, metadata, table, declaredEnd, frames: (selection) => new FrameDecoder(video, selection, signal), dispose: () => video.dispose() };
}
