// npm run bench -- track (part): the tracker's accuracy on generated clips of moving lights with ground
// truth (tools/train/make_track_clips.py: crossings, 5-15-frame occlusions behind posts and switched-off
// lights, entries and exits). The shipped model detects every frame (onnxruntime-web in Node, the project's
// preprocessing and decode()); trackers run on those detections and are scored with src/track/metrics.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { ort } from '../test/helpers/ort.js';
import { conventionForLayout, decode, detectLayout, type Detections, type LayoutName } from '../src/postprocess/index.js';
import { ByteTracker, trackingMetrics, type TrackerOptions, type TrackFrame, type TrackingMetrics } from '../src/track/index.js';
import { PixelPacker } from '../src/worker/pixels.js';
import { readOnnxHeader } from '../src/worker/onnx-metadata.js';
import { headsGeometry } from '../tools/eval/samples-map.js';
import { parseImageSize } from '../src/worker/python-literal.js';
import { placeInto, resizeSmooth, type RgbaImage } from '../test/helpers/image.js';

const MODEL = process.env.TRACK_EVAL_MODEL ?? 'models/wrgb-416.onnx';
const DIR = 'bench-output/track-clips';
const SEEDS = (process.env.TRACK_EVAL_SEEDS ?? "4,5,6").split(",").map(Number);
const FRAMES = 240;
/** Detections are decoded down to this: the lowest tracker low threshold the grid tries. */
const DECODE_THRESHOLD = 0.05;

interface ClipTruth {
  width: number;
  height: number;
  objects: { id: number; cls: number; kind: string }[];
  frames: [number, number, number, number, number, number][][];
}

function skip(reason: string): never {
  console.log(`\n## Tracking accuracy on generated clips: skipped (${reason})`);
  process.exit(0);
}

/** Makes the clips with the Python generator unless they are there. */
function ensureClips(): void {
  if (SEEDS.every((s) => existsSync(`${DIR}/track-${s}.mp4`) && existsSync(`${DIR}/track-${s}.json`))) return;
  const made = spawnSync('python3', ['tools/train/make_track_clips.py', '--out', DIR, '--frames', String(FRAMES), '--seeds', ...SEEDS.map(String)], {
    stdio: 'inherit',
  });
  if (made.status !== 0) skip('the clips could not be made: tools/train/make_track_clips.py needs python3 with numpy and Pillow, and ffmpeg');
}

/** Decodes a clip to raw RGB frames once (cached next to it). */
function rawFrames(mp4: string, width: number, height: number): { read(k: number): RgbaImage; count: number } {
  const raw = mp4.replace(/\.mp4$/, '.rgb');
  if (!existsSync(raw)) {
    const r = spawnSync('ffmpeg', ['-y', '-loglevel', 'error', '-i', mp4, '-f', 'rawvideo', '-pix_fmt', 'rgb24', raw]);
    if (r.status !== 0) skip(`ffmpeg could not decode ${mp4}`);
  }
  const frameBytes = width * height * 3;
  const fd = openSync(raw, 'r');
  const rgb = Buffer.alloc(frameBytes);
  return {
    count: Math.floor(statSync(raw).size / frameBytes),
    read(k: number): RgbaImage {
      readSync(fd, rgb, 0, frameBytes, k * frameBytes);
      const data = new Uint8Array(width * height * 4);
      for (let p = 0, q = 0; p < frameBytes; p += 3, q += 4) {
        data[q] = rgb[p];
        data[q + 1] = rgb[p + 1];
        data[q + 2] = rgb[p + 2];
        data[q + 3] = 255;
      }
      return { width, height, data };
    },
  };
}

/** Every frame's detections, decoded down to DECODE_THRESHOLD (the lowest low threshold tried), cached as JSON. */
async function detectClip(session: ort.InferenceSession, seed: number, truth: ClipTruth, size: { width: number; height: number }): Promise<Detections[]> {
  const cache = `${DIR}/track-${seed}.detections.json`;
  // raw heads (the shipped model) decode with the anchors and strides of the model's metadata
  const geometry = headsGeometry(MODEL) ?? {};
  const modelStamp = `${MODEL}:${statSync(MODEL).size}:${statSync(MODEL).mtimeMs}:${DECODE_THRESHOLD}`;
  if (existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as { model: string; frames: { boxes: number[]; scores: number[]; classes: number[] }[] };
    if (cached.model === modelStamp) {
      return cached.frames.map((f) => ({ count: f.scores.length, boxes: Float32Array.from(f.boxes), scores: Float32Array.from(f.scores), classes: Uint16Array.from(f.classes) }));
    }
  }
  const frames = rawFrames(`${DIR}/track-${seed}.mp4`, truth.width, truth.height);
  const packer = new PixelPacker();
  const input = new Float32Array(3 * size.width * size.height);
  let layout: LayoutName | undefined;
  const out: Detections[] = [];
  for (let k = 0; k < frames.count; k++) {
    const convention = conventionForLayout(layout ?? 'yolov5');
    const { image, placement } = placeInto(frames.read(k), size.width, size.height, convention.resize, convention.pad, resizeSmooth);
    packer.pack(image.data, size.width, size.height, convention, input);
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, size.height, size.width]) });
    const tensors = session.outputNames.map((n: string) => ({ data: result[n].data as Float32Array, dims: result[n].dims }));
    layout ??= detectLayout(tensors);
    const d = decode(tensors, { layout, inputWidth: size.width, inputHeight: size.height, ...geometry, scoreThreshold: DECODE_THRESHOLD, iouThreshold: 0.45, transform: placement.transform });
    out.push({ count: d.count, boxes: d.boxes.slice(), scores: d.scores.slice(), classes: d.classes.slice() });
  }
  writeFileSync(cache, JSON.stringify({ model: modelStamp, frames: out.map((d) => ({ boxes: Array.from(d.boxes), scores: Array.from(d.scores), classes: Array.from(d.classes) })) }));
  return out;
}

function truthFrames(truth: ClipTruth): TrackFrame[] {
  return truth.frames.map((rows) => ({ ids: rows.map((row) => row[0]), boxes: rows.flatMap((row) => row.slice(2)) }));
}

/** Runs a tracker over the detections; hypotheses are the detections with a confirmed track ID. */
function track(detections: Detections[], options: TrackerOptions): TrackFrame[] {
  const tracker = new ByteTracker({ ...MODEL_DEFAULTS, ...options });
  return detections.map((d) => {
    const step = tracker.update(d, 0.25);
    const ids: number[] = [];
    const boxes: number[] = [];
    for (let k = 0; k < step.count; k++) {
      if (step.trackIds[k] === 0) continue;
      const i = step.indices[k];
      ids.push(step.trackIds[k]);
      boxes.push(...d.boxes.subarray(i * 4, i * 4 + 4));
    }
    return { ids, boxes };
  });
}

/** Sums per-clip counts and recomputes the ratios over all clips. */
function pooled(list: TrackingMetrics[]): TrackingMetrics {
  const sum = (k: Exclude<keyof TrackingMetrics, 'idSwitchesByObject'>) => list.reduce((s, m) => s + m[k], 0);
  const gt = sum('groundTruth');
  const hyp = sum('hypotheses');
  const idtp = sum('idtp');
  return {
    frames: sum('frames'), groundTruth: gt, hypotheses: hyp, matches: sum('matches'), falsePositives: sum('falsePositives'), misses: sum('misses'),
    idSwitches: sum('idSwitches'), idSwitchesByObject: new Map(), mota: 1 - (sum('misses') + sum('falsePositives') + sum('idSwitches')) / gt,
    motp: list.reduce((s, m) => s + m.motp * m.matches, 0) / Math.max(1, sum('matches')),
    idtp, idf1: (2 * idtp) / (gt + hyp), idPrecision: idtp / hyp, idRecall: idtp / gt,
    groundTruthTracks: sum('groundTruthTracks'), hypothesisTracks: sum('hypothesisTracks'),
  };
}

// The model's tracker defaults: the `tracking` block of its sidecar (models/wrgb-416.json), as the
// client applies it to the shipped model; ByteTrack's when there is none.
function modelTrackerDefaults(): TrackerOptions {
  const sidecar = MODEL.replace(/\.onnx$/, '.json');
  if (!existsSync(sidecar)) return {};
  const tracking = (JSON.parse(readFileSync(sidecar, 'utf8')) as { tracking?: { highThreshold?: number; newTrackThreshold?: number } }).tracking;
  return {
    ...(tracking?.highThreshold === undefined ? {} : { highThreshold: tracking.highThreshold }),
    ...(tracking?.newTrackThreshold === undefined ? {} : { newTrackThreshold: tracking.newTrackThreshold }),
  };
}
const MODEL_DEFAULTS = modelTrackerDefaults();

const NAMED_TRACKERS: { name: string; options: TrackerOptions }[] = [
  { name: 'default (class penalty 0.4, lost-track recovery)', options: {} },
  { name: "default with ByteTrack's thresholds (highThreshold 0.5, new tracks from 0.6)", options: { highThreshold: 0.5, newTrackThreshold: 0.6 } },
  { name: 'strictly class-aware (classPenalty Infinity), recovery', options: { classPenalty: Infinity } },
  { name: 'class-blind (classPenalty 0), recovery', options: { classPenalty: 0 } },
  { name: 'class penalty 0.4, no recovery', options: { recoveryGrowth: 0 } },
  { name: 'plain ByteTrack (classPenalty 0, recoveryGrowth 0)', options: { classPenalty: 0, recoveryGrowth: 0 } },
];

// TRACK_EVAL_GRID=1: the defaults with each high threshold (new-track threshold high + 0.05 or + 0.1)
// and low threshold, to choose a model's thresholds (points on its score scale) on clips that the
// reported table does not use.
const GRID: { name: string; options: TrackerOptions }[] = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].flatMap((high) =>
  [0.05, 0.1].flatMap((step) =>
    [0.05, 0.1].map((low) => {
      const newTrack = Math.round((high + step) * 100) / 100;
      return {
        name: `highThreshold ${high}, newTrackThreshold ${newTrack}, lowThreshold ${low}`,
        options: { highThreshold: high, newTrackThreshold: newTrack, lowThreshold: low },
      };
    }),
  ),
);
const TRACKERS = process.env.TRACK_EVAL_GRID ? GRID : NAMED_TRACKERS;

async function main(): Promise<void> {
  if (!existsSync(MODEL)) skip(`${MODEL} is not there`);
  mkdirSync(DIR, { recursive: true });
  ensureClips();
  const header = readOnnxHeader(readFileSync(MODEL));
  const session = await ort.InferenceSession.create(MODEL);
  const size = parseImageSize(header.metadata.imgsz ?? '') ?? { width: 416, height: 416 };
  const results = TRACKERS.map(() => ({ all: [] as TrackingMetrics[], crossingSwitches: 0, differentColourSwitches: 0 }));
  let objects = 0;
  let boxes = 0;
  for (const seed of SEEDS) {
    const truth = JSON.parse(readFileSync(`${DIR}/track-${seed}.json`, 'utf8')) as ClipTruth;
    objects += truth.objects.length;
    boxes += truth.frames.reduce((s, r) => s + r.length, 0);
    const detections = await detectClip(session, seed, truth, size);
    // crossing lights come in pairs (ids 1-2, 3-4, …): the last pair shares a colour, the others differ
    const crossing = truth.objects.filter((o) => o.kind === 'crossing');
    const sameColour = new Set(crossing.filter((o) => crossing.some((p) => p !== o && Math.ceil(p.id / 2) === Math.ceil(o.id / 2) && p.cls === o.cls)).map((o) => o.id));
    TRACKERS.forEach((t, k) => {
      const m = trackingMetrics(truthFrames(truth), track(detections, t.options));
      results[k].all.push(m);
      for (const o of crossing) {
        const n = m.idSwitchesByObject.get(o.id) ?? 0;
        results[k].crossingSwitches += n;
        if (!sameColour.has(o.id)) results[k].differentColourSwitches += n;
      }
    });
  }
  console.log(`\n## Tracking accuracy: ${SEEDS.length} generated clips (${FRAMES} frames each, ${objects} lights, ${boxes} visible boxes), ${MODEL}`);
  console.log(`the model's tracker defaults: ${JSON.stringify(MODEL_DEFAULTS)} (its sidecar's \`tracking\`; every row starts from them)`);
  console.log('| tracker | IDF1 | MOTA | ID switches | on crossing lights (different colours) | misses | false positives | MOTP (IoU) | tracks (truth: ' + objects + ') |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const data = TRACKERS.map((t, k) => {
    const m = pooled(results[k].all);
    const { crossingSwitches, differentColourSwitches } = results[k];
    console.log(`| ${t.name} | ${m.idf1.toFixed(3)} | ${m.mota.toFixed(3)} | ${m.idSwitches} | ${crossingSwitches} (${differentColourSwitches}) | ${m.misses} | ${m.falsePositives} | ${m.motp.toFixed(3)} | ${m.hypothesisTracks} |`);
    const perClip = results[k].all.map(({ idSwitchesByObject: _, ...rest }) => rest);
    return { tracker: t.name, options: t.options, ...m, idSwitchesByObject: undefined, crossingSwitches, differentColourSwitches, perClip };
  });
  writeFileSync(process.env.TRACK_EVAL_GRID ? 'bench-output/track-eval-grid.json' : 'bench-output/track-eval.json', JSON.stringify(data, null, 2));
}

await main();
