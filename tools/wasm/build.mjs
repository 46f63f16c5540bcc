#!/usr/bin/env node
// Assembles tools/wasm/class-argmax.wat (needs wat2wasm: `apt-get install wabt`) and prints the bytes as
// the hex string src/postprocess/class-argmax-simd.ts embeds. Usage: node tools/wasm/build.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'wasm-')), 'class-argmax.wasm');
execFileSync('wat2wasm', [new URL('class-argmax.wat', import.meta.url).pathname, '-o', out], { stdio: 'inherit' });
const hex = readFileSync(out).toString('hex');
for (let i = 0; i < hex.length; i += 96) console.log(`  '${hex.slice(i, i + 96)}' +`);
