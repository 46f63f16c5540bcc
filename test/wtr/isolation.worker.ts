// Reports the worker's own isolation: a module worker is crossOriginIsolated only when its script came
// with COEP too (the headers of tools/wtr-vite.mjs on Vite's responses).
postMessage({ isolated: crossOriginIsolated, sharedMemory: typeof SharedArrayBuffer === 'function' });
