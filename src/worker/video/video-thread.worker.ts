// A video job's thread: opens the file (open-video.ts), demuxes and decodes (frame-decoder.ts), and
// sends the selected frames on to the job as they come out. A thread of its own because a WebCodecs
// decoder only moves when its thread's event loop turns: in the detector worker that loop is held for
// the whole of each session.run, so a frame came out only once the job asked for it (~1 ms of waiting
// per frame, issue 15). Here it decodes while inference runs. Protocol: video-thread-protocol.ts.

import { Changes } from './changes.js';
import { FrameDecoder } from './frame-decoder.js';
import { openVideo, type OpenedVideo } from './open-video.js';
import type { FromVideoThread, ToVideoThread } from './video-thread-protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromVideoThread, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const report = (error: unknown) => {
  const e = error as Error;
  post({ type: 'error', name: e?.name ?? 'Error', message: e?.message ?? String(error) });
};
/** The job cancels by terminating this thread: nothing here aborts. */
const never = new AbortController().signal;

let video: OpenedVideo | null = null;
let credits = 0;
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
  credits = start.capacity;
  // half the frames wait decoded here, half in the decoder: the job's credits bound both
  const decoder = new FrameDecoder(video, start.selection, never, Math.max(1, start.capacity >> 1));
  try {
    decoder.start();
    for (let next = await decoder.next(); next; next = await decoder.next()) {
      while (credits === 0) await credited.next();
      credits--;
      post({ type: 'frame', frame: next.frame, index: next.index }, [next.frame]);
    }
    post({ type: 'end' });
  } catch (error) {
    report(error);
  } finally {
    decoder.close();
    video.dispose();
    video = null;
  }
}

scope.onmessage = (event: MessageEvent<ToVideoThread>) => {
  const message = event.data;
  if (message.type === 'credit') {
    credits++;
    credited.notify();
  } else if (message.type === 'open') {
    void open(message.file);
  } else {
    void decode(message);
  }
};
post({ type: 'ready' });
