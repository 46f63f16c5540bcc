// onnxruntime throws plain Errors with its internal message when a model fails while running (issue 16:
// an integer overflow in a model that expands a tensor to 40000x40000). This turns them into the
// project's typed errors, with the runtime's words kept and what to try next.

import { isAbortError, isYoloErrorName, ModelLoadError, UnsupportedModelError } from '../postprocess/index.js';

/** When the run failed: the warm-up run while loading, or a frame. */
export type RunStage = 'warm-up' | 'frame';

/**
 * The typed error for a failed `session.run`: ModelLoadError during the warm-up (the model cannot run
 * here, so it does not load), UnsupportedModelError on a frame. Typed errors and AbortErrors pass through.
 */
export function runFailure(cause: unknown, backend: string, stage: RunStage): Error {
  const name = (cause as { name?: unknown } | null)?.name;
  if (isAbortError(cause) || isYoloErrorName(name)) return cause as Error;
  const detail = String((cause as { message?: unknown } | null)?.message ?? cause).trim() || 'no message';
  // onnxruntime's words for an input of another size than a fixed-size model takes
  const advice = /invalid dimensions for input/i.test(detail)
    ? "The model's input has a fixed size, and the input given has another: leave inputWidth and inputHeight unset to use the model's own size."
    : 'It may need more memory than this browser gives it (a layer whose size overflows at this input size) or use an ' +
      'operator this backend cannot run: try a smaller input size, the other backend, or re-export the model.';
  if (stage === 'warm-up') {
    return new ModelLoadError(`onnxruntime (${backend}) could not run the model's warm-up frame: ${detail}. ${advice}`, { cause });
  }
  return new UnsupportedModelError(`onnxruntime (${backend}) failed while running the model on this frame: ${detail}. ${advice}`, { cause });
}
