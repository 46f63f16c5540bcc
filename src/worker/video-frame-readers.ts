// What reads VideoFrames from their own bytes, in a chunk of its own (lazy-features.ts): the 'smooth'
// area-averaging shrink (frame-shrink.ts, area-shrink.ts) and libyuv's YUV → RGBA conversion
// (yuv-to-rgba.ts), with their WebAssembly kernels. A page that only detects on images never loads it.

export { FrameShrinker } from './frame-shrink.js';
export { YuvToRgba } from './yuv-to-rgba.js';
