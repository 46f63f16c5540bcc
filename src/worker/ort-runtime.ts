// onnxruntime-web builds and sessions. Backends as a small ordered table: WebGPU (only on a hardware
// adapter when 'auto'; the software SwiftShader adapter is 60-240x slower than WASM here), then WASM
// with SIMD and as many threads as crossOriginIsolated allows. Each build is imported on demand, so
// a WASM-only page never downloads the 27 MB WebGPU runtime.

import { BackendUnavailableError, ModelLoadError } from '../postprocess/index.js';
import type { BackendName } from './api.js';

/** The onnxruntime-web module namespace (both builds share the API). */
export type Ort = typeof import('onnxruntime-web/wasm');
/** An onnxruntime-web session. */
export type OrtSession = Awaited<ReturnType<Ort['InferenceSession']['create']>>;

/** A created session with the runtime that made it. */
export interface RuntimeSession {
  ort: Ort;
  session: OrtSession;
  backend: 'webgpu' | 'wasm';
  threads: number;
  fallbackReason?: string;
}

/** Settings for the runtime (applied once per build: onnxruntime initialises its WASM once). */
export interface RuntimeOptions {
  backend: BackendName;
  numThreads?: number;
  wasmPaths?: string;
}

const builds = new Map<'wasm' | 'webgpu', Promise<Ort>>();

function defaultThreads(): number {
  if (!self.crossOriginIsolated) return 1; // SharedArrayBuffer (hence threads) needs COOP/COEP
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1));
}

async function loadBuild(kind: 'wasm' | 'webgpu', options: RuntimeOptions): Promise<Ort> {
  let build = builds.get(kind);
  if (!build) {
    build = (kind === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm')).then((ort) => {
      ort.env.logLevel = 'error';
      ort.env.wasm.numThreads = options.numThreads ?? defaultThreads();
      ort.env.wasm.proxy = false; // we are the worker already
      if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
      return ort as Ort;
    });
    builds.set(kind, build);
  }
  return build;
}

/** Why WebGPU cannot (or should not) be used here, or null when a hardware adapter is present. */
export async function webgpuUnavailableReason(allowSoftware: boolean): Promise<string | null> {
  const gpu = (self.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return 'WebGPU is not available in this browser or context (navigator.gpu is missing)';
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return `WebGPU adapter request failed (${(error as Error).message})`;
  }
  if (!adapter) return 'no WebGPU adapter was found';
  const info = adapter.info ?? {};
  const software = info.isFallbackAdapter === true || /swiftshader|llvmpipe|software/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
  if (software && !allowSoftware) return 'the only WebGPU adapter is a software one (SwiftShader), far slower than WASM';
  return null;
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

async function create(ort: Ort, bytes: Uint8Array, provider: 'webgpu' | 'wasm'): Promise<OrtSession> {
  return ort.InferenceSession.create(bytes, { executionProviders: [provider], graphOptimizationLevel: 'all' });
}

function threadsOf(ort: Ort): number {
  return self.crossOriginIsolated ? Number(ort.env.wasm.numThreads) || 1 : 1;
}

/** Creates a session on the requested backend, falling back from WebGPU to WASM for 'auto'. */
export async function createRuntimeSession(bytes: Uint8Array, options: RuntimeOptions): Promise<RuntimeSession> {
  let fallbackReason: string | undefined;
  if (options.backend === 'webgpu' || options.backend === 'auto') {
    const reason = await webgpuUnavailableReason(options.backend === 'webgpu');
    if (reason === null) {
      const ort = await loadBuild('webgpu', options);
      try {
        return { ort, session: await create(ort, bytes, 'webgpu'), backend: 'webgpu', threads: threadsOf(ort) };
      } catch (error) {
        if (options.backend === 'webgpu') throw sessionError(error, 'webgpu');
        fallbackReason = `WebGPU session failed (${(error as Error).message})`;
      }
    } else if (options.backend === 'webgpu') {
      throw new BackendUnavailableError(`The WebGPU backend is unavailable: ${reason}. Use backend "wasm" or "auto".`);
    } else fallbackReason = reason;
  }
  const ort = await loadBuild('wasm', options);
  try {
    return { ort, session: await create(ort, bytes, 'wasm'), backend: 'wasm', threads: threadsOf(ort), fallbackReason };
  } catch (error) {
    throw sessionError(error, 'wasm');
  }
}

function sessionError(error: unknown, backend: string): Error {
  const message = (error as Error)?.message ?? String(error);
  if (/backend|WebGPU|webgpu|no available/i.test(message) && backend === 'webgpu') {
    return new BackendUnavailableError(`The WebGPU backend could not run this model: ${message}`, { cause: error });
  }
  // the runtime's own .mjs / .wasm did not load: nothing is wrong with the model
  if (/dynamically imported module|\.wasm|both async and sync fetching of the wasm failed|failed to fetch/i.test(message)) {
    return new BackendUnavailableError(
      `onnxruntime-web's ${backend} runtime files could not be loaded (${message}). Check \`wasmPaths\` (the element's wasm-paths): ` +
        'it must point at the folder holding onnxruntime-web\'s ort-wasm-*.mjs and .wasm files, served with COOP/COEP-compatible headers.',
      { cause: error },
    );
  }
  return new ModelLoadError(
    `onnxruntime-web could not create a session for this model on ${backend}: ${message}. ` +
      'The file may be corrupt, or use operators or an opset this runtime does not support.',
    { cause: error },
  );
}
