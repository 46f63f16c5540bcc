// Test clips made in the page: WebCodecs VideoEncoder (through mediabunny's CanvasSource) + mediabunny
// Output, and the ffmpeg-made ones from the Node command. Every clip shows a white 24x24 square on
// black at x = 4 + 2n, y = 40 + 2(n mod 3) in frame n, so the square's centre is (16 + 2n, 52 + 2(n mod 3)).
import { commands } from 'vitest/browser';
import {
  ALL_FORMATS,
  BlobSource,
  BufferTarget,
  CanvasSource,
  EncodedPacketSink,
  Input,
  Mp4OutputFormat,
  Output,
  Quality,
  VideoSampleSink,
  WebMOutputFormat,
} from 'mediabunny';
import type { FfmpegClipKind, ProbedFrame } from './ffmpeg-clips.js';

/** Where the square's centre is in frame n (source px). */
export const squareCentre = (n: number) => ({ x: 16 + 2 * n, y: 52 + 2 * (n % 3) });

/** A clip to make in the page. */
export interface ClipSpec {
  codec: 'avc' | 'vp9' | 'vp8' | 'av1';
  frames?: number;
  fps?: number;
  /** MP4 only: index (moov) first (default) or at the end. */
  fastStart?: boolean;
}

/** Encodes the moving-square clip: H.264 → MP4, the others → WebM. */
export async function makeClip({ codec, frames = 30, fps = 30, fastStart = true }: ClipSpec): Promise<Blob> {
  const canvas = new OffscreenCanvas(160, 120);
  const ctx = canvas.getContext('2d')!;
  const mp4 = codec === 'avc';
  const output = new Output({
    format: mp4 ? new Mp4OutputFormat({ fastStart: fastStart ? 'in-memory' : false }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new CanvasSource(canvas, { codec, quality: new Quality({ bitrate: 400_000 }), keyFrameInterval: 0.5 });
  output.addVideoTrack(source, { frameRate: fps });
  await output.start();
  for (let n = 0; n < frames; n++) {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 160, 120);
    ctx.fillStyle = '#fff';
    ctx.fillRect(4 + 2 * n, 40 + 2 * (n % 3), 24, 24);
    await source.add(n / fps, 1 / fps);
  }
  await output.finalize();
  return new Blob([output.target.buffer!], { type: mp4 ? 'video/mp4' : 'video/webm' });
}

/**
 * An ffmpeg-made clip and ffprobe's frames. Without ffmpeg (or its encoder) the test is skipped through
 * `skip` (the test context's), with the reason printed.
 */
export async function ffmpegClip(kind: FfmpegClipKind, skip: (note: string) => never): Promise<{ blob: Blob; frames: ProbedFrame[]; profile: string }> {
  const clip = await commands.ffmpegClip(kind);
  if (!clip.ok) {
    console.warn(`[skip] ${kind} clip: ${clip.reason}`);
    skip(clip.reason);
  }
  const bytes = Uint8Array.from(atob(clip.base64), (c) => c.charCodeAt(0));
  return { blob: new Blob([bytes], { type: 'video/mp4' }), frames: clip.frames, profile: clip.profile };
}

/** The container's frame times in presentation order, read with mediabunny on the page. */
export async function containerTimestamps(blob: Blob): Promise<number[]> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const track = (await input.getPrimaryVideoTrack())!;
    const times: number[] = [];
    for await (const p of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) times.push(p.timestamp);
    return times.sort((a, b) => a - b);
  } finally {
    input.dispose();
  }
}

/** Frames `indices` (presentation order) decoded on the page by mediabunny's own sink; the caller closes them. */
export async function decodeOnPage(blob: Blob, indices: readonly number[]): Promise<Map<number, VideoFrame>> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  const out = new Map<number, VideoFrame>();
  const last = Math.max(...indices);
  try {
    const sink = new VideoSampleSink((await input.getPrimaryVideoTrack())!);
    let k = 0;
    for await (const sample of sink.samples()) {
      if (indices.includes(k)) out.set(k, sample.toVideoFrame());
      sample.close();
      if (++k > last) break;
    }
    return out;
  } finally {
    input.dispose();
  }
}

/** Number of video frames in a file, and whether all of them decode (a player could show it). */
export async function countDecodableFrames(blob: Blob): Promise<{ packets: number; decoded: number; codec: string }> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const track = (await input.getPrimaryVideoTrack())!;
    const packets = (await containerTimestamps(blob)).length;
    let decoded = 0;
    for await (const sample of new VideoSampleSink(track).samples()) {
      decoded++;
      sample.close();
    }
    return { packets, decoded, codec: (await track.getCodecParameterString()) ?? '' };
  } finally {
    input.dispose();
  }
}
