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

/**
 * Like `classMax`, but only values above `floor` count: returns the largest value of data[from..to)
 * when it is > floor (its index relative to `from` in `argmaxClass`), else `floor` with `argmaxClass`
 * = -1. A row's score obj·cls can pass the threshold only when cls > threshold / obj, so starting the
 * running maximum there means the compare is almost never true and the loop runs without taken
 * branches (issue 15: 25% faster on dense outputs). Four values share one branch.
 *
 * The row decoders (decode-yolov5.ts, decode-yolox.ts, decode-yolov5-undecoded.ts) each write the
 * objectness test, this call and the score test inline in their own loops, on purpose: one shared
 * `rowScore()` helper returning the score made the dense YOLOv5 decode 13 % slower (0.55-0.57 ->
 * 0.62-0.67 ms, Node 20, three alternating runs).
 */
export function classMaxAbove(data: Float32Array | Uint16Array, lut: Float32Array | null, from: number, to: number, floor: number): number {
  return lut === null ? maxAbove32(data as Float32Array, from, to, floor) : maxAbove16(data as Uint16Array, lut, from, to, floor);
}

// a hair below the exact floor, so that float rounding in computing it can never drop a row that passes
// the caller's exact score test
const FLOOR_MARGIN = 1 - 1e-9;

/**
 * The `floor` for `classMaxAbove` when score = obj · cls: a row can pass score > threshold only when
 * cls > threshold / obj (obj > 0), so values at or below the result never matter.
 */
export function productFloor(threshold: number, obj: number): number {
  return (threshold / obj) * FLOOR_MARGIN;
}

function maxAbove32(data: Float32Array, from: number, to: number, floor: number): number {
  let best = floor;
  let index = -1;
  let j = from;
  for (; j + 4 <= to; j += 4) {
    if (data[j] > best || data[j + 1] > best || data[j + 2] > best || data[j + 3] > best) {
      for (let q = j; q < j + 4; q++) {
        if (data[q] > best) {
          best = data[q];
          index = q - from;
        }
      }
    }
  }
  for (; j < to; j++) {
    if (data[j] > best) {
      best = data[j];
      index = j - from;
    }
  }
  argmaxClass = index;
  return best;
}

function maxAbove16(data: Uint16Array, lut: Float32Array, from: number, to: number, floor: number): number {
  let best = floor;
  let index = -1;
  for (let j = from; j < to; j++) {
    const v = lut[data[j]];
    if (v > best) {
      best = v;
      index = j - from;
    }
  }
  argmaxClass = index;
  return best;
}
