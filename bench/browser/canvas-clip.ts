// An MP4 (H.264) clip drawn frame by frame on a canvas, encoded in the page with WebCodecs through
// mediabunny: the benchmarks' generated videos.
import { BufferTarget, CanvasSource, Mp4OutputFormat, Output, Quality } from 'mediabunny';

/** Encodes `frames` frames of `width` x `height` at `fps`; `draw(ctx, n)` paints frame n. */
export async function canvasClip(
  width: number,
  height: number,
  frames: number,
  fps: number,
  bitrate: number,
  draw: (ctx: OffscreenCanvasRenderingContext2D, n: number) => void,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const output = new Output({ format: new Mp4OutputFormat(), target: new BufferTarget() });
  const source = new CanvasSource(canvas, { codec: 'avc', quality: new Quality({ bitrate }) });
  output.addVideoTrack(source, { frameRate: fps });
  await output.start();
  for (let n = 0; n < frames; n++) {
    draw(ctx, n);
    await source.add(n / fps, 1 / fps);
  }
  await output.finalize();
  return new Blob([output.target.buffer!], { type: 'video/mp4' });
}
