// Node-side commands the browser tests call (vitest browser `commands`): reference runs with
// onnxruntime-web (WASM, in Node) + decode() on pixels the browser prepared, and the fixtures' MANIFEST.
import { readFileSync } from 'node:fs';
import { ort } from '../helpers/ort.js';
import { decode, type DecodeOptions, type PreprocessConvention } from '../../src/postprocess/index.js';
import { PixelPacker } from '../../src/worker/pixels.js';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { resolveModel } from '../../src/worker/model-config.js';
import { fixturePath, fixturesAvailable, manifestDetections } from '../helpers/fixtures.js';
import { ffmpegClip, type FfmpegClipKind } from './video/ffmpeg-clips.js';
import { evalCommands } from './eval-commands.js';
import { heapUsage, pageHeapCensus, pageHeapCensusDiff } from './heap-commands.js';

export interface NodeDetectArgs {
  /** Model file: a path relative to the repository, or `fixtures:NAME` for a fixture model. */
  model: string;
  /** RGBA pixels of the input-sized image, base64. */
  rgbaBase64: string;
  width: number;
  height: number;
  convention: PreprocessConvention;
  decode: Omit<DecodeOptions, 'inputWidth' | 'inputHeight'>;
}

export interface PlainDetections {
  boxes: number[];
  scores: number[];
  classes: number[];
}

const sessions = new Map<string, Promise<{ session: ort.InferenceSession; metadata: Record<string, string> }>>();

async function open(path: string): Promise<{ session: ort.InferenceSession; metadata: Record<string, string> }> {
  const bytes = readFileSync(path);
  return { session: await ort.InferenceSession.create(bytes), metadata: readOnnxHeader(bytes).metadata };
}

function modelPath(model: string): string {
  return model.startsWith('fixtures:') ? fixturePath('models', model.slice('fixtures:'.length)) : model;
}

/** Runs the model in onnxruntime-web's WASM backend in Node on exactly these pixels and decodes like the worker would. */
export async function nodeDetect(_ctx: unknown, args: NodeDetectArgs): Promise<PlainDetections> {
  const path = modelPath(args.model);
  let opened = sessions.get(path);
  if (!opened) sessions.set(path, (opened = open(path)));
  const { session: s, metadata } = await opened;
  const rgba = new Uint8Array(Buffer.from(args.rgbaBase64, 'base64'));
  const input = new Float32Array(3 * args.width * args.height);
  new PixelPacker().pack(rgba, args.width, args.height, args.convention, input);
  const outputs = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, args.height, args.width]) });
  const tensors = s.outputNames.map((name) => ({ data: outputs[name].data as Float32Array, dims: outputs[name].dims }));
  // the layout, anchors and strides the worker would take from the outputs and the metadata
  const { layout, anchors, strides } = resolveModel(tensors, metadata, {});
  const d = decode(tensors, { layout, anchors, strides, ...args.decode, inputWidth: args.width, inputHeight: args.height });
  return { boxes: Array.from(d.boxes), scores: Array.from(d.scores), classes: Array.from(d.classes) };
}

/** MANIFEST detections per model file and image, or null when the fixtures are absent. */
export function fixtureManifest(): Record<string, Record<string, { label: string; score: number; box: number[] }[]>> | null {
  if (!fixturesAvailable('browser fixture tests')) return null;
  const out: Record<string, Record<string, { label: string; score: number; box: number[] }[]>> = {};
  for (const [model, images] of manifestDetections()) out[model] = Object.fromEntries(images);
  return out;
}

/** Darknet-spelled COCO names (Yolo-FastestV2's list). */
export function fixtureDarknetNames(): string[] {
  return readFileSync(fixturePath('models/coco80_darknet-names.txt'), 'utf8').trim().split('\n');
}

export const commands = {
  nodeDetect,
  fixtureManifest: () => fixtureManifest(),
  fixtureDarknetNames: () => fixtureDarknetNames(),
  /** A small clip made with ffmpeg (B-frames, variable frame rate, undecodable codecs), or why not. */
  ffmpegClip: (_ctx: unknown, kind: FfmpegClipKind) => ffmpegClip(kind),
  ...evalCommands,
  /** JS heap in use after a forced GC, page and matching workers (CDP; the soak test). */
  heapUsage,
  /** A page heap snapshot's objects counted by kind, kept in Node under a label (the soak test's leak report). */
  pageHeapCensus,
  /** What grew most between two censuses. */
  pageHeapCensusDiff,
};
