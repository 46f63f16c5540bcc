// float16 support: onnxruntime returns float16 tensors as Uint16Array bits. Decoders read them in
// place through a 65,536-entry table (256 KB, built once), so no tensor is ever converted whole.

let table: Float32Array | null = null;

/** Converts one IEEE 754 half-precision bit pattern to a number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal (or zero)
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The half → float lookup table, indexed by the 16-bit pattern. */
export function halfTable(): Float32Array {
  if (table === null) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = halfToFloat(bits);
  }
  return table;
}

/**
 * The lookup table for `data` when it holds float16 bits, else null. Decoders read a value as
 * `lut === null ? data[i] : lut[data[i]]`.
 */
export function lutFor(data: Float32Array | Uint16Array): Float32Array | null {
  return data instanceof Uint16Array ? halfTable() : null;
}
