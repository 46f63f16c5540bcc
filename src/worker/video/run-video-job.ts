// One video job in the worker: open (in the job's video thread, video-source.ts) → select frames →
// decode ahead (bounded, in that thread) → the engine's one-frame step → stream each result to the
// listener (its buffer transferred), optionally drawing and encoding an annotated copy. Every decoder,
// encoder, frame, file reader and thread is released on every exit path.

import { releaseProxy, transfer } from 'comlink';
import { abortError } from '../../postprocess/index.js';
import type {
  FrameOptions,
  PackedFrameResult,
  PackedVideoFrame,
  VideoJobListener,
  VideoJobOptions,
  VideoJobSummary,
} from '../api.js';
import { selectFrames } from './frame-selection.js';
import { truncationError } from './video-facts.js';
import type { InputSpec, PreparedInput } from './video-thread-protocol.js';
import { openVideoSource, type FrameSource, type VideoSource } from './video-source.js';
import type { VideoAnnotator } from './video-annotator.js';

/** What a job needs from the engine. */
export interface VideoJobContext {
  /** The video file. */
  file: Blob;
  /** Frame selection, thresholds, annotation. */
  options: VideoJobOptions;
  /** Receives the metadata, then each frame. */
  listener: VideoJobListener;
  /** Aborts the job (Engine.cancel). */
  signal: AbortSignal;
  /** Class labels of the loaded model (drawn on the annotated video). */
  labels: readonly string[];
  /** The engine's one-frame step (preprocess → infer → decode); it closes the frame. */
  runFrame(frame: VideoFrame, options: FrameOptions): Promise<PackedFrameResult>;
  /** The same step for an input the video thread made (infer → decode). */
  runPrepared(input: PreparedInput, options: FrameOptions): Promise<PackedFrameResult>;
  /** The model's input, for the video thread to make from each frame; none when frames must come whole (tiling). */
  prepare?: InputSpec;
}

/**
 * Sends listener calls and knows when the last one was handled. Through Comlink each call is a message
 * on the listener's own channel, while the job's result goes back on the worker's channel, and two
 * channels keep no order between them: the job settles only after its last message was acknowledged,
 * so every frame reaches the page before the result (or the error and its partial result) does.
 */
class Delivery {
  private last: Promise<unknown> = Promise.resolve();

  /** Records the value a listener call returned (a promise when the listener is a Comlink proxy). */
  sent(result: unknown): void {
    if (result instanceof Promise) this.last = result.catch(() => undefined); // a failing page-side call is the page's business
  }

  /** Resolves once the page handled every call sent so far (the channel delivers in order). */
  settled(): Promise<unknown> {
    return this.last;
  }
}

/** Closes the Comlink channel of a proxied listener at once, rather than whenever it is garbage-collected. */
function release(listener: VideoJobListener): void {
  const remote = listener as Partial<Record<typeof releaseProxy, () => void>>;
  if (typeof remote[releaseProxy] === 'function') remote[releaseProxy]();
}

/** Runs the job; resolves with its summary once every selected frame went to `listener.frame`. */
export async function runVideoJob(ctx: VideoJobContext): Promise<VideoJobSummary> {
  const t0 = performance.now();
  const { options, listener, signal } = ctx;
  const frameOptions: FrameOptions = {
    scoreThreshold: options.scoreThreshold,
    iouThreshold: options.iouThreshold,
    maxDetections: options.maxDetections,
    classAgnostic: options.classAgnostic,
    resizeFilter: options.resizeFilter,
    track: options.track,
    tiling: options.tiling,
  };
  const delivery = new Delivery();
  let video: VideoSource | undefined;
  let decoder: FrameSource | undefined;
  let annotator: VideoAnnotator | undefined;
  try {
    if (signal.aborted) throw abortError('Video processing cancelled.');
    video = await openVideoSource(ctx.file, signal);
    const { table, metadata } = video;
    const selection = selectFrames(table.timestamps, options);
    delivery.sent(listener.start(metadata, selection.count));
    let annotatedUnavailableReason: string | undefined;
    if (options.annotate) {
      // the encoder and muxers load only when an annotated copy is asked for
      const { VideoAnnotator } = await import('./video-annotator.js');
      const made = await VideoAnnotator.create(metadata, options.annotate, ctx.labels, ctx.file);
      if (typeof made === 'string') annotatedUnavailableReason = made;
      else annotator = made;
    }
    decoder = video.frames(selection, ctx.prepare);
    decoder.start();
    let processed = 0;
    for (let next = await decoder.next(); next; next = await decoder.next()) {
      const { frame, index, input } = next;
      const annotating = annotator !== undefined && !annotator.unavailableReason;
      let copy: VideoFrame | undefined;
      let result: PackedFrameResult;
      try {
        if (input) {
          // made in the video thread; the frame came too only for the annotated copy
          if (annotating && frame) copy = frame;
          else frame?.close();
          result = await ctx.runPrepared(input, frameOptions);
          decoder.recycle(input);
        } else {
          copy = annotating ? frame!.clone() : undefined; // runFrame closes `frame`
          result = await ctx.runFrame(frame!, frameOptions);
        }
      } catch (error) {
        copy?.close();
        throw error;
      }
      if (copy) await annotator!.add(copy, result, table.timestamps[index], table.durations[index]);
      // the packed result becomes the video frame in place: no per-frame object beyond the platform's
      const out = result as PackedVideoFrame;
      out.frame = index;
      out.timestamp = table.timestamps[index];
      out.duration = table.durations[index];
      delivery.sent(listener.frame(transfer(out, out.trackIds ? [out.buffer, out.trackIds.buffer] : [out.buffer])));
      processed++;
    }
    const cut = truncationError(video, processed, options.end);
    if (cut) throw cut;
    const annotated = annotator ? await annotator.finish() : undefined;
    annotatedUnavailableReason ??= annotator?.unavailableReason;
    const annotatedAudioDroppedReason = annotated ? annotator?.audioDroppedReason : undefined;
    return { metadata, processed, wallMs: performance.now() - t0, annotated, annotatedUnavailableReason, annotatedAudioDroppedReason };
  } catch (error) {
    annotator?.cancel();
    throw error;
  } finally {
    decoder?.close();
    video?.dispose();
    await delivery.settled();
    release(listener);
  }
}
