// Tiled inference of one frame (docs/contracts.md, contract 4), in the worker: the frame arrives once at full
// resolution; every tile is cut from it here (no round trip to the page per tile) into the model's one
// input, run, decoded straight to source px, and the runs are merged by TileMerger. When the
// model's batch dimension is dynamic, tiles run in batches of up to MAX_TILE_BATCH through one reused
// batch buffer. Batched outputs are read in place, one [1, ...] view per tile.

import {
  DEFAULT_IOU_THRESHOLD,
  DEFAULT_MAX_DETECTIONS,
  decode,
  placeImage,
  planTiles,
  TILE_EDGE_MARGIN,
  TileMerger,
  type BoxTransform,
  type DecodeOptions,
  type OutputTensor,
  type ResizeFilter,
  type TilePlan,
  type TileRect,
  type Tiling,
} from '../postprocess/index.js';
import type { FrameOptions, ModelInfo, PackedFrameResult } from './api.js';
import type { Ort, OrtSession } from './ort-runtime.js';
import { frameSize, type Frame, type FramePreprocessor, type SmoothingQuality } from './preprocess.js';
import { InputTensor } from './input-tensor.js';
import { TileCutter } from './tile-cutter.js';
import { runFailure } from './run-failure.js';

/** Most tiles per batched run (a batch of 8 input-sized tiles of a 416 model is a 16 MB input). */
export const MAX_TILE_BATCH = 8;

type OrtOutputs = Awaited<ReturnType<OrtSession['run']>>;

/** What tiled inference needs of a loaded model (the engine's own pieces, shared, not copied). */
export interface TiledModel {
  ort: Ort;
  session: OrtSession;
  inputName: string;
  inputType: 'float32' | 'float16';
  preprocessor: FramePreprocessor;
  info: ModelInfo;
  smoothing?: SmoothingQuality;
  /** Output tensors as decode() reads them (the engine's reader: float32 or float16 bits, in place). */
  readOutputs(session: OrtSession, outputs: OrtOutputs): OutputTensor[];
  disposeOutputs(outputs: OrtOutputs): void;
}

/** A plan with what the frame loop needs, cached while the frame size and tiling stay the same (video). */
interface CachedPlan {
  key: string;
  plan: TilePlan;
  /** The runs in order: null is the full frame. */
  runs: readonly (TileRect | null)[];
  /** The full frame's letterbox transform (reported as the frame's transform). */
  transform: BoxTransform;
}

/** Whether the model's first input dimension is symbolic or unknown (a dynamic batch). */
function hasDynamicBatch(session: OrtSession, inputName: string): boolean {
  const index = session.inputNames.indexOf(inputName);
  const meta = session.inputMetadata[index];
  if (!meta || !meta.isTensor) return false;
  const batch = meta.shape[0];
  return typeof batch !== 'number' || batch < 1;
}

/** Runs frames as tiles on one model. */
export class TiledInference {
  private readonly merger = new TileMerger();
  private readonly cutter: TileCutter;
  private batchable: boolean;
  private batch: Float32Array | Uint16Array | null = null;
  private slots: (Float32Array | Uint16Array)[] = [];
  private cached: CachedPlan | null = null;
  private readonly planeSize: number;
  /** The batch-1 input tensor of sequential runs, over wherever the run's input was packed. */
  private readonly input: InputTensor;

  constructor(private readonly model: TiledModel) {
    const { inputWidth, inputHeight, layout } = model.info;
    this.cutter = new TileCutter(inputWidth, inputHeight, model.smoothing);
    this.input = new InputTensor(model.ort, model.inputType, [1, 3, inputHeight, inputWidth]);
    this.planeSize = 3 * inputWidth * inputHeight;
    // yolov7-nms puts the batch index in a column, not a dimension: its tiles run one by one
    this.batchable = layout !== 'yolov7-nms' && hasDynamicBatch(model.session, model.inputName);
  }

  /** Whether tiles run batched (dynamic batch dimension and outputs that carry it). */
  get batched(): boolean {
    return this.batchable;
  }

  /** The plan for a source of `width` x `height` (cached; throws InputError for bad options). */
  plan(width: number, height: number, tiling: Tiling | undefined): TilePlan {
    return this.cachedPlan(width, height, tiling).plan;
  }

  private cachedPlan(width: number, height: number, tiling: Tiling | undefined): CachedPlan {
    const key = `${width}x${height}:${JSON.stringify(tiling)}`;
    if (this.cached?.key === key) return this.cached;
    const { inputWidth, inputHeight, preprocess } = this.model.info;
    const plan = planTiles(width, height, inputWidth, inputHeight, tiling);
    const runs: (TileRect | null)[] = plan.fullFrame ? [null, ...plan.tiles] : [...plan.tiles];
    const transform = placeImage(width, height, inputWidth, inputHeight, preprocess.resize).transform;
    this.cached = { key, plan, runs, transform };
    return this.cached;
  }

  /**
   * Runs `frame` as the tiles of its plan and merges the boxes. `source` is the size the boxes are
   * reported in (the frame's own size when absent). Does not close the frame.
   */
  async run(frame: Frame, options: FrameOptions, source?: { width: number; height: number }): Promise<PackedFrameResult> {
    const t0 = performance.now();
    const own = frameSize(frame);
    const { width: srcWidth, height: srcHeight } = source && source.width > 0 && source.height > 0 ? source : own;
    const cached = this.cachedPlan(srcWidth, srcHeight, options.tiling);
    const timings = { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0, totalMs: 0 };
    const ctx: RunContext = {
      frame,
      scaleX: own.width / srcWidth,
      scaleY: own.height / srcHeight,
      srcWidth,
      srcHeight,
      decodeOptions: this.decodeOptions(options),
      resizeFilter: options.resizeFilter ?? this.model.info.resizeFilter,
      timings,
    };
    try {
      this.merger.reset();
      const batched = this.batchable && (await this.runBatched(cached.runs, ctx));
      if (!batched) {
        this.merger.reset();
        timings.preprocessMs = timings.inferenceMs = timings.postprocessMs = 0;
        await this.runSequential(cached.runs, ctx);
      }
    } finally {
      this.cutter.release();
    }
    const m0 = performance.now();
    const merged = this.merger.merge(
      options.iouThreshold ?? DEFAULT_IOU_THRESHOLD,
      options.classAgnostic ?? false,
      Math.max(0, Math.floor(options.maxDetections ?? DEFAULT_MAX_DETECTIONS)),
    );
    timings.postprocessMs += performance.now() - m0;
    timings.totalMs = performance.now() - t0;
    return {
      buffer: merged.boxes.buffer as ArrayBuffer,
      count: merged.count,
      sourceWidth: srcWidth,
      sourceHeight: srcHeight,
      transform: cached.transform,
      timings,
      tiles: cached.runs.length,
    };
  }

  private decodeOptions(options: FrameOptions): DecodeOptions {
    const { info } = this.model;
    return {
      layout: info.layout,
      inputWidth: info.inputWidth,
      inputHeight: info.inputHeight,
      anchors: info.anchors,
      strides: info.strides,
      scoreThreshold: options.scoreThreshold,
      iouThreshold: options.iouThreshold,
      maxDetections: options.maxDetections,
      classAgnostic: options.classAgnostic,
    };
  }

  /**
   * One run's input, the letterboxed full frame or a tile, and its transform: written into `out`, or
   * left where it was packed when `inPlace` (the sequential runs read it there).
   */
  private async prepare(
    run: TileRect | null,
    ctx: RunContext,
    out: Float32Array | Uint16Array,
    inPlace: boolean,
  ): Promise<{ transform: BoxTransform; data: Float32Array | Uint16Array }> {
    const { preprocessor, info } = this.model;
    if (run === null) {
      const placement = await preprocessor.run(ctx.frame, info.preprocess, ctx.resizeFilter, { width: ctx.srcWidth, height: ctx.srcHeight });
      if (inPlace) return { transform: placement.transform, data: preprocessor.data };
      out.set(preprocessor.data);
      return { transform: placement.transform, data: out };
    }
    return this.cutter.cut(ctx.frame, run, ctx.scaleX, ctx.scaleY, ctx.srcWidth, ctx.srcHeight, info.preprocess, out, inPlace);
  }

  /** Decodes one run's outputs into the merger. */
  private collect(outputs: readonly OutputTensor[], run: TileRect | null, transform: BoxTransform, ctx: RunContext): void {
    const detections = decode(outputs, { ...ctx.decodeOptions, transform });
    const margin = TILE_EDGE_MARGIN / Math.min(transform.scaleX, transform.scaleY);
    this.merger.add(detections, run, ctx.srcWidth, ctx.srcHeight, margin);
  }

  /** One run at a time, each read where it was packed. */
  private async runSequential(runs: readonly (TileRect | null)[], ctx: RunContext): Promise<void> {
    const { session, inputName, preprocessor } = this.model;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      const a = performance.now();
      const { transform, data } = await this.prepare(run, ctx, preprocessor.input, true);
      const b = performance.now();
      const outputs = await session.run({ [inputName]: this.input.over(data) }).catch((e: unknown) => {
        throw runFailure(e, this.model.info.backend, 'frame');
      });
      const c = performance.now();
      try {
        this.collect(this.model.readOutputs(session, outputs), run, transform, ctx);
      } finally {
        this.model.disposeOutputs(outputs);
      }
      ctx.timings.preprocessMs += b - a;
      ctx.timings.inferenceMs += c - b;
      ctx.timings.postprocessMs += performance.now() - c;
    }
  }

  /** The reused batch buffer and its per-tile slots. */
  private batchBuffer(): Float32Array | Uint16Array {
    if (!this.batch) {
      const size = MAX_TILE_BATCH * this.planeSize;
      this.batch = this.model.inputType === 'float16' ? new Uint16Array(size) : new Float32Array(size);
      this.slots = [];
      for (let i = 0; i < MAX_TILE_BATCH; i++) this.slots.push(this.batch.subarray(i * this.planeSize, (i + 1) * this.planeSize));
    }
    return this.batch;
  }

  /**
   * Runs in batches. Returns false (nothing merged) when the outputs turn out not to carry the batch
   * dimension; tiles then run one by one from then on.
   */
  private async runBatched(runs: readonly (TileRect | null)[], ctx: RunContext): Promise<boolean> {
    const { ort, session, inputName, inputType, info } = this.model;
    const batch = this.batchBuffer();
    const transforms: BoxTransform[] = [];
    for (let start = 0; start < runs.length; start += MAX_TILE_BATCH) {
      const k = Math.min(MAX_TILE_BATCH, runs.length - start);
      const a = performance.now();
      for (let j = 0; j < k; j++) transforms[j] = (await this.prepare(runs[start + j], ctx, this.slots[j], false)).transform;
      const b = performance.now();
      const tensor = new ort.Tensor(inputType, batch.subarray(0, k * this.planeSize), [k, 3, info.inputHeight, info.inputWidth]);
      const outputs = await session.run({ [inputName]: tensor }).catch((e: unknown) => {
        throw runFailure(e, info.backend, 'frame');
      });
      const c = performance.now();
      try {
        const tensors = this.model.readOutputs(session, outputs);
        if (!tensors.every((t) => t.dims.length >= 2 && t.dims[0] === k)) {
          this.batchable = false;
          return false;
        }
        for (let j = 0; j < k; j++) {
          // tile j's outputs: the j-th slice of each output, viewed in place as batch 1
          const views = tensors.map((t) => {
            const per = t.data.length / k;
            return { data: t.data.subarray(j * per, (j + 1) * per), dims: [1, ...t.dims.slice(1)] };
          });
          this.collect(views, runs[start + j], transforms[j], ctx);
        }
      } finally {
        this.model.disposeOutputs(outputs);
      }
      ctx.timings.preprocessMs += b - a;
      ctx.timings.inferenceMs += c - b;
      ctx.timings.postprocessMs += performance.now() - c;
    }
    return true;
  }
}

/** The per-frame state shared by the run helpers. */
interface RunContext {
  frame: Frame;
  /** Frame px per source px. */
  scaleX: number;
  scaleY: number;
  srcWidth: number;
  srcHeight: number;
  decodeOptions: DecodeOptions;
  /** How the full-frame run is resized (tiles are cut at native resolution). */
  resizeFilter: ResizeFilter;
  timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number; totalMs: number };
}
