// The class arg-max of one candidate row, shared by the row-major decoders. Returns the best value and
// leaves its index in `argmaxClass` (a module variable instead of a tuple: no allocation per row).

/** Index (relative to `from`) of the first maximum found by the last `classMax` call. */
export let argmaxClass = 0;

/**
 * The largest of data[from..to) read through `lut` (float16 bits) when given; NaN values never win.
 * The first maximum wins ties.
 */
export function classMax(data: Float32Array | Uint16Array, lut: Float32Array | null, from: number, to: number): number {
  let best = -Infinity;
  let index = 0;
  for (let j = from; j < to; j++) {
    const v = lut === null ? data[j] : lut[data[j]];
    if (v > best) {
      best = v;
      index = j - from;
    }
  }
  argmaxClass = index;
  return best;
}
