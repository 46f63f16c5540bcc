// Errors of a video job carry what was done before it stopped: `error.partial` is a VideoResult.

import type { VideoResult } from '../types.js';

/**
 * A processVideo() rejection (VideoDecodeError, InputError, WorkerCrashedError, or a DOMException named
 * AbortError) with the frames processed before it stopped on `partial`.
 */
export type VideoJobError = Error & { partial: VideoResult };

/** Attaches `partial` to `error` (an Error or DOMException) and returns it. */
export function withPartial(error: unknown, partial: VideoResult): VideoJobError {
  const e = (error instanceof Error || error instanceof DOMException ? error : new Error(String(error))) as VideoJobError;
  e.partial = partial;
  return e;
}

/** The partial result on a processVideo() rejection, or undefined for any other error. */
export function partialResult(error: unknown): VideoResult | undefined {
  const partial = (error as Partial<VideoJobError> | null)?.partial;
  return partial && Array.isArray(partial.frames) ? partial : undefined;
}
