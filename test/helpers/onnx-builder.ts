// A tiny ONNX writer for tests: enough protobuf to build small real models (a classifier, or a
// "detector" whose output is a fixed tensor) that onnxruntime runs, so every layout and error path can
// go through the real worker pipeline. Pure TS; runs in Node and in the browser.

class Writer {
  private readonly bytes: number[] = [];

  varint(value: number): this {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }
  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }
  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.bytes.push(...b);
    return this;
  }
  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }
  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }
  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytesField(field, inner.finish());
  }
  finish(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

export const FLOAT = 1;
export const INT64 = 7;
export const FLOAT16 = 10;

export interface TensorSpec {
  name: string;
  dims: number[];
  type: number;
  data: Float32Array | Uint16Array | BigInt64Array;
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
}

export interface ValueSpec {
  name: string;
  type: number;
  dims: (number | string)[];
}

export interface ModelSpec {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
  metadata?: Record<string, string>;
  opset?: number;
}

function valueInfo(w: Writer, v: ValueSpec): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.type);
      tensor.message(2, (shape) => {
        for (const d of v.dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/** Serialises a model to ONNX bytes. */
export function buildOnnx(spec: ModelSpec): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, 'yolo-detector-tests');
  w.message(7, (g) => {
    spec.nodes.forEach((n, i) =>
      g.message(1, (node) => {
        for (const input of n.inputs) node.string(1, input);
        for (const output of n.outputs) node.string(2, output);
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [name, value] of Object.entries(n.attributes ?? {})) {
          node.message(5, (a) => {
            a.string(1, name);
            if (Array.isArray(value)) {
              a.int(20, 7); // INTS
              for (const v of value) a.int(8, v);
            } else {
              a.int(20, 2); // INT
              a.int(3, value);
            }
          });
        }
      }),
    );
    g.string(2, 'graph');
    for (const t of spec.initializers ?? []) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.type);
        tensor.string(8, t.name);
        tensor.bytesField(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      });
    }
    for (const v of spec.inputs) g.message(11, (x) => valueInfo(x, v));
    for (const v of spec.outputs) g.message(12, (x) => valueInfo(x, v));
  });
  w.message(8, (o) => {
    o.string(1, '');
    o.int(2, spec.opset ?? 13);
  });
  for (const [key, value] of Object.entries(spec.metadata ?? {})) {
    w.message(14, (m) => {
      m.string(1, key);
      m.string(2, value);
    });
  }
  return w.finish();
}

/** A classifier: [1,3,s,s] → global average pool → [1,3] (not a detector). */
export function classifierModel(size = 8): Uint8Array {
  return buildOnnx({
    inputs: [{ name: 'images', type: FLOAT, dims: [1, 3, size, size] }],
    outputs: [{ name: 'logits', type: FLOAT, dims: [1, 3] }],
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['images'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['logits'] },
    ],
  });
}

/**
 * A model whose outputs are fixed tensors (whatever the image): out_k = constant_k + 0·mean(image),
 * so the input is really read. float16 outputs are cast at the end.
 */
export function constantOutputModel(
  size: number,
  outputs: { name: string; dims: number[]; data: Float32Array; float16?: boolean }[],
  metadata?: Record<string, string>,
): Uint8Array {
  const nodes: NodeSpec[] = [
    { op: 'ReduceMean', inputs: ['images'], outputs: ['mean'], attributes: { keepdims: 0 } },
    { op: 'Mul', inputs: ['mean', 'zero'], outputs: ['nothing'] },
  ];
  const initializers: TensorSpec[] = [{ name: 'zero', dims: [], type: FLOAT, data: new Float32Array([0]) }];
  for (const o of outputs) {
    initializers.push({ name: `${o.name}_value`, dims: o.dims, type: FLOAT, data: o.data });
    const sum = o.float16 ? `${o.name}_f32` : o.name;
    nodes.push({ op: 'Add', inputs: ['nothing', `${o.name}_value`], outputs: [sum] });
    if (o.float16) nodes.push({ op: 'Cast', inputs: [sum], outputs: [o.name], attributes: { to: FLOAT16 } });
  }
  return buildOnnx({
    inputs: [{ name: 'images', type: FLOAT, dims: [1, 3, size, size] }],
    outputs: outputs.map((o) => ({ name: o.name, type: o.float16 ? FLOAT16 : FLOAT, dims: o.dims })),
    nodes,
    initializers,
    metadata,
  });
}
