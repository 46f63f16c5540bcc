// Segments of a perf log: a run of frames from one model, on one backend, on one media. Timings of
// different models (or of a photo and a video) must never share a percentile or a "last" value
// (issue 14), so the log starts a new segment whenever one of the three changes.

/** What a segment is keyed by. */
export interface PerfSegmentKey {
  /** Model name (file name or URL tail), '' before the first load. */
  model: string;
  /** Backend that ran it ('wasm', 'webgpu'), '' before the first load. */
  backend: string;
  /** What was detected on ('lights-1.jpg', 'camera', 'video file clip.mp4'), '' when unknown. */
  media: string;
}

/** One segment: its key, its number, and how many frames it holds. */
export interface PerfSegment extends PerfSegmentKey {
  /** 0 for the first segment of a log, then 1, 2, … */
  id: number;
  /** Frames recorded in it so far. */
  frames: number;
  /** Frames the live loop skipped in it. */
  dropped: number;
}

/** The segments of one log, the current one last. */
export class PerfSegments {
  /** Every segment, oldest first (a segment that got no frame is replaced, not kept). */
  readonly list: PerfSegment[] = [{ id: 0, model: '', backend: '', media: '', frames: 0, dropped: 0 }];
  /** What the current media shows, when its marker said (not part of the key a segment is named by). */
  private mediaSource: string | undefined;

  /** The segment new frames go to. */
  get current(): PerfSegment {
    return this.list[this.list.length - 1];
  }

  /**
   * Applies a change of model, backend or media: when any differs from the current segment, a new
   * segment starts (or the current one is renamed when it has no frame yet); likewise when `mediaSource`
   * is given and differs from the last one given (other media under the same name). Returns true when
   * a segment started or was renamed.
   */
  change(next: Partial<PerfSegmentKey>, mediaSource?: string): boolean {
    const cur = this.current;
    const key: PerfSegmentKey = {
      model: next.model ?? cur.model,
      backend: next.backend ?? cur.backend,
      media: next.media ?? cur.media,
    };
    const sameSource = mediaSource === undefined || mediaSource === this.mediaSource;
    if (mediaSource !== undefined) this.mediaSource = mediaSource;
    if (key.model === cur.model && key.backend === cur.backend && key.media === cur.media && sameSource) return false;
    if (cur.frames === 0 && cur.dropped === 0) Object.assign(cur, key);
    else this.list.push({ id: cur.id + 1, ...key, frames: 0, dropped: 0 });
    return true;
  }

  /**
   * Counts one frame and returns its segment's id: segment `id` when given and still known (a frame
   * captured before the media or model changed belongs to the segment it was captured in), else the
   * current one.
   */
  count(id?: number): number {
    const segment = (id !== undefined ? this.byId(id) : undefined) ?? this.current;
    segment.frames++;
    return segment.id;
  }

  /** Forgets every segment but keeps the current key (for PerfLog.clear). */
  reset(): void {
    const { model, backend, media } = this.current;
    this.list.length = 0;
    this.list.push({ id: 0, model, backend, media, frames: 0, dropped: 0 });
  }

  /** The segment with that id. */
  byId(id: number): PerfSegment | undefined {
    // ids are consecutive from list[0].id
    return id >= this.list[0].id ? this.list[id - this.list[0].id] : undefined;
  }
}
