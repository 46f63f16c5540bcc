// A video track's frames in presentation order: index k is the k-th picture on screen, whatever the
// decode order (B-frames) or the spacing of the timestamps (variable frame rate). Built once per job
// from the container's packet list; pure, so Node tests cover it.

/** The timing fields of a demuxed packet (mediabunny's EncodedPacket has them). */
export interface PacketTiming {
  /** Presentation time in seconds. */
  timestamp: number;
  /** Duration in seconds. */
  duration: number;
  /** Presentation time in µs, as WebCodecs stamps the decoded VideoFrame. */
  microsecondTimestamp: number;
}

/** A FrameTable's contents as plain data (what postMessage can carry to another thread). */
export interface FrameTableData {
  count: number;
  timestamps: Float64Array;
  durations: Float64Array;
  micros: Float64Array;
  decodeOrder: Float64Array;
}

/** Presentation-ordered frame times, and the decode order they came in. */
export class FrameTable {
  /** Number of frames (every video packet of the track). */
  readonly count: number;
  /** Presentation time of frame k in seconds, ascending. */
  readonly timestamps: Float64Array;
  /** Duration of frame k in seconds. */
  readonly durations: Float64Array;
  /** Presentation time of frame k in µs: what the decoder puts on its VideoFrame. */
  private readonly micros: Float64Array;
  /** Presentation time in µs of each packet, in decode order. */
  private readonly decodeOrder: Float64Array;

  private constructor(data: FrameTableData) {
    this.count = data.count;
    this.timestamps = data.timestamps;
    this.durations = data.durations;
    this.micros = data.micros;
    this.decodeOrder = data.decodeOrder;
  }

  /** Builds the table from the track's packets in decode order. */
  static fromPackets(packets: readonly PacketTiming[]): FrameTable {
    const n = packets.length;
    // Sort decode positions by time; ties keep decode order (a stable sort), so no frame is lost.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => packets[a].timestamp - packets[b].timestamp || a - b);
    return new FrameTable({
      count: n,
      timestamps: Float64Array.from(order, (i) => packets[i].timestamp),
      durations: Float64Array.from(order, (i) => packets[i].duration),
      micros: Float64Array.from(order, (i) => packets[i].microsecondTimestamp),
      decodeOrder: Float64Array.from(packets, (p) => p.microsecondTimestamp),
    });
  }

  /** The table `data()` gave, rebuilt (on the job's side of the video thread). */
  static fromData(data: FrameTableData): FrameTable {
    return new FrameTable(data);
  }

  /** The table as plain data, for another thread. */
  data(): FrameTableData {
    const { count, timestamps, durations, micros, decodeOrder } = this;
    return { count, timestamps, durations, micros, decodeOrder };
  }

  /** Presentation time of the first frame in seconds (0 for most files). */
  get start(): number {
    return this.count > 0 ? this.timestamps[0] : 0;
  }

  /** End of the last frame in seconds (its timestamp plus its duration), to the µs. */
  get end(): number {
    let end = 0;
    for (let i = 0; i < this.count; i++) end = Math.max(end, this.timestamps[i] + this.durations[i]);
    return Math.round(end * 1e6) / 1e6; // 30.16, not the float sum's 30.159999999999997
  }

  /**
   * Index of the frame stamped `micros` µs, or -1 when no frame has that time. `after` is the last index
   * handed out: two frames with the same time (a malformed file) then get consecutive indices.
   */
  indexOf(micros: number, after = -1): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.micros[mid] < micros) lo = mid + 1;
      else hi = mid;
    }
    if (lo <= after && after + 1 < this.count && this.micros[after + 1] === micros) lo = after + 1;
    return lo < this.count && this.micros[lo] === micros ? lo : -1;
  }

  /** How many packets follow the one stamped `micros` µs in decode order, itself included (0 if absent). */
  packetsFrom(micros: number): number {
    const position = this.decodeOrder.indexOf(micros);
    return position < 0 ? 0 : this.count - position;
  }
}
