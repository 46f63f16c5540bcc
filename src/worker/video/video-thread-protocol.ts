// The messages between a video job (in the detector worker) and its video thread
// (video-thread.worker.ts), which opens the file, demuxes and decodes. Frames cross as transferred
// VideoFrames; the job grants credits so that at most `capacity` frames are on their way or waiting,
// and stops the thread by terminating it. A thread that finished a job takes the next `open`.

import type { VideoMetadata } from '../api.js';
import type { FrameSelection } from './frame-selection.js';
import type { FrameTableData } from './frame-table.js';

/** What the job sends. */
export type ToVideoThread =
  /** Open `file`'s primary video track (answered by 'opened' or 'error'). */
  | { type: 'open'; file: Blob }
  /** Decode `selection` of the opened file; send at most `capacity` frames ahead of the credits. */
  | { type: 'start'; selection: FrameSelection; capacity: number }
  /** The job took a frame: one more may be sent. */
  | { type: 'credit' };

/** What the thread sends. */
export type FromVideoThread =
  /** The thread's module loaded and listens (a job whose thread fails before this reads the file itself). */
  | { type: 'ready' }
  /** The file is open: its facts (the table as plain data). */
  | { type: 'opened'; config: VideoDecoderConfig; metadata: VideoMetadata; table: FrameTableData; declaredEnd: number | null }
  /** The next selected frame, in presentation order (transferred: the job closes it). */
  | { type: 'frame'; frame: VideoFrame; index: number }
  /** Every selected frame was sent. */
  | { type: 'end' }
  /** Opening or decoding failed (a VideoDecodeError's message, or another error's). */
  | { type: 'error'; name: string; message: string };
