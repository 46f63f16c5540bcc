// The small WebAssembly kernels of the hot paths (class arg-max, bilinear resize) ship as hex strings
// in their TypeScript modules (tools/wasm/*.wat, assembled by tools/wasm/build.mjs): no extra file to
// serve or fetch, and a synchronous compile, which browsers allow for modules under 4 KB.

/**
 * Compiles and instantiates a kernel from its hex bytes; null where this engine cannot run it
 * (no WebAssembly, no SIMD, or a CSP without 'wasm-unsafe-eval'), so the caller uses its JS path.
 */
export function instantiateKernel(hex: string): WebAssembly.Exports | null {
  if (typeof WebAssembly !== 'object') return null;
  try {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    if (!WebAssembly.validate(bytes)) return null; // e.g. no SIMD in this engine
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null;
  }
}
