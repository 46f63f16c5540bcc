// Live loop benchmark (issue 15): the end-to-end overhead of a live stream for the shipped model,
// period between results minus inference, over inference. Pipelined (two frames in flight: the next
// frame is captured and sent while the worker runs the current one) against the serial loop (one frame
// at a time), both in the same run, alternating, on one detector:
//   - client: detect() on a 1280x960 bitmap, as a page driving createDetector() itself would;
//   - element: <yolo-detector> following a <video>, through capture, worker, overlay, events and perf
//     log; `frames-in-flight` switches it between 2 (default) and 1. Two sources: a canvas stream
//     repainted every display frame with the sample photos (the page draws a 1280x960 photo 60 times a
//     second: load of its own on top of the loop), and H.264 files of the same photos played in a
//     loop at 30 and at 60 fps (the browser's decoder, as with a camera or a clip). The video's frame
//     interval bounds this loop's period.
import '../../src/define.js';
import { createDetector, type Detector, type YoloDetectorElement } from '../../src/index.js';
import { canvasClip } from './canvas-clip.js';
import { fmt, mean, median, table, type BenchReport } from './report.js';

/** Results per element run (the element's loops are paced by the video). */
const FRAMES = 30;
/**
 * Frames per client run: the client loop is paced by nothing but itself, so it runs ~2 s (a live loop
 * runs for minutes; over 30-frame runs its overhead read 3-4 points higher and moved more).
 */
const CLIENT_FRAMES = 200;
const ROUNDS = 3;

interface LoopRun {
  depth: number;
  /** ms between results. */
  period: number;
  /** Median worker inference over the same frames. */
  inference: number;
  /** Mean worker inference over the same frames: the like-for-like partner of `period`, itself a mean. */
  inferenceMean: number;
  /** Median worker total (preprocess + inference + postprocess). */
  total: number;
  /** Median worker preprocessing. */
  preprocess: number;
  /** ms between the video's presented frames (element only). */
  frameInterval?: number;
  /** Results per presented frame (element only): 1 when every frame of the video is detected. */
  detectedShare?: number;
}

// period is a mean (wall time / frames), so it is set against the mean inference; against the median
// (kept as a second column) a right-skewed inference time (a slow frame now and then on a loaded
// machine) counts as overhead though the loop added nothing
/** Results per presented frame from which a loop counts as paced by its video. */
const SOURCE_BOUND = 0.98;
const overhead = (r: LoopRun) => (r.period - r.inferenceMean) / r.inferenceMean;
const overheadVsMedian = (r: LoopRun) => (r.period - r.inference) / r.inference;

async function photo(i: number): Promise<ImageBitmap> {
  return createImageBitmap(await (await fetch(new URL(`../../public/samples/lights-${i}.jpg`, import.meta.url))).blob());
}

async function clientLoop(detector: Detector, bitmap: ImageBitmap, depth: number): Promise<LoopRun> {
  const inference: number[] = [];
  const total: number[] = [];
  const preprocess: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CLIENT_FRAMES; i++) {
    inFlight.push(
      detector.detect(bitmap).then((r) => {
        inference.push(r.timings.inferenceMs);
        total.push(r.timings.totalMs);
        preprocess.push(r.timings.preprocessMs);
      }),
    );
    if (inFlight.length >= depth) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return {
    depth,
    period: (performance.now() - t0) / CLIENT_FRAMES,
    inference: median(inference),
    inferenceMean: mean(inference),
    total: median(total),
    preprocess: median(preprocess),
  };
}

/** The next `count` yolo-detections of `el`, with arrival times; counts the video's frames meanwhile. */
function elementFrames(
  el: YoloDetectorElement,
  video: HTMLVideoElement,
  count: number,
): Promise<{ times: number[]; inference: number[]; total: number[]; preprocess: number[]; videoFrames: number }> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const inference: number[] = [];
    const total: number[] = [];
    const preprocess: number[] = [];
    let videoFrames = 0;
    let counting = true;
    const onVideoFrame = () => {
      if (!counting) return;
      if (times.length > 0) videoFrames++;
      video.requestVideoFrameCallback(onVideoFrame);
    };
    video.requestVideoFrameCallback(onVideoFrame);
    const onResult = (e: CustomEvent) => {
      times.push(performance.now());
      inference.push(e.detail.timings.inferenceMs);
      total.push(e.detail.timings.totalMs);
      preprocess.push(e.detail.timings.preprocessMs);
      if (times.length < count) return;
      counting = false;
      el.removeEventListener('yolo-detections', onResult as EventListener);
      resolve({ times, inference, total, preprocess, videoFrames });
    };
    el.addEventListener('yolo-detections', onResult as EventListener);
  });
}

async function elementLoop(el: YoloDetectorElement, video: HTMLVideoElement, depth: number): Promise<LoopRun> {
  el.framesInFlight = depth;
  await el.updateComplete;
  await elementFrames(el, video, 5); // settle into the new depth
  const { times, inference, total, preprocess, videoFrames } = await elementFrames(el, video, FRAMES + 1);
  const span = times[times.length - 1] - times[0];
  return {
    depth,
    period: span / FRAMES,
    inference: median(inference.slice(1)),
    inferenceMean: mean(inference.slice(1)),
    total: median(total.slice(1)),
    preprocess: median(preprocess.slice(1)),
    frameInterval: span / Math.max(1, videoFrames),
    detectedShare: FRAMES / Math.max(1, videoFrames),
  };
}

/** An H.264 MP4 of the photos, each shown for half a second, at `fps` (encoded here with WebCodecs). */
function photoClip(photos: ImageBitmap[], fps: number): Promise<Blob> {
  return canvasClip(photos[0].width, photos[0].height, 2 * fps, fps, 4e6, (ctx, n) => ctx.drawImage(photos[Math.floor((2 * n) / fps) % photos.length], 0, 0));
}

/** Runs the element's loop on `video` (already set up, not yet playing), both depths, ROUNDS times. */
async function elementRuns(video: HTMLVideoElement): Promise<LoopRun[]> {
  const runs: LoopRun[] = [];
  const el = document.createElement('yolo-detector') as YoloDetectorElement;
  el.backend = 'wasm';
  el.style.cssText = 'display:block;width:640px';
  video.muted = true;
  video.style.width = '100%';
  el.append(video);
  const ready = new Promise((resolve) => el.addEventListener('yolo-ready', resolve, { once: true }));
  document.body.append(el);
  await video.play();
  await ready;
  try {
    await elementFrames(el, video, 10); // warm-up
    for (let round = 0; round < ROUNDS; round++) for (const depth of [1, 2]) runs.push(await elementLoop(el, video, depth));
  } finally {
    video.pause();
    el.remove();
  }
  return runs;
}

export async function runLiveBench(): Promise<BenchReport> {
  const threads = crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 1;
  const photos = await Promise.all([1, 2, 3, 4].map(photo));
  const client: LoopRun[] = [];
  const element: LoopRun[] = [];

  console.log('[bench] live: client loop');
  const detector = await createDetector({ backend: 'wasm', numThreads: threads });
  for (let i = 0; i < 100; i++) await detector.detect(photos[0]); // ~1 s: the JIT's warm-up
  for (let round = 0; round < ROUNDS; round++) for (const depth of [1, 2]) client.push(await clientLoop(detector, photos[0], depth));
  detector.dispose();

  console.log('[bench] live: <yolo-detector> on a video');
  const canvas = document.createElement('canvas');
  canvas.width = photos[0].width;
  canvas.height = photos[0].height;
  const ctx = canvas.getContext('2d')!;
  let n = 0;
  let painting = true;
  const paint = () => {
    if (!painting) return;
    ctx.drawImage(photos[n++ % photos.length], 0, 0);
    requestAnimationFrame(paint);
  };
  paint();
  const video = document.createElement('video');
  video.srcObject = canvas.captureStream();
  try {
    element.push(...(await elementRuns(video)));
  } finally {
    painting = false;
  }

  // 30 fps, as most cameras and clips: the video's own frame interval (33 ms) bounds the loop when the
  // worker is faster; 60 fps: a new frame is always waiting, so the period shows the loop's own cost
  const played: Record<number, LoopRun[]> = {};
  for (const fps of [30, 60]) {
    console.log(`[bench] live: <yolo-detector> on a ${fps} fps video file`);
    const file = document.createElement('video');
    const url = URL.createObjectURL(await photoClip(photos, fps));
    file.src = url;
    file.loop = true;
    played[fps] = await elementRuns(file).finally(() => URL.revokeObjectURL(url));
  }

  const rows = (runs: LoopRun[], what: string) =>
    [1, 2].map((depth) => {
      const mine = runs.filter((r) => r.depth === depth);
      const o = mine.map(overhead);
      const om = mine.map(overheadVsMedian);
      // every presented frame detected: the period is the video's, and period − inference is the loop
      // waiting for the next frame, not a cost of the loop
      const paced = mine[0].detectedShare !== undefined && median(mine.map((r) => r.detectedShare!)) >= SOURCE_BOUND;
      const cost = `${(median(o) * 100).toFixed(1)}% (${o.map((x) => (x * 100).toFixed(1)).join(', ')})`;
      return [
        what,
        depth === 1 ? 'serial (1 in flight)' : 'pipelined (2 in flight)',
        fmt(median(mine.map((r) => r.period))),
        `${fmt(median(mine.map((r) => r.inferenceMean)))} / ${fmt(median(mine.map((r) => r.inference)))}`,
        fmt(median(mine.map((r) => r.preprocess))),
        fmt(median(mine.map((r) => r.total))),
        mine[0].frameInterval === undefined ? '' : fmt(median(mine.map((r) => r.frameInterval!))),
        mine[0].detectedShare === undefined ? '' : median(mine.map((r) => r.detectedShare!)).toFixed(2),
        paced ? `paced by the video: every frame detected (waiting ${cost})` : cost,
        paced ? '' : `${(median(om) * 100).toFixed(1)}%`,
      ];
    });
  const clientOverhead = median(client.filter((r) => r.depth === 2).map(overhead));
  // A pipelined loop's own inference is slowed by whatever the page does meanwhile (on two cores the
  // page's capture lands inside an inference or stalls the worker between two): measured against it,
  // a loop that only moved its work into the inference looks cheaper at the same period. The serial
  // run of the same round has an inference nothing overlaps; the goal is judged on the larger figure.
  const serialInference = client.filter((r) => r.depth === 1).map((r) => r.inferenceMean);
  const clientVsSerial = median(client.filter((r) => r.depth === 2).map((r, i) => (r.period - serialInference[i]) / serialInference[i]));
  const clientJudged = Math.max(clientOverhead, clientVsSerial);
  const ratio = (runs: LoopRun[]) => median(runs.filter((r) => r.depth === 1).map((r) => r.period)) / median(runs.filter((r) => r.depth === 2).map((r) => r.period));
  const markdown = [
    `## live: the shipped model's live loop, ${CLIENT_FRAMES} (client) / ${FRAMES} (element) frames per run, ${ROUNDS} runs per mode alternating (WASM, ${threads} threads)`,
    table(
      [
        'loop',
        'mode',
        'ms / frame',
        'inference mean / median',
        'worker preprocess (median)',
        'worker total (median)',
        'video frame interval',
        'results per video frame',
        'end-to-end overhead (period − mean inference) / mean inference: median (runs)',
        'the same against median inference',
      ],
      [
        ...rows(client, 'client detect()'),
        ...rows(element, '<yolo-detector> on a canvas stream'),
        ...rows(played[30], '<yolo-detector> on a 30 fps video file'),
        ...rows(played[60], '<yolo-detector> on a 60 fps video file'),
      ],
    ),
    `frames per second, pipelined vs serial: client ${ratio(client).toFixed(2)}x, element on the canvas stream ${ratio(element).toFixed(2)}x, ` +
      `on the 30 / 60 fps files ${ratio(played[30]).toFixed(2)}x / ${ratio(played[60]).toFixed(2)}x.`,
    `goal (issue 15): end-to-end overhead at most 10% of inference, pipelined: client detect() ${(clientOverhead * 100).toFixed(1)}% of its own inference, ` +
      `${(clientVsSerial * 100).toFixed(1)}% of the same round's serial inference (which nothing overlaps): ${clientJudged <= 0.1 ? 'met' : 'NOT met'}. Where the video presents frames no faster than the loop takes them (results per video frame >= ${SOURCE_BOUND}), ` +
      'the video sets the period and the loop\'s own cost cannot show in it: those rows say so instead of a figure.',
  ].join('\n');
  photos.forEach((p) => p.close());
  return { markdown, data: { threads, client, element, file: played[30], file60: played[60] } };
}
