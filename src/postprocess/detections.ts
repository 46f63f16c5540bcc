// Detections: the one allocation of a decode call. boxes, scores and classes are views of a single
// ArrayBuffer, so a worker can transfer the whole result with one buffer and no copy.

import type { BoxTransform, Detections } from './types.js';
import type { Candidates } from './candidates.js';

/** Bytes per detection in the packed buffer: 4 box floats, 1 score float, 1 uint16 class. */
const BYTES_PER_DETECTION = 16 + 4 + 2;

/** Creates a Detections of `count` entries whose arrays share one zero-filled ArrayBuffer. */
export function allocateDetections(count: number): Detections {
  const buffer = new ArrayBuffer(count * BYTES_PER_DETECTION);
  return viewDetections(buffer, count);
}

/** Views `buffer` (as made by `allocateDetections`) as Detections of `count` entries. */
export function viewDetections(buffer: ArrayBuffer, count: number): Detections {
  if (buffer.byteLength < count * BYTES_PER_DETECTION) {
    throw new RangeError(`buffer of ${buffer.byteLength} bytes is too small for ${count} detections`);
  }
  return {
    count,
    boxes: new Float32Array(buffer, 0, count * 4),
    scores: new Float32Array(buffer, count * 16, count),
    classes: new Uint16Array(buffer, count * 20, count),
  };
}

/** An empty result. */
export function emptyDetections(): Detections {
  return allocateDetections(0);
}

/**
 * Copies the kept candidates (indices in score order) into a new Detections, mapping boxes through
 * `transform` (source = (input - pad) / scale) and clipping them to the source when one is given.
 */
export function packDetections(c: Candidates, kept: Int32Array, transform: BoxTransform | undefined): Detections {
  const n = kept.length;
  const out = allocateDetections(n);
  const boxes = c.boxes;
  const outBoxes = out.boxes;
  for (let r = 0; r < n; r++) {
    const i = kept[r];
    out.scores[r] = c.scores[i];
    out.classes[r] = c.classes[i];
    const o = i * 4;
    const p = r * 4;
    if (transform === undefined) {
      outBoxes[p] = boxes[o];
      outBoxes[p + 1] = boxes[o + 1];
      outBoxes[p + 2] = boxes[o + 2];
      outBoxes[p + 3] = boxes[o + 3];
    } else {
      const { scaleX, scaleY, padX, padY, srcWidth, srcHeight } = transform;
      outBoxes[p] = clamp((boxes[o] - padX) / scaleX, srcWidth);
      outBoxes[p + 1] = clamp((boxes[o + 1] - padY) / scaleY, srcHeight);
      outBoxes[p + 2] = clamp((boxes[o + 2] - padX) / scaleX, srcWidth);
      outBoxes[p + 3] = clamp((boxes[o + 3] - padY) / scaleY, srcHeight);
    }
  }
  return out;
}

function clamp(value: number, max: number): number {
  return value < 0 ? 0 : value > max ? max : value;
}
