// Node side of the video tests: small clips made with ffmpeg (B-frames, variable frame rate, codecs
// Chromium cannot decode), returned as base64 with what ffprobe says about their frames.
// Every clip shows a white 24x24 square on black at x = 4 + 2n, y = 40 + 2(n mod 3) in frame n
// (presentation order), like the clips the browser tests make themselves.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The clips the tests can ask for. */
export type FfmpegClipKind = 'h264-bframes' | 'h264-vfr' | 'hevc' | 'mpeg4' | 'audio-only' | 'h264-aac';

/** What ffprobe reports about one decoded frame, in presentation order. */
export interface ProbedFrame {
  /** Presentation time in seconds (ffprobe's pts_time, 6 decimals). */
  pts: number;
  /** Picture type: I, P or B. */
  type: string;
}

/** A clip, or why it could not be made (the caller skips with that reason). */
export type FfmpegClip =
  | { ok: true; base64: string; frames: ProbedFrame[]; codec: string; profile: string }
  | { ok: false; reason: string };

/** The square over black; the picture says which frame it is. */
function movingSquare(rate: number): string {
  // frame number from the time (overlay's own `n` is off by one here); y stays even because overlay
  // rounds positions to the 4:2:0 chroma grid
  const n = `round(t*${rate})`;
  return (
    `color=c=black:s=160x120:r=${rate}[bg];color=c=white:s=24x24:r=${rate}[fg];` +
    `[bg][fg]overlay=x='4+2*${n}':y='40+2*mod(${n},3)':eval=frame[v]`
  );
}

// Frames 0-14 every 40 ms, 15-29 every 100 ms, 30-44 every 20 ms: three rates in one file.
const VFR_PTS_MS = "if(lt(N,15),40*N,if(lt(N,30),600+100*(N-15),2100+20*(N-30)))";

function argsFor(kind: FfmpegClipKind, out: string): string[] | null {
  const video = ['-filter_complex', movingSquare(30), '-map', '[v]', '-frames:v', '45', '-pix_fmt', 'yuv420p'];
  switch (kind) {
    case 'h264-bframes':
      // fixed 2 B-frames between references (no adaptive decision), High profile: decode order != presentation order
      return [...video, '-c:v', 'libx264', '-profile:v', 'high', '-bf', '2', '-x264-params', 'b-adapt=0:scenecut=0', '-g', '15', out];
    case 'h264-vfr':
      return [
        '-filter_complex', `${movingSquare(30)};[v]settb=1/1000,setpts='${VFR_PTS_MS}'[w]`, '-map', '[w]', '-frames:v', '45',
        '-pix_fmt', 'yuv420p', '-fps_mode', 'passthrough', '-enc_time_base:v', '1:1000', '-video_track_timescale', '1000',
        // the encoder's time base must be 1 ms too, or ffmpeg snaps the times to the 30 fps source grid
        '-c:v', 'libx264', '-profile:v', 'main', '-bf', '2', out,
      ];
    case 'hevc':
      return [...video, '-c:v', 'libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', out];
    case 'mpeg4':
      return [...video, '-c:v', 'mpeg4', out];
    case 'h264-aac':
      // the 45 frames (1.5 s) with a 440 Hz tone as AAC: an ordinary phone-style MP4 with sound
      // (-t, not -frames:v: ffmpeg ends the file when the video's frame count is reached, audio or not)
      return [
        '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=1.5', '-filter_complex', movingSquare(30),
        '-map', '[v]', '-map', '0:a', '-t', '1.5', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-c:a', 'aac', '-b:a', '64k', out,
      ];
    case 'audio-only':
      return ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', out];
  }
  return null;
}

const ENCODER: Partial<Record<FfmpegClipKind, string>> = {
  'h264-bframes': 'libx264',
  'h264-vfr': 'libx264',
  hevc: 'libx265',
  mpeg4: 'mpeg4',
  'audio-only': 'aac',
  'h264-aac': 'libx264',
};

let encoders: Promise<string | null> | undefined;

/** ffmpeg's encoder list, or null when ffmpeg is not installed. */
function listEncoders(): Promise<string | null> {
  encoders ??= run('ffmpeg', ['-hide_banner', '-encoders'], { maxBuffer: 4 << 20 }).then(
    (r) => r.stdout,
    () => null,
  );
  return encoders;
}

/** Makes the clip with ffmpeg and probes its frames with ffprobe. */
export async function ffmpegClip(kind: FfmpegClipKind): Promise<FfmpegClip> {
  const list = await listEncoders();
  if (list === null) return { ok: false, reason: 'ffmpeg is not installed (apt-get install ffmpeg)' };
  const encoder = ENCODER[kind]!;
  if (!new RegExp(`^\\s*\\S+\\s+${encoder}\\s`, 'm').test(list)) return { ok: false, reason: `this ffmpeg has no ${encoder} encoder` };
  const dir = await mkdtemp(join(tmpdir(), 'yolo-video-'));
  try {
    const out = join(dir, 'clip.mp4');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...argsFor(kind, out)!], { maxBuffer: 4 << 20 });
    const bytes = await readFile(out);
    const probe = await run(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name,profile:frame=pts_time,pict_type', '-select_streams', kind === 'audio-only' ? 'a:0' : 'v:0', '-of', 'json', out],
      { maxBuffer: 16 << 20 },
    );
    const json = JSON.parse(probe.stdout) as { streams: { codec_name: string; profile?: string }[]; frames?: { pts_time: string; pict_type?: string }[] };
    const frames = kind === 'audio-only' ? [] : (json.frames ?? []).map((f) => ({ pts: Number(f.pts_time), type: f.pict_type ?? '?' }));
    return { ok: true, base64: bytes.toString('base64'), frames, codec: json.streams[0]?.codec_name ?? '', profile: json.streams[0]?.profile ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
