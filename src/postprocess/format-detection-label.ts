// The text next to a box, one formatter for the page overlay (src/ui) and the annotated video
// (src/worker/video), so both read `car 47%` (issue 14, bug 6: the video said `car 0.47`).

/** Options of {@link formatDetectionLabel}. */
export interface DetectionLabelOptions {
  /** Tracking: the track's id, shown as `#12`; 0 or absent shows none. */
  trackId?: number;
  /** Append the score as a whole percentage; default true. */
  showScore?: boolean;
}

/**
 * The label of one detection: `car 47%`, `car #12 47%` with a track id, `car` without the score.
 * A class id with no label reads `class 7`.
 */
export function formatDetectionLabel(labels: readonly string[], classId: number, score: number, options: DetectionLabelOptions = {}): string {
  const id = options.trackId ?? 0;
  const name = (labels[classId] ?? `class ${classId}`) + (id !== 0 ? ` #${id}` : '');
  return options.showScore === false ? name : `${name} ${Math.round(score * 100)}%`;
}
