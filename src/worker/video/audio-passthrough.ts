// The source's audio in the annotated copy: its encoded packets are remuxed as they are (no decoding,
// no re-encoding) when the output container can hold the codec (MP4: AAC, Opus, MP3, FLAC, ...;
// WebM: Opus, Vorbis). Otherwise the copy is silent and `droppedReason` says why (issue 14, bug 6).

import {
  BlobSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  Input,
  type EncodedPacket,
  type InputAudioTrack,
  type Mp4OutputFormat,
  type Output,
  type WebMOutputFormat,
  type BufferTarget,
} from 'mediabunny';
import { VIDEO_FORMATS } from './video-formats.js';

/** Copies the source's primary audio track into an output, shifted like the video (the copy starts at 0). */
export class AudioPassthrough {
  private readonly source: EncodedAudioPacketSource;
  private readonly packets: AsyncIterator<EncodedPacket>;
  private pending: EncodedPacket | null = null;
  private first = true;
  private done = false;

  private constructor(
    private readonly input: Input,
    private readonly decoderConfig: AudioDecoderConfig,
    track: InputAudioTrack,
  ) {
    this.source = new EncodedAudioPacketSource(track.codec!);
    this.packets = new EncodedPacketSink(track).packets()[Symbol.asyncIterator]();
  }

  /**
   * Reads `file`'s audio track and adds a matching track to `output` (before it starts). Returns null
   * when the file has no audio, or the reason the audio cannot be carried into this container.
   */
  static async attach(
    file: Blob,
    output: Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget>,
  ): Promise<AudioPassthrough | string | null> {
    // the containers the video was read from: the file opened as one of them
    const input = new Input({ source: new BlobSource(file), formats: VIDEO_FORMATS });
    try {
      const track = await input.getPrimaryAudioTrack();
      if (!track) {
        input.dispose();
        return null;
      }
      const codec = track.codec;
      const container = output.format.fileExtension.slice(1).toUpperCase();
      const fits = codec !== null && output.format.getSupportedAudioCodecs().includes(codec);
      const config = fits ? await track.getDecoderConfig() : null;
      if (!fits || !config) {
        input.dispose();
        const name = codec ?? (await track.getCodecParameterString().catch(() => null)) ?? 'an unknown codec';
        return `the source's audio (${name}) cannot be stored in ${container} without re-encoding; the annotated copy is silent`;
      }
      const copy = new AudioPassthrough(input, config, track);
      output.addAudioTrack(copy.source);
      return copy;
    } catch (error) {
      input.dispose();
      return `the source's audio could not be read (${(error as Error).message}); the annotated copy is silent`;
    }
  }

  /**
   * Adds the packets that start before `until` (source seconds), shifted by `-origin`; packets before
   * `origin` (a range that starts later) are left out. Call with the time of each video frame, so
   * the muxer can interleave both tracks as it goes.
   */
  async feed(until: number, origin: number): Promise<void> {
    while (!this.done) {
      const packet = this.pending ?? (await this.nextPacket());
      if (!packet) break;
      if (packet.timestamp >= until) {
        this.pending = packet;
        return;
      }
      this.pending = null;
      if (packet.timestamp < origin) continue;
      const shifted = packet.clone({ timestamp: packet.timestamp - origin });
      await this.source.add(shifted, this.first ? { decoderConfig: this.decoderConfig } : undefined);
      this.first = false;
    }
  }

  /** Adds what is left up to `end` (source seconds, the end of the last video frame) and closes the track. */
  async finish(end: number, origin: number): Promise<void> {
    await this.feed(end, origin);
    this.done = true;
    this.source.close();
    this.dispose();
  }

  /** Frees the source file's reader. */
  dispose(): void {
    this.done = true;
    void this.packets.return?.();
    this.input.dispose();
  }

  private async nextPacket(): Promise<EncodedPacket | null> {
    const next = await this.packets.next();
    if (next.done) {
      this.done = true;
      return null;
    }
    return next.value;
  }
}
