// Video benchmark (issue 5), in headless Chromium: frames per second of Detector.processVideo over a
// whole clip (in three jobs, a third each), next to two baselines measured in the same run with the
// same model and thread count:
//   - bare inference: onnxruntime-web's session.run in a loop on this page, on input tensors of the
//     clip's own frames prepared beforehand (the ceiling: no decoding, preprocessing or messaging);
//   - seeking a hidden <video> frame by frame (currentTime = t, 'seeked', createImageBitmap, detect).
// Fixture model + car-detection.mp4 when the fixtures exist, else the shipped model + a clip made here.
// A second pass with a model that costs nothing shows the pipeline's own ceiling (decode + preprocess +
// messages) against seeking, where inference no longer hides the difference.
import * as ort from 'onnxruntime-web/wasm';
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';
// the client and postprocess entries, not src/index.ts: that one pulls in the elements (lit), which the
// dev server would discover late and reload the page for
import { createDetector, type Detector, type FrameResult, type ModelInfo } from '../../src/client/index.js';
import { placeImage } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { constantOutputModel } from '../../test/helpers/onnx-builder.js';
import { canvasClip } from './canvas-clip.js';
import { fixture, fmt, median, table, type BenchReport } from './report.js';

/** Frames of the clip made here when the fixtures are absent. */
const CLIP_FRAMES = 300;
/**
 * Bare inference and processVideo alternate in ROUNDS (each job takes the next 1/ROUNDS of the frames),
 * so the machine's drifting load falls on both alike; bare passes come before, between and after.
 */
const ROUNDS = 3;
/**
 * session.run calls per bare-inference pass, after one more that is not timed: the first run after the
 * worker ran is 10-18 ms slower (caches and idle threads), which would make the baseline look slower.
 * Four passes of 40 (5.6 s with yolox-nano): with 12 per pass (1.7 s against the jobs' 14 s) the
 * baseline moved so much that the ratio read anywhere from 0.92 to 1.12 on the same code.
 */
const BARE_RUNS = 40;
/** Frames fetched by seeking the <video>. */
const SEEK_FRAMES = 40;

interface Subject {
  name: string;
  model: string;
  clip: Blob;
  clipName: string;
}

async function subject(): Promise<Subject | null> {
  const car = await fixture('video/car-detection.mp4');
  const base = import.meta.env.VITE_FIXTURES_URL as string;
  if (car) return { name: 'yolox-nano 416', model: `${base}/models/yolox_nano_coco_416.onnx`, clip: car, clipName: 'car-detection.mp4 (H.264 768x432, 377 frames)' };
  const shipped = new URL('../../models/wrgb-416.onnx', import.meta.url).href;
  if (!(await fetch(shipped, { method: 'HEAD' })).ok) return null;
  return { name: 'wrgb-416 (shipped)', model: shipped, clip: await makeClip(), clipName: `generated (H.264 640x360, ${CLIP_FRAMES} frames)` };
}

/** A 640x360 H.264 clip of moving shapes, made here when the fixtures are absent. */
function makeClip(): Promise<Blob> {
  return canvasClip(640, 360, CLIP_FRAMES, 25, 2e6, (ctx, n) => {
    ctx.fillStyle = '#203040';
    ctx.fillRect(0, 0, 640, 360);
    for (let i = 0; i < 5; i++) {
      ctx.fillStyle = ['#f33', '#3f3', '#33f', '#ff3', '#fff'][i];
      ctx.beginPath();
      ctx.arc((60 + 5 * n + 110 * i) % 640, 80 + 50 * i, 18, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
}

/** Input tensors of the clip's first frames, prepared the way the worker prepares them. */
async function inputTensors(clip: Blob, info: ModelInfo, count: number): Promise<Float32Array[]> {
  const { inputWidth: W, inputHeight: H, preprocess } = info;
  const ctx = new OffscreenCanvas(W, H).getContext('2d', { willReadFrequently: true, alpha: false })!;
  const packer = new PixelPacker();
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS });
  const tensors: Float32Array[] = [];
  try {
    for await (const sample of new VideoSampleSink((await input.getPrimaryVideoTrack())!).samples()) {
      const frame = sample.toVideoFrame();
      sample.close();
      const p = placeImage(frame.displayWidth, frame.displayHeight, W, H, preprocess.resize);
      ctx.fillStyle = `rgb(${preprocess.pad},${preprocess.pad},${preprocess.pad})`;
      ctx.fillRect(0, 0, W, H);
      ctx.drawImage(frame, p.x, p.y, p.width, p.height);
      frame.close();
      const tensor = new Float32Array(3 * W * H);
      packer.pack(ctx.getImageData(0, 0, W, H).data, W, H, preprocess, tensor);
      tensors.push(tensor);
      if (tensors.length === count) break;
    }
  } finally {
    input.dispose();
  }
  return tensors;
}

/** Wall time (ms) of `runs` session.run calls on this page, cycling through `tensors`, after one untimed run. */
async function bareInference(session: ort.InferenceSession, info: ModelInfo, tensors: Float32Array[], runs = BARE_RUNS): Promise<number> {
  const name = session.inputNames[0];
  const dims = [1, 3, info.inputHeight, info.inputWidth];
  const run = async (i: number) => {
    const out = await session.run({ [name]: new ort.Tensor('float32', tensors[i % tensors.length], dims) });
    for (const key in out) out[key].dispose();
  };
  await run(tensors.length - 1);
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await run(i);
  return performance.now() - t0;
}

/** The clip's duration in seconds. */
async function duration(clip: Blob): Promise<number> {
  const input = new Input({ source: new BlobSource(clip), formats: ALL_FORMATS });
  try {
    return await input.computeDuration();
  } finally {
    input.dispose();
  }
}

/** The baseline without demuxing: seek a hidden <video> to each frame and detect on a bitmap of it. */
async function seekingFps(detector: Detector, clip: Blob, frameRate: number): Promise<{ fps: number; frames: number }> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = URL.createObjectURL(clip);
  video.style.display = 'none';
  document.body.append(video);
  try {
    await new Promise((resolve, reject) => {
      video.addEventListener('loadeddata', resolve, { once: true });
      video.addEventListener('error', () => reject(new Error(`<video> cannot play the clip: ${video.error?.message}`)), { once: true });
    });
    const t0 = performance.now();
    for (let k = 0; k < SEEK_FRAMES; k++) {
      const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
      video.currentTime = (k + 0.5) / frameRate; // mid-frame: lands on frame k whatever the rounding
      await seeked;
      await detector.detect(await createImageBitmap(video));
    }
    return { fps: (SEEK_FRAMES * 1000) / (performance.now() - t0), frames: SEEK_FRAMES };
  } finally {
    URL.revokeObjectURL(video.src);
    video.remove();
  }
}

/** processVideo and <video> seeking with a model that costs nothing: the pipeline's own ceiling. */
async function pipelineCeiling(s: Subject, threads: number) {
  const model = constantOutputModel(64, [{ name: 'out', dims: [1, 1, 6], data: new Float32Array([1, 1, 9, 9, 0.9, 0]) }]);
  const detector = await createDetector({ model, backend: 'wasm', numThreads: threads });
  try {
    const t0 = performance.now();
    const result = await detector.processVideo(s.clip);
    const videoFps = (result.frames.length * 1000) / (performance.now() - t0);
    const seek = await seekingFps(detector, s.clip, result.metadata.frameRate);
    return { frames: result.frames.length, videoFps, seekFps: seek.fps, preprocessMs: result.timing.preprocessMs };
  } finally {
    detector.dispose();
  }
}

/** Runs the suite (see the file comment) and returns its Markdown report. */
export async function runVideoBench(): Promise<BenchReport> {
  const s = await subject();
  if (!s) return { markdown: '## video\nno model available (fixtures absent and the shipped model missing)', data: null };
  const threads = crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 1;
  console.log(`[bench] video: ${s.name} on ${s.clipName}, ${threads} threads`);
  const detector = await createDetector({ model: s.model, backend: 'wasm', numThreads: threads });
  const info = detector.info;
  let main;
  try {
    ort.env.wasm.numThreads = threads;
    const session = await ort.InferenceSession.create(new Uint8Array(await (await fetch(s.model)).arrayBuffer()), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const tensors = await inputTensors(s.clip, info, 10);
    await bareInference(session, info, tensors, 3); // warm-up
    const span = await duration(s.clip);
    // processVideo's warm-up, as bare inference has its own: the first job loads the worker's video
    // module (demuxers, ~500 kB; 0.4 s in the dev server, once per page) and warms its code paths
    await detector.processVideo(s.clip, { end: span / 25 });
    let bareMs = await bareInference(session, info, tensors);
    let bareRuns = BARE_RUNS;
    let wallMs = 0;
    let inferenceSum = 0;
    // each job's start (call -> first frame's result, less that frame's own worker time: opening the
    // file, decoding from the key frame) and its steady state (first result -> last result)
    let startMs = 0;
    let firstFrameMs = 0;
    let steadyMs = 0;
    let steadyFrames = 0;
    let steadyInference = 0;
    const frames: FrameResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const range = { start: (span * r) / ROUNDS, end: (span * (r + 1)) / ROUNDS };
      const arrivals: number[] = [];
      const t0 = performance.now();
      // wall time from call to result, model warm
      const part = await detector.processVideo(s.clip, { ...range, onFrame: () => arrivals.push(performance.now()) });
      wallMs += performance.now() - t0;
      startMs += arrivals[0] - t0 - part.frames[0].timings.totalMs;
      firstFrameMs += part.frames[0].timings.totalMs;
      steadyMs += arrivals[arrivals.length - 1] - arrivals[0];
      steadyFrames += part.frames.length - 1;
      for (const f of part.frames.slice(1)) steadyInference += f.timings.inferenceMs;
      frames.push(...part.frames);
      for (const f of part.frames) inferenceSum += f.timings.inferenceMs;
      bareMs += await bareInference(session, info, tensors);
      bareRuns += BARE_RUNS;
    }
    await session.release();
    const seek = await seekingFps(detector, s.clip, frames.length / span);
    main = {
      bareFps: (bareRuns * 1000) / bareMs,
      bareRuns,
      videoFps: (frames.length * 1000) / wallMs,
      frames: frames.length,
      wallMs,
      inferenceShare: inferenceSum / wallMs,
      startMs: startMs / ROUNDS,
      firstFrameMs: firstFrameMs / ROUNDS,
      steadyFps: (steadyFrames * 1000) / steadyMs,
      steadyInferenceShare: steadyInference / steadyMs,
      inferenceMs: median(frames.map((f) => f.timings.inferenceMs)),
      totalMs: median(frames.map((f) => f.timings.totalMs)),
      preprocessMs: median(frames.map((f) => f.timings.preprocessMs)),
      postprocessMs: median(frames.map((f) => f.timings.postprocessMs)),
      seekFps: seek.fps,
      seekFrames: seek.frames,
    };
  } finally {
    detector.dispose();
  }
  console.log('[bench] video: pipeline ceiling');
  const ceiling = await pipelineCeiling(s, threads);
  const m = main;
  const rows = [
    ['bare session.run (page, tensors ready)', m.bareRuns, fmt(1000 / m.bareFps), m.bareFps.toFixed(2), '1.00', '-'],
    ['processVideo (worker, decode ahead)', m.frames, fmt(m.wallMs / m.frames), m.videoFps.toFixed(2), (m.videoFps / m.bareFps).toFixed(3), (m.videoFps / m.seekFps).toFixed(2)],
    ['<video> seek + createImageBitmap + detect', m.seekFrames, fmt(1000 / m.seekFps), m.seekFps.toFixed(2), (m.seekFps / m.bareFps).toFixed(3), '1.00'],
  ];
  const ceilingRows = [
    ['processVideo', ceiling.frames, fmt(1000 / ceiling.videoFps), ceiling.videoFps.toFixed(1), (ceiling.videoFps / ceiling.seekFps).toFixed(2)],
    ['<video> seek + createImageBitmap + detect', SEEK_FRAMES, fmt(1000 / ceiling.seekFps), ceiling.seekFps.toFixed(1), '1.00'],
  ];
  const markdown = [
    `## video: ${s.name} on ${s.clipName}, WASM ${info.threads} threads`,
    table(['method', 'frames', 'ms / frame', 'frames / s', 'vs bare inference', 'vs <video> seeking'], rows),
    `processVideo (${ROUNDS} jobs alternating with bare passes) per frame: inference ${fmt(m.inferenceMs)} ms (median in the worker), ` +
      `preprocess ${fmt(m.preprocessMs)} ms, postprocess ${fmt(m.postprocessMs)} ms; ` +
      `inference is ${(m.inferenceShare * 100).toFixed(1)}% of the jobs' wall time (the rest: preprocessing, waits, messages)`,
    // Judged on the smaller of the two ratios: against the page's bare runs (which move ~15 % between
    // runs, and run slower than the worker's own inference when the page is busy) and against the
    // jobs' own inference, so that a slow baseline cannot make the pipeline look free.
    `goal (issue 15): processVideo at least 0.95 of bare inference throughput: ${Math.min(m.videoFps / m.bareFps, m.inferenceShare) >= 0.95 ? 'met' : 'NOT met'} ` +
      `(${(m.videoFps / m.bareFps).toFixed(3)} of the page's bare runs, ${m.inferenceShare.toFixed(3)} of the jobs' own inference)`,
    `each job's start (opening the file, decoding from the key frame before its range) ${fmt(m.startMs)} ms, and its first frame's ` +
      `worker time ${fmt(m.firstFrameMs)} ms (median frame ${fmt(m.totalMs)} ms: the first inference after a pause is slower); ` +
      `from the first result to the last (a long video's steady state): ${(m.steadyFps / m.bareFps).toFixed(3)} of the page's bare runs, ` +
      `${m.steadyInferenceShare.toFixed(3)} of the jobs' own inference`,
    '',
    `## video: pipeline ceiling (a 64 px model that costs nothing), same clip`,
    table(['method', 'frames', 'ms / frame', 'frames / s', 'vs <video> seeking'], ceilingRows),
    `processVideo preprocess median ${fmt(ceiling.preprocessMs)} ms (draw + read back + pack); decoding runs ahead in the browser's media threads`,
  ].join('\n');
  return { markdown, data: { model: s.name, clip: s.clipName, threads: info.threads, ...main, ceiling } };
}
