// File → demuxed video track, ready to decode: mediabunny reads the container (MP4/MOV, WebM/MKV and
// the other formats it knows), WebCodecs confirms the codec, and one metadata-only pass over the
// packets gives the exact frame list (count and presentation times) before any frame is decoded.

import {
  BlobSource,
  EncodedPacketSink,
  Input,
  IsobmffInputFormat,
  UnsupportedInputFormatError,
  type InputVideoTrack,
} from 'mediabunny';
import { abortError, VideoDecodeError } from '../../postprocess/index.js';
import type { VideoMetadata } from '../api.js';
import { assertDecodable, describeCodec, REENCODE_HINT } from './codec-support.js';
import { FrameTable, type PacketTiming } from './frame-table.js';
import type { VideoFacts } from './video-facts.js';
import { VIDEO_FORMATS } from './video-formats.js';

/** A video file opened for decoding. `dispose()` frees it (and cancels its reads). */
export interface OpenedVideo extends VideoFacts {
  /** The primary video track. */
  track: InputVideoTrack;
  /** Its packets, in decode order. */
  packets: EncodedPacketSink;
  /** Releases the file and cancels pending reads. */
  dispose(): void;
}

function fileLabel(file: Blob): string {
  const name = (file as Partial<File>).name;
  return name ? `"${name}"` : 'The file';
}

async function primaryTrack(input: Input, label: string): Promise<InputVideoTrack> {
  let track: InputVideoTrack | null;
  try {
    await input.getFormat();
    track = await input.getPrimaryVideoTrack();
  } catch (error) {
    if (error instanceof UnsupportedInputFormatError) {
      throw new VideoDecodeError(`${label} is not a video file this page can read (MP4, MOV, WebM, MKV, MPEG-TS, ...).`, { cause: error });
    }
    throw new VideoDecodeError(`${label} could not be read as a video: ${(error as Error).message}.`, { cause: error });
  }
  if (track) return track;
  const tracks = await input.getTracks().catch(() => []);
  if (tracks.some((t) => t.type === 'audio')) throw new VideoDecodeError(`${label} has audio but no video track.`);
  throw new VideoDecodeError(
    `${label} has no readable tracks: it is empty, or truncated before its index (an MP4 written without "fast start" keeps it at the end).`,
  );
}

async function frameTable(packets: EncodedPacketSink, signal: AbortSignal): Promise<FrameTable> {
  const timings: PacketTiming[] = [];
  for await (const p of packets.packets(undefined, undefined, { metadataOnly: true })) {
    if (signal.aborted) throw abortError('Video processing cancelled.');
    timings.push({ timestamp: p.timestamp, duration: p.duration, microsecondTimestamp: p.microsecondTimestamp });
  }
  return FrameTable.fromPackets(timings);
}

/** Opens `file`'s primary video track. Throws VideoDecodeError (not a video, no video track, codec not decodable here). */
export async function openVideo(file: Blob, signal: AbortSignal): Promise<OpenedVideo> {
  const label = fileLabel(file);
  if (file.size === 0) throw new VideoDecodeError(`${label} is empty (0 bytes).`);
  // The containers that carry video (audio-only demuxers would only add weight to this chunk).
  const input = new Input({ source: new BlobSource(file), formats: VIDEO_FORMATS });
  try {
    const track = await primaryTrack(input, label);
    const codec = await track.getCodec();
    const config = codec ? await track.getDecoderConfig() : null;
    if (!config) {
      const name = describeCodec(codec, null, await track.getInternalCodecId());
      throw new VideoDecodeError(`The video's codec, ${name}, is not one WebCodecs can decode. ${REENCODE_HINT}`);
    }
    await assertDecodable(config, describeCodec(codec, config.codec, null));
    const packets = new EncodedPacketSink(track);
    const table = await frameTable(packets, signal);
    if (table.count === 0) throw new VideoDecodeError(`${label} has a video track without any frames.`);
    const span = table.end - table.start;
    const format = await input.getFormat();
    const declaredEnd = format instanceof IsobmffInputFormat ? null : await track.getDurationFromMetadata().catch(() => null);
    const metadata: VideoMetadata = {
      container: format.name.toLowerCase(),
      codec: config.codec,
      // the decoded picture's size, which the boxes refer to (rotation metadata is not applied)
      width: await track.getSquarePixelWidth(),
      height: await track.getSquarePixelHeight(),
      durationSeconds: table.end,
      frameCount: table.count,
      frameRate: span > 0 ? table.count / span : 0,
    };
    return { track, packets, config, metadata, table, declaredEnd, dispose: () => input.dispose() };
  } catch (error) {
    input.dispose();
    throw error;
  }
}
