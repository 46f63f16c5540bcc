// The annotated video export: boxes drawn on each processed frame, encoded with WebCodecs and muxed
// by mediabunny; a file any player (here: mediabunny + VideoDecoder) reads back frame for frame.
import { ALL_FORMATS, AudioSampleSink, BlobSource, EncodedPacketSink, Input } from 'mediabunny';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector } from '../../src/index.js';
import { countDecodableFrames, decodeOnPage, ffmpegClip, makeClip, squareCentre } from './video/clips.js';
import { squareFinderModel } from './video/square-model.js';

let detector: Detector;
let clip: Blob;
beforeAll(async () => {
  detector = await createDetector({ model: squareFinderModel(64), backend: 'wasm' });
  clip = await makeClip({ codec: 'vp9', frames: 24 });
});
afterAll(() => detector?.dispose());

/** RGBA of one pixel of a frame. */
function pixel(frame: VideoFrame, x: number, y: number): number[] {
  const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(frame, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data);
}

/** The file's audio as a player gets it: codec, packets (time, size), seconds decoded and their loudness (RMS); null without audio. */
async function audioOf(blob: Blob): Promise<{ codec: string | null; packets: { timestamp: number; bytes: number }[]; seconds: number; rms: number } | null> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) return null;
    const packets: { timestamp: number; bytes: number }[] = [];
    for await (const p of new EncodedPacketSink(track).packets()) packets.push({ timestamp: p.timestamp, bytes: p.data.byteLength });
    let seconds = 0;
    let sum = 0;
    let count = 0;
    for await (const sample of new AudioSampleSink(track).samples()) {
      seconds += sample.duration;
      const plane = new Float32Array(sample.allocationSize({ planeIndex: 0, format: 'f32-planar' }) / 4);
      sample.copyTo(plane, { planeIndex: 0, format: 'f32-planar' });
      for (const v of plane) sum += v * v;
      count += plane.length;
      sample.close();
    }
    return { codec: track.codec, packets, seconds, rms: Math.sqrt(sum / Math.max(1, count)) };
  } finally {
    input.dispose();
  }
}

describe('annotated video', () => {
  it('is an H.264 MP4 by default, with one playable frame per processed frame and the boxes drawn', async () => {
    const result = await detector.processVideo(clip, { annotate: true });
    expect(result.annotatedUnavailableReason).toBeUndefined();
    const video = result.annotated!;
    expect(video.type).toBe('video/mp4');
    const { packets, decoded, codec } = await countDecodableFrames(video);
    expect([packets, decoded]).toEqual([24, 24]);
    expect(codec).toMatch(/^avc1\./);
    // frame 5's box edge is drawn in the class colour: neither the black background nor the white square
    const k = 5;
    const box = result.frames[k].detections.boxes;
    const frame = (await decodeOnPage(video, [k])).get(k)!;
    const [r, g, b] = pixel(frame, Math.round(box[0]), Math.round(squareCentre(k).y));
    frame.close();
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(60); // a saturated colour
  });

  it('can be WebM/VP9, and holds only the frames processed', async () => {
    const result = await detector.processVideo(clip, { annotate: { format: 'webm', bitrate: 300_000 }, frameStep: 3 });
    expect(result.frames.length).toBe(8);
    expect(result.annotated!.type).toBe('video/webm');
    const { packets, decoded, codec } = await countDecodableFrames(result.annotated!);
    expect([packets, decoded]).toEqual([8, 8]);
    expect(codec).toMatch(/^vp09\./);
  });

  it("keeps the source's sound: its AAC packets remuxed unchanged into the MP4, decodable, as long as the video", async ({ skip }) => {
    const source = await ffmpegClip('h264-aac', skip); // 1.5 s, 440 Hz tone
    const result = await detector.processVideo(source.blob, { annotate: true });
    expect(result.annotatedUnavailableReason).toBeUndefined();
    expect(result.annotatedAudioDroppedReason).toBeUndefined();
    const before = (await audioOf(source.blob))!;
    const after = await audioOf(result.annotated!);
    expect(after, 'the annotated MP4 has an audio track').not.toBeNull();
    expect(after!.codec).toBe('aac');
    // remuxed, not re-encoded: the same packets (sizes) at the same times, from the first video frame on
    const kept = before.packets.filter((p) => p.timestamp >= 0);
    expect(after!.packets.map((p) => p.bytes)).toEqual(kept.map((p) => p.bytes));
    after!.packets.forEach((p, i) => expect(p.timestamp).toBeCloseTo(kept[i].timestamp, 3));
    expect(after!.seconds).toBeGreaterThan(1.4);
    expect(after!.seconds).toBeLessThan(1.6);
    expect(after!.rms).toBeGreaterThan(before.rms * 0.9); // the tone, not silence
  });

  it('a time range keeps the sound of that range, shifted to start with the video at 0', async ({ skip }) => {
    const source = await ffmpegClip('h264-aac', skip);
    const result = await detector.processVideo(source.blob, { annotate: true, start: 0.5 });
    const after = (await audioOf(result.annotated!))!;
    expect(after.packets[0].timestamp).toBeGreaterThanOrEqual(0);
    expect(after.packets[0].timestamp).toBeLessThan(0.05); // one AAC packet is 21 ms at 48 kHz
    expect(after.seconds).toBeGreaterThan(0.9);
    expect(after.seconds).toBeLessThan(1.1);
  });

  it('says why a WebM copy is silent: WebM cannot hold AAC without re-encoding', async ({ skip }) => {
    const source = await ffmpegClip('h264-aac', skip);
    const result = await detector.processVideo(source.blob, { annotate: { format: 'webm' } });
    expect(result.annotated!.type).toBe('video/webm');
    expect(await audioOf(result.annotated!)).toBeNull();
    expect(result.annotatedAudioDroppedReason).toMatch(/audio \(aac\) cannot be stored in WEBM without re-encoding/);
  });

  it('is skipped with a reason where the browser cannot encode, and detection still succeeds', async () => {
    const createWorker = () => new Worker(new URL('./video/no-encoder.worker.ts', import.meta.url), { type: 'module' });
    const d = await createDetector({ model: squareFinderModel(64), backend: 'wasm', createWorker });
    try {
      const result = await d.processVideo(clip, { annotate: true });
      expect(result.frames.length).toBe(24);
      expect(result.annotated).toBeUndefined();
      expect(result.annotatedUnavailableReason).toMatch(/no WebCodecs VideoEncoder/);
    } finally {
      d.dispose();
    }
  });
});
