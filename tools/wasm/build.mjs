#!/usr/bin/env node
// Assembles a kernel of tools/wasm/ (needs wat2wasm: `apt-get install wabt`) and prints its bytes as the
// hex string the TypeScript that runs it embeds. Usage: node tools/wasm/build.mjs class-argmax
//   class-argmax     -> src/postprocess/class-argmax-simd.ts
//   pixels           -> src/worker/pixels-wasm.ts
//   area-average     -> src/worker/area-shrink.ts
//   yuv-rgba         -> src/worker/yuv-to-rgba.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const name = process.argv[2];
if (!name) {
  console.error('usage: node tools/wasm/build.mjs <kernel name: class-argmax | pixels | area-average | yuv-rgba>');
  process.exit(2);
}
const out = join(mkdtempSync(join(tmpdir(), 'wasm-')), `${name}.wasm`);
execFileSync('wat2wasm', [new URL(`${name}.wat`, import.meta.url).pathname, '-o', out], { stdio: 'inherit' });
const hex = readFileSync(out).toString('hex');
for (let i = 0; i < hex.length; i += 96) console.log(`  '${hex.slice(i, i + 96)}' +`);
