// A minimal protobuf reader for what onnxruntime-web does not expose: ModelProto's metadata_props
// (field 14: repeated {1: key, 2: value}), producer and opsets. It walks only the top-level fields,
// skipping the graph by its length, so it reads a 100 MB model in microseconds. Pure: no DOM.

import { ModelLoadError } from '../postprocess/index.js';

/** What the header of an ONNX file says about the model. */
export interface OnnxModelHeader {
  /** ONNX IR version (field 1). */
  irVersion: number;
  /** producer_name (field 2), e.g. "pytorch". */
  producerName: string;
  /** producer_version (field 3). */
  producerVersion: string;
  /** Opset of the default domain (field 8), or 0 when absent. */
  opset: number;
  /** metadata_props (field 14) as a plain object. */
  metadata: Record<string, string>;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result;
      factor *= 128;
    }
    throw new RangeError('varint too long');
  }

  /** Skips a field of the given wire type; returns [start, end) for length-delimited fields. */
  skip(wire: number): [number, number] {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.pos += 8;
    else if (wire === WIRE_FIXED32) this.pos += 4;
    else if (wire === WIRE_BYTES) {
      const length = this.varint();
      const start = this.pos;
      this.pos += length;
      if (this.pos > this.end) throw new RangeError('field runs past the end');
      return [start, this.pos];
    } else throw new RangeError(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new RangeError('field runs past the end');
    return [this.pos, this.pos];
  }
}

const utf8 = new TextDecoder();

function readEntry(bytes: Uint8Array, start: number, end: number): [string, string] {
  const r = new Reader(bytes, start, end);
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.varint();
    const [s, e] = r.skip(tag & 7);
    if (tag === ((1 << 3) | WIRE_BYTES)) key = utf8.decode(bytes.subarray(s, e));
    else if (tag === ((2 << 3) | WIRE_BYTES)) value = utf8.decode(bytes.subarray(s, e));
  }
  return [key, value];
}

function readOpset(bytes: Uint8Array, start: number, end: number): [string, number] {
  const r = new Reader(bytes, start, end);
  let domain = '';
  let version = 0;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === ((2 << 3) | WIRE_VARINT)) {
      version = r.varint();
      continue;
    }
    const [s, e] = r.skip(tag & 7);
    if (tag === ((1 << 3) | WIRE_BYTES)) domain = utf8.decode(bytes.subarray(s, e));
  }
  return [domain, version];
}

/**
 * Reads the ONNX header fields and metadata_props from model bytes. Throws ModelLoadError when the
 * bytes are not an ONNX ModelProto (no IR version or no graph, or a malformed protobuf).
 */
export function readOnnxHeader(model: Uint8Array): OnnxModelHeader {
  const header: OnnxModelHeader = { irVersion: 0, producerName: '', producerVersion: '', opset: 0, metadata: {} };
  let hasGraph = false;
  try {
    const r = new Reader(model, 0, model.length);
    while (r.pos < model.length) {
      const tag = r.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 0) throw new RangeError('field number 0');
      if (field === 1 && wire === WIRE_VARINT) {
        header.irVersion = r.varint();
        continue;
      }
      const [s, e] = r.skip(wire);
      if (wire !== WIRE_BYTES) continue;
      if (field === 2) header.producerName = utf8.decode(model.subarray(s, e));
      else if (field === 3) header.producerVersion = utf8.decode(model.subarray(s, e));
      else if (field === 7) hasGraph = true;
      else if (field === 8) {
        const [domain, version] = readOpset(model, s, e);
        if (domain === '' || domain === 'ai.onnx') header.opset = version;
      } else if (field === 14) {
        const [key, value] = readEntry(model, s, e);
        header.metadata[key] = value;
      }
    }
  } catch (cause) {
    throw new ModelLoadError(
      `The file is not a valid ONNX model (${(cause as Error).message} at the protobuf level). ` +
        'Check that the URL points to the .onnx file itself (not an HTML page or a .pt checkpoint).',
      { cause },
    );
  }
  if (header.irVersion === 0 || !hasGraph) {
    throw new ModelLoadError(
      `The file is not an ONNX model (${header.irVersion === 0 ? 'no IR version' : 'no graph'}). ` +
        'Export the detector with torch.onnx.export / `yolo export format=onnx` and load the .onnx file.',
    );
  }
  return header;
}
