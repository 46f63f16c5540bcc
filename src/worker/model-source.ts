// Model bytes from a URL (streamed, with byte progress), an ArrayBuffer/Uint8Array or a Blob/File.

import { abortError, ModelLoadError } from '../postprocess/index.js';
import type { ModelSource, ProgressCallback } from './api.js';

/** The bytes of a model and a display name for it. */
export interface ModelBytes {
  bytes: Uint8Array;
  name: string;
}

function fileName(url: string): string {
  try {
    const parsed = new URL(url);
    // a page can name an object URL in its fragment: blob:…#my-model.onnx
    if (parsed.hash.length > 1) return decodeURIComponent(parsed.hash.slice(1));
    const path = parsed.pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

async function fetchBytes(url: string, signal: AbortSignal, onProgress?: ProgressCallback): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (cause) {
    if (signal.aborted) throw abortError('Model download cancelled.');
    throw new ModelLoadError(
      `Could not fetch the model from ${url} (${(cause as Error).message}). Check the URL and that the server is ` +
        'reachable; a model on another origin must be served with CORS and Cross-Origin-Resource-Policy headers.',
      { cause },
    );
  }
  if (!response.ok) {
    throw new ModelLoadError(
      `Could not load the model from ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. ` +
        'Check the model URL (the `model` attribute or option).',
    );
  }
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.(bytes.length, total || bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      chunks.push(chunk.value);
      done += chunk.value.length;
      onProgress?.(done, total);
    }
  } catch (cause) {
    if (signal.aborted) throw abortError('Model download cancelled.');
    throw new ModelLoadError(`The model download from ${url} broke off after ${done} bytes.`, { cause });
  }
  if (total !== done) onProgress?.(done, done); // the server sent no (or a wrong) length: say the bytes are in
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(done);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

/** Reads the model from any source; throws ModelLoadError for unreachable, empty or HTML responses. */
export async function readModelBytes(
  source: ModelSource,
  signal: AbortSignal,
  onProgress?: ProgressCallback,
): Promise<ModelBytes> {
  let bytes: Uint8Array;
  let name: string;
  if (typeof source === 'string') {
    bytes = await fetchBytes(source, signal, onProgress);
    name = fileName(source);
  } else if (source instanceof Blob) {
    bytes = new Uint8Array(await source.arrayBuffer());
    name = (source as File).name || 'model.onnx';
    onProgress?.(bytes.length, bytes.length);
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source as ArrayBuffer);
    name = 'model.onnx';
    onProgress?.(bytes.length, bytes.length);
  } else {
    throw new ModelLoadError('The model must be a URL, an ArrayBuffer, a Uint8Array or a Blob/File.');
  }
  if (bytes.length === 0) throw new ModelLoadError(`The model ${name} is empty (0 bytes).`);
  // A missing file behind a single-page-app fallback comes back as 200 + index.html.
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<')) {
    throw new ModelLoadError(
      `The server returned an HTML page instead of the model ${name}: the file is probably not at that URL.`,
    );
  }
  return { bytes, name };
}
