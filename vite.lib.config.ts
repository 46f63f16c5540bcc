// The library build: a self-contained dist/ that works when copied to any static server.
//   dist/yolo-detector.js   registers <yolo-detector> and <yolo-perf-panel> (side effect: define)
//   dist/index.js           the same API without registering anything
//   dist/worker/…           the inference worker and its chunks
//   dist/ort/*.wasm         onnxruntime-web's WASM builds (plain names, so wasmPaths can point elsewhere)
//   dist/models/…           the default model
// Every asset is referenced relative to the script (import.meta.url): no CDN, no absolute paths.
import { defineConfig } from 'vite';

function assetName(name: string | undefined): string {
  if (name?.endsWith('.wasm')) return 'ort/[name][extname]';
  if (name?.endsWith('.onnx')) return 'models/[name][extname]';
  return 'assets/[name]-[hash][extname]';
}

export default defineConfig({
  base: './', // every emitted URL relative to the file that uses it
  publicDir: false,
  worker: {
    format: 'es',
    rolldownOptions: {
      output: {
        entryFileNames: 'worker/[name]-[hash].js',
        chunkFileNames: 'worker/[name]-[hash].js',
        assetFileNames: (asset) => assetName(asset.names?.[0]),
      },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false, // tools/build-lib.mjs prints the sizes that matter
    rolldownOptions: {
      input: { index: 'src/index.ts', 'yolo-detector': 'src/define.ts' },
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: (asset) => assetName(asset.names?.[0]),
      },
    },
  },
});
