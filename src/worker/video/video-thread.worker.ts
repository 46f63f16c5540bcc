// A video job's thread: opens the file (open-video.ts), demuxes and decodes (frame-decoder.ts), and
// sends the selected frames on to the job as they come out. A thread of its own because a WebCodecs
// decoder only moves when its thread's event loop turns: in the detector worker that loop is held for
// the whole of each session.run, so a frame came out only once the job asked for it (~1 ms of waiting
// per frame, issue 15). Here it decodes while inference runs, and, when the job asks, makes each frame
// into the model's input too (FramePreprocessor, the detector worker's own), so the job's thread only
// runs inference and decodes its outputs. Protocol: video-thread-protocol.ts.

import { Changes } from './changes.js';
import { FrameDecoder } from './frame-decoder.js';
import { openVideo, type OpenedVideo } from './open-video.js';
import { FramePreprocessor } from '../preprocess.js';
import type { FromVideoThread, InputSpec, ToVideoThread } from './video-thread-protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromVideoThread, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const report = (error: unknown) => {
  const e = error as Error;
  post({ type: 'error', name: e?.name ?? 'Error', message: e?.message ?? String(error) });
};
/** The job cancels by terminating this thread: nothing here aborts. */
const never = new AbortController().signal;

let video: OpenedVideo | null = null;
/**
 * The model's input maker, made on the first frame of a job that asks for inputs and kept for the next
 * job of the same input size: a new one's first frame costs 25-32 ms (its canvas, its kernels, and the
 * check that picks how this kind of frame is read), on the critical path of every job's start.
 */
let preprocessor: FramePreprocessor | null = null;
/** Input buffers the job gave back. */
const spare: ArrayBuffer[] = [];
/**
 * How long a waiting thread keeps the preprocessor and the spare inputs: tens of MB for 4K frames (the
 * kernel's memory), which a page that is done with videos should get back.
 */
const KEEP_IDLE_MS = 10_000;
let release: ReturnType<typeof setTimeout> | undefined;
let credits = 0;
/**
 * Credits the job granted that the thread has not used yet: it starts with INITIAL_CREDITS and takes one
 * of these with each credit the job gives back, so the inputs made ahead fill over the job's first
 * frames instead of in one burst during its first inference, which the burst slowed by 5-10 ms (the two
 * cores are shared; issue 15).
 */
let owed = 0;
const INITIAL_CREDITS = 2;
/** Wakes the decode loop when the job grants a credit. */
const credited = new Changes();

async function open(file: Blob): Promise<void> {
  video?.dispose();
  video = null;
  try {
    video = await openVideo(file, never);
    const { config, metadata, table, declaredEnd } = video;
    post({ type: 'opened', config, metadata, table: table.data(), declaredEnd });
  } catch (error) {
    report(error);
  }
}

async function decode(start: Extract<ToVideoThread, { type: 'start' }>): Promise<void> {
  if (!video) return report(new Error('no video is open'));
  clearTimeout(release);
  credits = Math.min(INITIAL_CREDITS, start.capacity);
  owed = start.capacity - credits;
  // half the frames wait decoded here, half in the decoder: the job's credits bound both
  const decoder = new FrameDecoder(video, start.selection, never, Math.max(1, start.capacity >> 1));
  try {
    decoder.start();
    for (let next = await decoder.next(); next; next = await decoder.next()) {
      while (credits === 0) await credited.next();
      credits--;
      const frame = next.frame!; // frames come whole out of the decoder
      if (start.prepare) await sendPrepared(frame, next.index, start.prepare);
      else post({ type: 'frame', frame, index: next.index, input: null }, [frame]);
    }
    post({ type: 'end' });
  } catch (error) {
    report(error);
  } finally {
    decoder.close();
    video.dispose();
    video = null;
    release = setTimeout(() => {
      preprocessor = null;
      spare.length = 0;
    }, KEEP_IDLE_MS);
  }
}

/** The kept preprocessor when it makes inputs of `spec`'s size and type, else a new one. */
function preprocessorFor(spec: InputSpec): FramePreprocessor {
  const p = preprocessor;
  if (p && p.width === spec.width && p.height === spec.height && p.type === spec.type) return p;
  spare.length = 0; // another input size: the kept buffers no longer fit
  preprocessor = new FramePreprocessor(spec.width, spec.height, spec.type);
  return preprocessor;
}

/** Makes `frame` into the model's input (the same FramePreprocessor as the detector worker's) and sends it. */
async function sendPrepared(frame: VideoFrame, index: number, spec: InputSpec): Promise<void> {
  const maker = preprocessorFor(spec);
  const t0 = performance.now();
  let placement;
  try {
    placement = await maker.run(frame, spec.convention, spec.filter);
  } catch (error) {
    frame.close();
    throw error;
  }
  const made = maker.data;
  // a buffer the job gave back, else a new one (the job holds at most `capacity` of them)
  let buffer = spare.pop();
  while (buffer && buffer.byteLength !== made.byteLength) buffer = spare.pop();
  buffer ??= new ArrayBuffer(made.byteLength);
  const data = made instanceof Uint16Array ? new Uint16Array(buffer) : new Float32Array(buffer);
  data.set(made);
  const input = { data, placement, preprocessMs: performance.now() - t0 };
  if (spec.keepFrames) post({ type: 'frame', frame, index, input }, [frame, buffer]);
  else {
    frame.close();
    post({ type: 'frame', frame: null, index, input }, [buffer]);
  }
}

scope.onmessage = (event: MessageEvent<ToVideoThread>) => {
  const message = event.data;
  if (message.type === 'credit') {
    if (message.buffer) spare.push(message.buffer);
    credits++;
    if (owed > 0) {
      owed--;
      credits++;
    }
    credited.notify();
  } else if (message.type === 'open') {
    void open(message.file);
  } else {
    void decode(message);
  }
};
post({ type: 'ready' });
