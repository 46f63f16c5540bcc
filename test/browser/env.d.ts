import type { NodeDetectArgs, PlainDetections } from './commands.js';
import type { FfmpegClip, FfmpegClipKind } from './video/ffmpeg-clips.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL prefix of ../shared/fixtures on the test server, or '' when absent. */
    fixturesUrl: string;
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    nodeDetect: (args: NodeDetectArgs) => Promise<PlainDetections>;
    fixtureManifest: () => Promise<Record<string, Record<string, { label: string; score: number; box: number[] }[]>> | null>;
    fixtureDarknetNames: () => Promise<string[]>;
    ffmpegClip: (kind: FfmpegClipKind) => Promise<FfmpegClip>;
  }
}
