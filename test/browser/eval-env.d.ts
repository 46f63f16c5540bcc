import type { PythonScore } from './eval-commands.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    listFiles: (dir: string) => Promise<string[]>;
    pythonScore: (json: string, labelsRoot: string, nc: number) => Promise<PythonScore>;
    referenceScore: (model: string, dir: string, opts: { score: number; iou: number; maxDet: number }, nc: number) => Promise<PythonScore>;
  }
}
