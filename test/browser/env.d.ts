import type { NodeDetectArgs, PlainDetections } from './commands.js';
import type { HeapSample } from './heap-commands.js';
import type { FfmpegClip, FfmpegClipKind } from './video/ffmpeg-clips.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL prefix of ../shared/fixtures on the test server, or '' when absent. */
    fixturesUrl: string;
    /** Frames the soak test runs (3,000 in CI; `npm run bench -- soak` sets SOAK_FRAMES=10000). */
    soakFrames: number;
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeDetect: (args: NodeDetectArgs) => Promise<PlainDetections>;
    fixtureManifest: () => Promise<Record<string, Record<string, { label: string; score: number; box: number[] }[]>> | null>;
    fixtureDarknetNames: () => Promise<string[]>;
    ffmpegClip: (kind: FfmpegClipKind) => Promise<FfmpegClip>;
    heapUsage: (workerUrlPart: string) => Promise<HeapSample>;
    pageHeapCensus: (label: string) => Promise<void>;
    pageHeapCensusDiff: (from: string, to: string, top?: number) => Promise<string[]>;
  }
}
