// The annotated copy of a video: each processed frame drawn on an OffscreenCanvas with its boxes,
// encoded by WebCodecs (through mediabunny's VideoSampleSource) and muxed by mediabunny into MP4/H.264
// or WebM/VP9, with the source's audio remuxed where the container allows (audio-passthrough.ts).
// Encoding problems never fail the detection job: they become `unavailableReason`.

import {
  BufferTarget,
  canEncodeVideo,
  Mp4OutputFormat,
  Output,
  Quality,
  VideoSample,
  VideoSampleSource,
  WebMOutputFormat,
  type VideoCodec,
} from 'mediabunny';
import { viewDetections } from '../../postprocess/index.js';
import type { PackedFrameResult, VideoJobOptions, VideoMetadata } from '../api.js';
import { AudioPassthrough } from './audio-passthrough.js';
import { drawDetections } from './draw-detections.js';

/** The `annotate` option in its object form. */
type AnnotateOptions = Exclude<VideoJobOptions['annotate'], boolean | undefined>;

const FORMATS = {
  mp4: { codec: 'avc', mime: 'video/mp4', make: () => new Mp4OutputFormat({ fastStart: 'in-memory' }) },
  webm: { codec: 'vp9', mime: 'video/webm', make: () => new WebMOutputFormat() },
} as const satisfies Record<string, { codec: VideoCodec; mime: string; make: () => Mp4OutputFormat | WebMOutputFormat }>;

/** Draws and encodes processed frames. `add()` each, then `finish()`; `cancel()` on failure. */
export class VideoAnnotator {
  /** Why the annotated video will be missing (set on the first encoding error). */
  unavailableReason: string | undefined;
  /** Why the source's audio is not in the copy, when it has audio. */
  audioDroppedReason: string | undefined;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private origin = NaN;
  private end = 0;
  private audio: AudioPassthrough | null = null;

  private constructor(
    private readonly output: Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget>,
    private readonly source: VideoSampleSource,
    private readonly mime: string,
    private readonly labels: readonly string[],
    width: number,
    height: number,
  ) {
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { alpha: false });
    if (!ctx) throw new Error('OffscreenCanvas 2D is not available in this worker');
    this.ctx = ctx;
  }

  /** Starts an annotated output for `metadata`'s size, or returns why this browser cannot make one. */
  static async create(
    metadata: VideoMetadata,
    option: true | AnnotateOptions,
    labels: readonly string[],
    file: Blob,
  ): Promise<VideoAnnotator | string> {
    if (typeof VideoEncoder === 'undefined') return 'this browser has no WebCodecs VideoEncoder';
    const { format, bitrate } = option === true ? ({} as AnnotateOptions) : option;
    // H.264 and the 4:2:0 encoders want even sizes: the odd last row/column is padding
    const width = metadata.width + (metadata.width % 2);
    const height = metadata.height + (metadata.height % 2);
    const quality = bitrate ? new Quality({ bitrate }) : new Quality('high');
    const tried: string[] = [];
    for (const name of format ? [format] : (['mp4', 'webm'] as const)) {
      const choice = FORMATS[name];
      if (!(await canEncodeVideo(choice.codec, { width, height, quality }))) {
        tried.push(`${choice.codec.toUpperCase()} (${name})`);
        continue;
      }
      const output = new Output({ format: choice.make(), target: new BufferTarget() });
      const source = new VideoSampleSource({ codec: choice.codec, quality, keyFrameInterval: 2 });
      output.addVideoTrack(source);
      const audio = await AudioPassthrough.attach(file, output);
      try {
        await output.start();
      } catch (error) {
        if (audio instanceof AudioPassthrough) audio.dispose();
        tried.push(`${name}: ${(error as Error).message}`);
        continue;
      }
      const annotator = new VideoAnnotator(output, source, choice.mime, labels, width, height);
      if (audio instanceof AudioPassthrough) annotator.audio = audio;
      else if (typeof audio === 'string') annotator.audioDroppedReason = audio;
      return annotator;
    }
    return `this browser cannot encode ${tried.join(' or ')} at ${width}x${height}`;
  }

  /** Draws `frame` with the detections of `result`, closes the frame and encodes the drawing. */
  async add(frame: VideoFrame, result: PackedFrameResult, timestamp: number, duration: number | undefined): Promise<void> {
    try {
      if (this.unavailableReason) return;
      this.ctx.drawImage(frame, 0, 0, result.sourceWidth, result.sourceHeight);
      frame.close();
      drawDetections(this.ctx, viewDetections(result.buffer, result.count), this.labels, result.trackIds);
      // the copy starts at 0 whatever the range processed, so every player starts it at once
      if (Number.isNaN(this.origin)) this.origin = timestamp;
      this.end = timestamp + (duration ?? 0);
      // the audio up to this frame first, so the muxer interleaves both tracks as it goes
      await this.audio?.feed(timestamp, this.origin);
      const sample = new VideoSample(this.ctx.canvas, { timestamp: timestamp - this.origin, duration });
      try {
        await this.source.add(sample);
      } finally {
        sample.close();
      }
    } catch (error) {
      this.unavailableReason = `encoding the annotated video failed: ${(error as Error).message}`;
      this.cancel();
    } finally {
      frame.close();
    }
  }

  /** Finalises the file; undefined (with `unavailableReason` set) when encoding failed. */
  async finish(): Promise<Blob | undefined> {
    if (this.unavailableReason) return undefined;
    try {
      await this.audio?.finish(this.end, this.origin);
      this.source.close();
      await this.output.finalize();
      return new Blob([this.output.target.buffer!], { type: this.mime });
    } catch (error) {
      this.unavailableReason = `finishing the annotated video failed: ${(error as Error).message}`;
      return undefined;
    }
  }

  /** Drops the output and frees the encoder. */
  cancel(): void {
    this.audio?.dispose();
    if (this.output.state === 'started' || this.output.state === 'pending') void this.output.cancel().catch(() => undefined);
  }
}
