#!/usr/bin/env node
// npm run build: the library (dist/: ESM entries, worker, onnxruntime-web's wasm, the default model,
// type declarations, the custom-elements manifest) and the demo (dist-demo/). Prints the sizes that
// matter and checks the library's JavaScript budget (issue 7: at most 60 KB minified + gzip, what a page
// that adds the element loads).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 60;

function run(command, args) {
  // production builds whoever starts them: under vitest (the e2e test) NODE_ENV is 'test', and Vite
  // would then resolve Lit's `development` export (twice the size, with dev-mode warnings)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

// 1. library and demo bundles
run('npx', ['vite', 'build', '-c', 'vite.lib.config.ts', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
// 2. type declarations
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// 3. custom-elements manifest from the elements' JSDoc; internal reactive state is not an attribute
run('npx', ['cem', 'analyze', '--litelement', '--globs', 'src/ui/**/*.ts', '--exclude', 'src/ui/**/*.test.ts', 'src/ui/test-support.ts', '--outdir', 'dist', '--quiet']);
const manifestPath = 'dist/custom-elements.json';
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
for (const module of manifest.modules) {
  for (const declaration of module.declarations ?? []) {
    const hidden = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
    if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName ?? a.name));
    if (declaration.members) declaration.members = declaration.members.filter((m) => m.privacy !== 'private');
  }
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

// 4. sizes. What a page loads is found from the built files themselves: the static imports reachable
// from the element's entry (yolo-detector.js) and from the inference worker it starts (detector.worker).
// Everything else is loaded on demand (dynamic import()) and reported per feature, apart from the budget.
const js = files('dist').filter((f) => f.endsWith('.js'));
const size = (f) => ({ file: relative('dist', f), raw: statSync(f).size, gzip: gzipSync(readFileSync(f), { level: 9 }).length });
const isOrt = (f) => /ort\.(wasm|webgpu)\.bundle/.test(f);
// `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"` (minified); import("…") is not static
const STATIC_IMPORT = /(?:^|[;}\s])(?:import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s*[\w$]+)?\s*from\s*|import\s*|export\s*(?:\*|\{[^}]*\})\s*from\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
function staticClosure(entry) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const m of readFileSync(f, 'utf8').matchAll(STATIC_IMPORT)) visit(join(dirname(f), m[1]));
  };
  visit(entry);
  return seen;
}
const workerEntry = js.find((f) => /worker\/detector\.worker-[\w-]+\.js$/.test(f));
const pageLoad = new Set([...staticClosure('dist/yolo-detector.js'), ...staticClosure(workerEntry)]);
// index.js (the whole programmatic API: decode, the tracker) shares those chunks
const indexOnly = [...staticClosure('dist/index.js')].filter((f) => !pageLoad.has(f));
// Loaded on demand, one section per feature: not part of what a page loads to detect on images, <video>
// elements and the camera. A chunk of a new dynamic import() that matches none lands in "other".
const ON_DEMAND = [
  ['video', 'video-file jobs (processVideo; annotated export): the job, its video thread (mediabunny demuxers, decoding), encoder + muxers', /worker\/(run-video-job|video-thread\.worker|video-annotator)-/],
  ['videoHere', 'video-file jobs where no video thread can start (the file read in the detector worker)', /worker\/(open-video|video-formats)-/],
  ['tracking', 'tracking (the track option): ByteTrack in the worker', /worker\/tracker-module-/],
  ['tiling', 'tiled inference (the tiling option): tile cutting and merging in the worker', /worker\/tiled-inference-/],
  ['videoFrames', 'the first VideoFrame (a <video>, the camera, a video job): reading its bytes (area-averaging shrink, YUV -> RGBA)', /worker\/video-frame-readers-/],
  ['evaluation', 'evaluation (evaluate(), datasetFromFiles()): dataset reading and the report maths', /chunks\/eval-on-demand-/],
];
const lazy = js.filter((f) => !isOrt(f) && !pageLoad.has(f) && !indexOnly.includes(f));
const sections = ON_DEMAND.map(([key, title, re]) => ({ key, title, chunks: lazy.filter((f) => re.test(f)).map(size) }));
const other = lazy.filter((f) => !ON_DEMAND.some(([, , re]) => re.test(f))).map(size);
if (other.length) sections.push({ key: 'other', title: 'the chunks above (shared code)', chunks: other });
const ours = js.filter((f) => pageLoad.has(f)).map(size);
const ort = js.filter(isOrt).map(size);
const binaries = files('dist').filter((f) => /\.(wasm|onnx)$/.test(f)).map((f) => ({ file: relative('dist', f), raw: statSync(f).size }));
const row = (s) => console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB  ${kb(s.gzip).padStart(7)} KB gzip`);
const sum = (list, key) => list.reduce((total, s) => total + s[key], 0);
console.log('\nLibrary JavaScript a page loads (yolo-detector.js and the worker; minified, gzip -9):');
ours.forEach(row);
const total = sum(ours, 'gzip');
console.log(`  ${'total'.padEnd(44)} ${kb(sum(ours, 'raw')).padStart(8)} KB  ${kb(total).padStart(7)} KB gzip  (budget ${BUDGET_KB} KB)`);
const indexSizes = indexOnly.map(size);
console.log('Added by index.js, the whole programmatic API (decode, the tracker):');
indexSizes.forEach(row);
for (const section of sections) {
  console.log(`Loaded on demand by ${section.title}:`);
  section.chunks.forEach(row);
}
console.log("onnxruntime-web's JavaScript (loaded by the worker, one of the two):");
ort.forEach(row);
console.log('Binaries:');
for (const s of binaries) console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB`);
const onDemand = Object.fromEntries(sections.map((s) => [s.key, s.chunks]));
writeFileSync(
  'dist/sizes.json',
  JSON.stringify({ budgetKb: BUDGET_KB, library: ours, indexOnly: indexSizes, onDemand, videoOnDemand: onDemand.video, onnxruntime: ort, binaries }, null, 2),
);
if (total / 1024 > BUDGET_KB) {
  console.error(`\nThe library's JavaScript is ${kb(total)} KB gzip, over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
