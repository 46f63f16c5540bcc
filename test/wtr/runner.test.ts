// The @web/test-runner setup itself (issue 16): pages and module workers are cross-origin isolated
// (WASM threads need SharedArrayBuffer), and modules go through the app's Vite pipeline.
import { describe, expect, it } from './vitest-compat.js';
import modelUrl from '../../models/wrgb-416.onnx?url';

describe('@web/test-runner with Vite', () => {
  it('serves the test page cross-origin isolated (COOP same-origin + COEP require-corp)', () => {
    expect(crossOriginIsolated).toBe(true);
    expect(typeof SharedArrayBuffer).toBe('function');
  });

  it('starts a `new URL(..., import.meta.url)` module worker that is cross-origin isolated too', async () => {
    const worker = new Worker(new URL('./isolation.worker.ts', import.meta.url), { type: 'module' });
    try {
      const report = await new Promise<unknown>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      });
      expect(report).toEqual({ isolated: true, sharedMemory: true });
    } finally {
      worker.terminate();
    }
  });

  it('resolves `?url` assets to the served file (the shipped model: an ONNX ModelProto)', async () => {
    const response = await fetch(modelUrl);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes[0]).toBe(0x08); // field 1 (ir_version), varint: every ONNX file starts so
  });

  it("applies vite.config.ts (its `define` of import.meta.env.VITE_FIXTURES_URL) and Vite's env", () => {
    expect(typeof import.meta.env.VITE_FIXTURES_URL).toBe('string');
    expect(import.meta.env.DEV).toBe(true);
  });
});
