// The project's error kinds. The kind lives in `name`, so it survives the worker boundary
// (Comlink keeps only name, message and stack of a thrown error).

/** Names of the typed errors (docs/contracts.md, contract 2). Cancellation is a DOMException named 'AbortError'. */
export const ERROR_NAMES = [
  'ModelLoadError',
  'UnsupportedModelError',
  'BackendUnavailableError',
  'InputError',
  'VideoDecodeError',
  'WorkerCrashedError',
] as const;

/** One of the typed error names. */
export type YoloErrorName = (typeof ERROR_NAMES)[number];

/** Base class of every error this project throws on purpose. */
export class YoloError extends Error {
  /** The error kind; one of `ERROR_NAMES`. */
  override name: YoloErrorName;

  constructor(name: YoloErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

/** The model could not be fetched or read (404, network, not an ONNX file, session creation failed). */
export class ModelLoadError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ModelLoadError', message, options);
  }
}

/** The model loads but its inputs or outputs are not a detector layout this project can decode. */
export class UnsupportedModelError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UnsupportedModelError', message, options);
  }
}

/** The requested backend (WebGPU, WASM) cannot run here. */
export class BackendUnavailableError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BackendUnavailableError', message, options);
  }
}

/** A bad input: zero-size or detached image, wrong source type, bad option. */
export class InputError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('InputError', message, options);
  }
}

/** A video file that cannot be demuxed or decoded (not a video, unsupported codec, truncated). */
export class VideoDecodeError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VideoDecodeError', message, options);
  }
}

/** The worker died (out of memory, a WASM trap); the next call starts a fresh one. */
export class WorkerCrashedError extends YoloError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WorkerCrashedError', message, options);
  }
}

const constructors: Record<YoloErrorName, new (message: string, options?: { cause?: unknown }) => YoloError> = {
  ModelLoadError,
  UnsupportedModelError,
  BackendUnavailableError,
  InputError,
  VideoDecodeError,
  WorkerCrashedError,
};

/** True when `name` is one of the typed error names. */
export function isYoloErrorName(name: unknown): name is YoloErrorName {
  return typeof name === 'string' && (ERROR_NAMES as readonly string[]).includes(name);
}

/** An `AbortError` (a DOMException, as `fetch` and `AbortSignal` throw). */
export function abortError(message = 'The operation was aborted.'): DOMException {
  return new DOMException(message, 'AbortError');
}

/** True for any cancellation error, whatever its class. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Rebuilds a typed error from its name and message, e.g. after it crossed the worker boundary.
 * Unknown names keep their message in a plain Error with the same name; 'AbortError' becomes a DOMException.
 */
export function errorFromNameAndMessage(name: string, message: string, cause?: unknown): Error {
  if (name === 'AbortError') return abortError(message);
  if (isYoloErrorName(name)) return new constructors[name](message, { cause });
  const error = new Error(message, { cause });
  error.name = name || 'Error';
  return error;
}
