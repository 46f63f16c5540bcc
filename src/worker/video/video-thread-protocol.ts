// The messages between a video job (in the detector worker) and its video thread
// (video-thread.worker.ts), which opens the file, demuxes and decodes. Frames cross as transferred
// VideoFrames; the job grants credits so that at most `capacity` frames are on their way or waiting,
// and stops the thread by terminating it. A thread that finished a job takes the next `open`.

import type { ImagePlacement, PreprocessConvention, ResizeFilter } from '../../postprocess/index.js';
import type { VideoMetadata } from '../api.js';
import type { FrameSelection } from './frame-selection.js';
import type { FrameTableData } from './frame-table.js';

/** What the job sends. */
export type ToVideoThread =
  /** Open `file`'s primary video track (answered by 'opened' or 'error'). */
  | { type: 'open'; file: Blob }
  /**
   * Decode `selection` of the opened file; send at most `capacity` frames ahead of the credits. With
   * `prepare`, each frame goes as the model's input, made here while the job's inference runs.
   */
  | { type: 'start'; selection: FrameSelection; capacity: number; prepare?: InputSpec }
  /**
   * The job took a frame: one more may be sent. With the buffer of a prepared input it used
   * (transferred), which the thread writes a next input into: one message for both (issue 15).
   */
  | { type: 'credit'; buffer?: ArrayBuffer };

/** What the thread sends. */
export type FromVideoThread =
  /** The thread's module loaded and listens (a job whose thread fails before this reads the file itself). */
  | { type: 'ready' }
  /** The file is open: its facts (the table as plain data). */
  | { type: 'opened'; config: VideoDecoderConfig; metadata: VideoMetadata; table: FrameTableData; declaredEnd: number | null }
  /**
   * The next selected frame, in presentation order (transferred: the job closes it), or its prepared
   * input, or both (an annotated copy draws the frame).
   */
  | { type: 'frame'; frame: VideoFrame | null; index: number; input: PreparedInput | null }
  /** Every selected frame was sent. */
  | { type: 'end' }
  /** Opening or decoding failed (a VideoDecodeError's message, or another error's). */
  | { type: 'error'; name: string; message: string };

/** How the model wants its input: what the video thread needs to make it (FramePreprocessor's arguments). */
export interface InputSpec {
  width: number;
  height: number;
  type: 'float32' | 'float16';
  convention: PreprocessConvention;
  filter: ResizeFilter;
  /** Send the frames too (for the annotated copy). */
  keepFrames: boolean;
}

/** A frame made into the model's input (3·height·width values) in the video thread. */
export interface PreparedInput {
  data: Float32Array | Uint16Array;
  /** Where the picture went in the input (its transform maps boxes back to the frame). */
  placement: ImagePlacement;
  /** What making it took, in the thread. */
  preprocessMs: number;
}
