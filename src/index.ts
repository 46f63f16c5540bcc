// yolo-detector's public entry (docs/contracts.md, contract 3). No side effects: `define.ts` registers the elements.
export * from './client/index.js';
export * from './postprocess/index.js';
export * from './track/index.js';
export * from './ui/index.js';
