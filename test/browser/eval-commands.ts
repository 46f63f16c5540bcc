// Node-side commands of the evaluation browser tests: list a folder, score detections with the Python
// evaluator (tools/train/metrics.py), and make reference detections outside the browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listJpegs, referenceDetections } from '../../tools/eval/reference-detections.js';

/** Scores of the Python evaluator, or why it could not run. */
export type PythonScore = { map50: number; map5095: number; n_gt: number; images: number } | { skip: string };

/** Why python3 + numpy cannot run here, or null when they can. */
function pythonMissing(): string | null {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `python3 with numpy is not available (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})`;
}

/** Runs tools/eval/score_report.py on a report (or reference) JSON; labels read from `labelsRoot`. */
export function pythonScore(json: string, labelsRoot: string, nc: number): PythonScore {
  const missing = pythonMissing();
  if (missing) return { skip: missing };
  const dir = mkdtempSync(join(tmpdir(), 'eval-'));
  try {
    writeFileSync(join(dir, 'report.json'), json);
    const run = spawnSync('python3', ['tools/eval/score_report.py', join(dir, 'report.json'), '--labels-root', labelsRoot, '--nc', String(nc)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`score_report.py failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as PythonScore;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const evalCommands = {
  /** Every file under `dir` (relative to the repository), as paths relative to `dir`. */
  listFiles: (_ctx: unknown, dir: string): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) (statSync(join(d, e)).isDirectory() ? walk(join(d, e)) : out.push(relative(dir, join(d, e))));
    };
    walk(dir);
    return out.sort();
  },
  pythonScore: (_ctx: unknown, json: string, labelsRoot: string, nc: number) => pythonScore(json, labelsRoot, nc),
  /** The model run outside the browser on every .jpg of `dir`, scored by the Python evaluator. */
  referenceScore: async (_ctx: unknown, model: string, dir: string, opts: { score: number; iou: number; maxDet: number }, nc: number) => {
    const missing = pythonMissing();
    if (missing) return { skip: missing };
    const images = await referenceDetections(model, dir, listJpegs(dir), opts);
    return pythonScore(JSON.stringify({ images }), dir, nc);
  },
};
