// Access to ../shared/fixtures (real YOLO exports, photos, clips) and the detections its MANIFEST lists.
// Tests that need them skip with a printed reason when the folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The fixtures folder: $YOLO_FIXTURES, else ../shared/fixtures next to the repository. */
export const FIXTURES_DIR = process.env.YOLO_FIXTURES ?? resolve(root, '../shared/fixtures');

/** True when the fixtures are present; otherwise prints why the calling suite skips. */
export function fixturesAvailable(suite: string): boolean {
  const ok = existsSync(join(FIXTURES_DIR, 'MANIFEST.md'));
  if (!ok) console.warn(`[skip] ${suite}: fixtures folder ${FIXTURES_DIR} is absent (set YOLO_FIXTURES to use another)`);
  return ok;
}

export const fixturePath = (...parts: string[]) => join(FIXTURES_DIR, ...parts);

export interface ExpectedDetection {
  label: string;
  score: number;
  box: [number, number, number, number];
}

/** Per model file, per image: the "Detections at score >= 0.3" lines of MANIFEST.md. */
export function manifestDetections(): Map<string, Map<string, ExpectedDetection[]>> {
  const text = readFileSync(join(FIXTURES_DIR, 'MANIFEST.md'), 'utf8');
  const result = new Map<string, Map<string, ExpectedDetection[]>>();
  let current: Map<string, ExpectedDetection[]> | undefined;
  for (const line of text.split('\n')) {
    const section = /^### models\/(\S+\.onnx)/.exec(line);
    if (section) {
      current = new Map();
      result.set(section[1], current);
      continue;
    }
    const images = /^\s+- (\w+\.jpg): (.*)$/.exec(line);
    if (!images || !current) continue;
    const detections = images[2].split(';').map((part) => {
      const m = /^\s*(.+?) ([\d.]+) \[(-?\d+),(-?\d+),(-?\d+),(-?\d+)\]\s*$/.exec(part);
      if (!m) throw new Error(`cannot parse MANIFEST detection "${part}"`);
      return { label: m[1], score: Number(m[2]), box: [m[3], m[4], m[5], m[6]].map(Number) as ExpectedDetection['box'] };
    });
    current.set(images[1], detections);
  }
  return result;
}

/** The darknet spelling of the COCO names (Yolo-FastestV2's list), from the fixtures. */
export function darknetNames(): string[] {
  return readFileSync(join(FIXTURES_DIR, 'models/coco80_darknet-names.txt'), 'utf8').trim().split('\n');
}
