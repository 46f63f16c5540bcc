// Can this browser decode a video track? Names the codec in words a person can act on, and asks
// WebCodecs (VideoDecoder.isConfigSupported) rather than guessing from the user agent.

import type { VideoCodec } from 'mediabunny';
import { VideoDecodeError } from '../../postprocess/index.js';

const FAMILY: Record<VideoCodec, string> = {
  avc: 'H.264',
  hevc: 'HEVC (H.265)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  prores: 'Apple ProRes',
};

/** Container codec ids that mediabunny does not map to a WebCodecs codec (MP4 sample entries, Matroska CodecIDs). */
const CONTAINER_IDS: Record<string, string> = {
  mp4v: 'MPEG-4 Part 2',
  s263: 'H.263',
  mjpa: 'Motion JPEG',
  jpeg: 'Motion JPEG',
  'V_MPEG4/ISO/ASP': 'MPEG-4 Part 2',
  'V_MPEG4/ISO/SP': 'MPEG-4 Part 2',
  V_MPEG2: 'MPEG-2',
  V_MPEG1: 'MPEG-1',
  V_THEORA: 'Theora',
  V_MJPEG: 'Motion JPEG',
  'V_MS/VFW/FOURCC': 'a Video for Windows codec',
};

/** How to get a file this page can read. */
export const REENCODE_HINT = 'Re-encode it as H.264, VP9 or AV1 (e.g. ffmpeg -i input -c:v libx264 -pix_fmt yuv420p output.mp4).';

/**
 * A person-readable name of a track's codec: the family plus the exact codec string or container id,
 * e.g. "HEVC (H.265), hev1.1.6.L60.90" or "MPEG-4 Part 2 ('mp4v')".
 */
export function describeCodec(codec: VideoCodec | null, codecString: string | null, containerId: unknown): string {
  if (codec) return codecString ? `${FAMILY[codec]}, ${codecString}` : FAMILY[codec];
  const id = typeof containerId === 'string' || typeof containerId === 'number' ? String(containerId) : '';
  if (!id) return 'an unknown codec';
  return CONTAINER_IDS[id] ? `${CONTAINER_IDS[id]} ('${id}')` : `an unknown codec ('${id}')`;
}

/** Why this browser cannot decode `config`, or null when it can. */
export async function decoderUnsupportedReason(config: VideoDecoderConfig): Promise<string | null> {
  if (typeof VideoDecoder === 'undefined') {
    return 'this browser has no WebCodecs VideoDecoder (Chrome/Edge 94+, Firefox 130+ and Safari 16.4+ have one)';
  }
  try {
    const support = await VideoDecoder.isConfigSupported(config);
    return support.supported ? null : 'this browser has no decoder for it';
  } catch (error) {
    // isConfigSupported throws a TypeError for a codec string it cannot even parse
    return `this browser rejects its codec string (${(error as Error).message})`;
  }
}

/** Throws a VideoDecodeError naming the codec when this browser cannot decode `config`. */
export async function assertDecodable(config: VideoDecoderConfig, codecName: string): Promise<void> {
  const reason = await decoderUnsupportedReason(config);
  if (reason) throw new VideoDecodeError(`The video's codec, ${codecName}, cannot be decoded here: ${reason}. ${REENCODE_HINT}`);
}
