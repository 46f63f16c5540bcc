// The containers the video pipeline reads, shared by the video reader and the audio passthrough. Naming
// them (not mediabunny's ALL_FORMATS) keeps the HLS, Ogg, WAV, FLAC, MP3 and ADTS demuxers out of the
// on-demand video chunk (~24 KB gzip): a file whose video was read has one of these containers.
import { MATROSKA, MP4, MPEG_TS, QTFF, WEBM } from 'mediabunny';

/** Containers read: MP4/MOV, WebM/Matroska and MPEG-TS. */
export const VIDEO_FORMATS = [MP4, QTFF, WEBM, MATROSKA, MPEG_TS];
