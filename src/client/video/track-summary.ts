// Per-track summary of a tracked video job: what each ID was, when it was seen, and how often.

import type { FrameResult } from '../types.js';

/** One track of a video job. */
export interface TrackSummary {
  /** The track ID (as in `detections.trackIds`). */
  id: number;
  /** The class it was detected as most often. */
  classId: number;
  /** That class's label. */
  label: string;
  /** Index of the first and last frame it was seen in. */
  firstFrame: number;
  lastFrame: number;
  /** Number of frames it was seen in. */
  frames: number;
}

/** The tracks seen in `frames` (in order of ID), each with its most frequent class. */
export function summarizeTracks(frames: readonly FrameResult[], labels: readonly string[]): TrackSummary[] {
  const byId = new Map<number, { first: number; last: number; frames: number; votes: Map<number, number> }>();
  for (const f of frames) {
    const { trackIds, classes, count } = f.detections;
    if (!trackIds) continue;
    for (let i = 0; i < count; i++) {
      const id = trackIds[i];
      if (id === 0) continue;
      let t = byId.get(id);
      if (!t) byId.set(id, (t = { first: f.frame, last: f.frame, frames: 0, votes: new Map() }));
      t.first = Math.min(t.first, f.frame);
      t.last = Math.max(t.last, f.frame);
      t.frames++;
      t.votes.set(classes[i], (t.votes.get(classes[i]) ?? 0) + 1);
    }
  }
  return [...byId.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, t]) => {
      let classId = 0;
      let best = -1;
      for (const [c, n] of t.votes) if (n > best || (n === best && c < classId)) [classId, best] = [c, n];
      return { id, classId, label: labels[classId] ?? `class ${classId}`, firstFrame: t.first, lastFrame: t.last, frames: t.frames };
    });
}

/** Distinct tracked objects per class label, in label order (classes with none are left out). */
export function countTracksByClass(tracks: readonly TrackSummary[], labels: readonly string[]): { classId: number; label: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const t of tracks) counts.set(t.classId, (counts.get(t.classId) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([classId, count]) => ({ classId, label: labels[classId] ?? `class ${classId}`, count }));
}
