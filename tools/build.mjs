#!/usr/bin/env node
// npm run build: the library (dist/: ESM entries, worker, onnxruntime-web's wasm, the default model,
// type declarations, the custom-elements manifest) and the demo (dist-demo/). Prints the sizes that
// matter and checks the library's JavaScript budget (issue 7: at most 60 KB minified + gzip).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 60;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
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

// 4. sizes
const js = files('dist').filter((f) => f.endsWith('.js'));
const size = (f) => ({ file: relative('dist', f), raw: statSync(f).size, gzip: gzipSync(readFileSync(f), { level: 9 }).length });
// Loaded only for offline video files (mediabunny demuxers, encoder + muxers): not part of what a page
// loads to detect on images, <video> elements and the camera, so reported apart from the budget.
// Likewise the evaluation code (dataset reading, report maths), loaded by the first evaluate() or datasetFromFiles().
const onDemand = (f) => /worker\/(run-video-job|video-annotator)-|chunks\/eval-on-demand-/.test(f);
const ours = js.filter((f) => !/ort\.(wasm|webgpu)\.bundle/.test(f) && !onDemand(f)).map(size);
const video = js.filter(onDemand).map(size);
const ort = js.filter((f) => /ort\.(wasm|webgpu)\.bundle/.test(f)).map(size);
const binaries = files('dist').filter((f) => /\.(wasm|onnx)$/.test(f)).map((f) => ({ file: relative('dist', f), raw: statSync(f).size }));
console.log('\nLibrary JavaScript a page loads (minified, gzip -9):');
for (const s of ours) console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB  ${kb(s.gzip).padStart(7)} KB gzip`);
const total = ours.reduce((sum, s) => sum + s.gzip, 0);
console.log(`  ${'total'.padEnd(44)} ${kb(ours.reduce((sum, s) => sum + s.raw, 0)).padStart(8)} KB  ${kb(total).padStart(7)} KB gzip  (budget ${BUDGET_KB} KB)`);
console.log('Loaded on demand by video-file jobs (processVideo; annotated export) and evaluation (evaluate):');
for (const s of video) console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB  ${kb(s.gzip).padStart(7)} KB gzip`);
console.log("onnxruntime-web's JavaScript (loaded by the worker, one of the two):");
for (const s of ort) console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB  ${kb(s.gzip).padStart(7)} KB gzip`);
console.log('Binaries:');
for (const s of binaries) console.log(`  ${s.file.padEnd(44)} ${kb(s.raw).padStart(8)} KB`);
writeFileSync('dist/sizes.json', JSON.stringify({ budgetKb: BUDGET_KB, library: ours, videoOnDemand: video, onnxruntime: ort, binaries }, null, 2));
if (total / 1024 > BUDGET_KB) {
  console.error(`\nThe library's JavaScript is ${kb(total)} KB gzip, over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}
