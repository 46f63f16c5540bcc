// Video jobs that go wrong: files that are not videos, codecs this browser cannot decode, truncated
// files, cancellation and failing callbacks. Each is a typed error with a message a person can act
// on, the frames done before it are kept on `error.partial`, and the detector keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector, partialResult, VideoDecodeError, type Detector, type FrameResult } from '../../src/index.js';
import { assertDecodable, decoderUnsupportedReason } from '../../src/worker/video/codec-support.js';
import { ffmpegClip, makeClip, squareCentre } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
});
afterAll(() => detector?.dispose());

/** The error a promise rejects with (the test fails if it resolves). */
const rejection = (job: Promise<unknown>) =>
  job.then<never, Error>(
    () => expect.unreachable('the job should have failed'),
    (error: Error) => error,
  );
const fail = (file: Blob, options?: Parameters<Detector['processVideo']>[1]) => rejection(detector.processVideo(file, options));

/** Frames 0..n-1, each showing the square where it was drawn. */
function expectFirstFrames(frames: readonly FrameResult[], n: number): void {
  expect(frames.map((f) => f.frame)).toEqual([...Array(n).keys()]);
  for (const f of frames) expect(Math.abs((f.detections.boxes[0] + f.detections.boxes[2]) / 2 - squareCentre(f.frame).x)).toBeLessThan(1.5);
}

describe('files that are not videos this browser can decode', () => {
  it('a text file is a VideoDecodeError that names it, with an empty partial result', async () => {
    const error = await fail(new File(['just some notes, not a video'], 'notes.txt'));
    expect(error).toBeInstanceOf(VideoDecodeError);
    expect(error.message).toBe('"notes.txt" is not a video file this page can read (MP4, MOV, WebM, MKV, MPEG-TS, ...).');
    expect(partialResult(error)!.frames).toEqual([]);
  });

  it('an image and an empty file are VideoDecodeErrors too', async () => {
    const canvas = new OffscreenCanvas(8, 8);
    canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
    const png = await canvas.convertToBlob();
    expect(await fail(png)).toBeInstanceOf(VideoDecodeError);
    expect((await fail(new Blob([]))).message).toMatch(/is empty \(0 bytes\)/);
  });

  it('an audio-only file says it has no video track', async ({ skip }) => {
    const clip = await ffmpegClip('audio-only', skip);
    expect((await fail(clip.blob)).message).toMatch(/has audio but no video track/);
  });

  it('HEVC, which this Chromium cannot decode, is named in the error with the way out', async ({ skip }) => {
    const clip = await ffmpegClip('hevc', skip);
    const error = await fail(clip.blob);
    expect(error).toBeInstanceOf(VideoDecodeError);
    expect(error.message).toMatch(/codec, HEVC \(H\.265\), hev1\.1\.6\.L\d+\.\w+, cannot be decoded here: this browser has no decoder for it\. Re-encode it as H\.264/);
  });

  it('MPEG-4 Part 2, which WebCodecs has no codec string for, is named by its sample entry', async ({ skip }) => {
    const clip = await ffmpegClip('mpeg4', skip);
    const error = await fail(clip.blob);
    expect(error).toBeInstanceOf(VideoDecodeError);
    expect(error.message).toMatch(/codec, MPEG-4 Part 2 \('mp4v'\), is not one WebCodecs can decode\. Re-encode/);
  });

  it('the codec check says why for a codec string Chromium lacks, and passes H.264', async () => {
    expect(await decoderUnsupportedReason({ codec: 'hvc1.1.6.L93.B0' })).toBe('this browser has no decoder for it');
    expect(await decoderUnsupportedReason({ codec: 'not-a-codec' })).toMatch(/no decoder|rejects its codec string/);
    expect(await decoderUnsupportedReason({ codec: 'avc1.42001f' })).toBeNull();
    await expect(assertDecodable({ codec: 'hvc1.1.6.L93.B0' }, 'HEVC (H.265), hvc1.1.6.L93.B0')).rejects.toThrow(
      /HEVC \(H\.265\), hvc1\.1\.6\.L93\.B0, cannot be decoded here/,
    );
  });
});

describe('truncated files', () => {
  it('with the index first: processes what is there, then a VideoDecodeError names the frame reached', async () => {
    const whole = await makeClip({ codec: 'avc', frames: 45 });
    const cut = whole.slice(0, Math.round(whole.size * 0.6));
    const error = await fail(cut);
    expect(error).toBeInstanceOf(VideoDecodeError);
    const m = /The video ends early: it lists 45 frames, but its data stops before frame (\d+) of 45 \(t = [\d.]+ s\)\. The file is truncated/.exec(error.message);
    expect(m, error.message).not.toBeNull();
    const reached = Number(m![1]);
    expect(reached).toBeGreaterThan(5);
    expect(reached).toBeLessThan(45);
    expectFirstFrames(partialResult(error)!.frames, reached);
    expect(partialResult(error)!.metadata.frameCount).toBe(45);
  });

  it('a range that starts after the cut: names where the data stops, and that nothing was processed', async () => {
    const whole = await makeClip({ codec: 'avc', frames: 45 });
    const error = await fail(whole.slice(0, Math.round(whole.size * 0.6)), { start: 40 / 30 });
    expect(error).toBeInstanceOf(VideoDecodeError);
    const m = /its data stops before frame (\d+) of 45 .*the range asked for starts at frame 40 of 45 \(t = 1\.333 s\), after that point: no frame was processed\.$/.exec(error.message);
    expect(m, error.message).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(40);
    expect(partialResult(error)!.frames).toEqual([]);
  });

  it('a file cut before its first frame\'s data: ends early, not "no key frame"', async () => {
    const whole = await makeClip({ codec: 'avc', frames: 45 });
    const bytes = new DataView(await whole.arrayBuffer());
    let at = 0; // top-level boxes: [size, type] headers; the index comes first, then the frames' data
    while (at + 8 <= bytes.byteLength && String.fromCharCode(...new Uint8Array(bytes.buffer, at + 4, 4)) !== 'mdat') at += bytes.getUint32(at);
    expect(at + 8).toBeLessThan(bytes.byteLength);
    const error = await fail(whole.slice(0, at + 8 + 78));
    expect(error).toBeInstanceOf(VideoDecodeError);
    expect(error.message).toMatch(/^The video ends early or is corrupt: it lists 45 frames, but no key frame's data can be read/);
  });

  it('WebM (no frame index): the header\'s duration tells a cut file, after the frames that are there', async () => {
    const whole = await makeClip({ codec: 'vp9', frames: 90 }); // 3 s, a cluster every 0.5 s
    const error = await fail(whole.slice(0, Math.round(whole.size * 0.6)));
    expect(error).toBeInstanceOf(VideoDecodeError);
    const m = /The video ends early: its header says it lasts 3\.000 s, but its data stops after frame (\d+) \(t = [\d.]+ s\)\. The file is truncated/.exec(error.message);
    expect(m, error.message).not.toBeNull();
    expectFirstFrames(partialResult(error)!.frames, Number(m![1]) + 1);
    // the same cut file is fine for a range that stops before the cut
    expect((await detector.processVideo(whole.slice(0, Math.round(whole.size * 0.6)), { end: 0.5 })).frames.length).toBe(15);
  });

  it('with the index at the end: says the index is missing', async () => {
    const whole = await makeClip({ codec: 'avc', frames: 20, fastStart: false });
    const error = await fail(whole.slice(0, Math.round(whole.size * 0.7)));
    expect(error).toBeInstanceOf(VideoDecodeError);
    expect(error.message).toMatch(/no readable tracks: it is empty, or truncated before its index/);
  });
});

describe('cancellation', () => {
  it('an abort mid-job rejects at once with AbortError, keeps the frames done, and the worker stops decoding', async () => {
    let worker!: Worker;
    let counts = { openDecoders: 0, outputs: 0, threads: 0, threadFrames: 0, threadInputs: 0 };
    let onReport = () => {};
    const createWorker = () => {
      worker = new Worker(new URL('./video/decoder-probe.worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (e: MessageEvent) => {
        if (typeof e.data?.openDecoders !== 'number') return;
        counts = e.data;
        onReport();
      });
      return worker;
    };
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm', createWorker });
    try {
      const clip = await makeClip({ codec: 'avc', frames: 240 });
      const controller = new AbortController();
      let abortedAt = 0;
      const error = await rejection(
        d.processVideo(clip, {
          signal: controller.signal,
          onFrame: (f) => {
            if (f.frame !== 10) return;
            abortedAt = performance.now();
            controller.abort();
          },
        }),
      );
      expect(performance.now() - abortedAt).toBeLessThan(200);
      expect(error).toBeInstanceOf(DOMException);
      expect(error.name).toBe('AbortError');
      expect(error.message).toBe('Video processing was cancelled.');
      expectFirstFrames(partialResult(error)!.frames, 11);
      // the job decoded in a thread of its own (video-thread.worker.ts), which it stops: long before the
      // 240 frames are decoded, no decoder is left open and no decoding thread runs
      const stopped = () => counts.openDecoders === 0 && counts.threads === 0 && counts.threadFrames > 0;
      if (!stopped()) await new Promise<void>((resolve) => (onReport = () => stopped() && resolve()));
      expect(counts.outputs + counts.threadFrames).toBeLessThan(120);
      // and made each frame into the model's input there (no tiling: the job needs no whole frames)
      expect(counts.threadInputs).toBe(counts.threadFrames);
      // and the detector works afterwards
      const again = await d.processVideo(clip, { end: 0.5 });
      expect(again.frames.length).toBe(15);
      expect((await d.detect(new ImageData(64, 64))).detections.count).toBe(1);
    } finally {
      d.dispose();
    }
  });

  it('without a decoding thread (none can start in this worker) a job decodes in the worker itself, with the same results', async () => {
    const clip = await makeClip({ codec: 'avc', frames: 30 });
    const threaded = await detector.processVideo(clip);
    const createWorker = () => new Worker(new URL('./video/swapped-video-thread.worker.ts', import.meta.url), { type: 'module', name: 'no-video-thread' });
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm', createWorker });
    try {
      const local = await d.processVideo(clip);
      expectFirstFrames(local.frames, 30);
      expect(local.frames.map((f) => Array.from(f.detections.boxes))).toEqual(threaded.frames.map((f) => Array.from(f.detections.boxes)));
    } finally {
      d.dispose();
    }
  });

  it('a video thread that dies while opening the file is a VideoDecodeError, not a job that never ends', async () => {
    const clip = await makeClip({ codec: 'avc', frames: 10 });
    const createWorker = () => new Worker(new URL('./video/swapped-video-thread.worker.ts', import.meta.url), { type: 'module', name: 'crashing-video-thread' });
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm', createWorker });
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the job never settled')), 15_000));
      const error = await Promise.race([rejection(d.processVideo(clip)), timeout]);
      expect(error).toBeInstanceOf(VideoDecodeError);
      expect(error.message).toMatch(/The video thread failed \(.*ran out of memory/);
      expect(partialResult(error)!.frames).toEqual([]);
      expect((await d.detect(new ImageData(64, 64))).detections.count).toBe(1); // the detector keeps working
    } finally {
      d.dispose();
    }
  });

  it('an already-aborted signal rejects before any work', async () => {
    const clip = await makeClip({ codec: 'vp8', frames: 5 });
    const error = await fail(clip, { signal: AbortSignal.abort() });
    expect(error.name).toBe('AbortError');
    expect(partialResult(error)!.frames).toEqual([]);
  });

  it('an onFrame that throws stops the job with its own error, frames so far kept', async () => {
    const clip = await makeClip({ codec: 'vp9', frames: 30 });
    const oops = new Error('my handler broke');
    const error = await fail(clip, {
      onFrame: (f) => {
        if (f.frame === 3) throw oops;
      },
    });
    expect(error).toBe(oops);
    expectFirstFrames(partialResult(error)!.frames, 4);
    expect((await detector.processVideo(clip, { end: 0.2 })).frames.length).toBe(6);
  });

  it('disposing the detector mid-job rejects the job with AbortError', async () => {
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
    const clip = await makeClip({ codec: 'avc', frames: 30 });
    const error = await rejection(d.processVideo(clip, { onFrame: (f) => f.frame === 2 && d.dispose() }));
    expect(error.name).toBe('AbortError');
    expect(error.message).toMatch(/disposed/);
    expect(partialResult(error)!.frames.length).toBe(3);
  });
});
