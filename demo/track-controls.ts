// Tracking controls (docs/tracking.md): "track IDs" and "trails" set the element's track / trails, so the
// video, camera and video-file tabs all track; the video tab's tracking sample turns both on.
import { countTracksByClass, type VideoResult } from '../src/index.js';
import { $, detector } from './dom.js';

/** Wires the two checkboxes. */
export function initTrackControls(): void {
  $<HTMLInputElement>('track').addEventListener('change', (e) => {
    detector.track = (e.target as HTMLInputElement).checked;
  });
  $<HTMLInputElement>('trails').addEventListener('change', (e) => {
    detector.trails = (e.target as HTMLInputElement).checked;
  });
}

/** Turns tracking and trails on (and ticks the boxes). */
export function enableTracking(): void {
  $<HTMLInputElement>('track').checked = true;
  $<HTMLInputElement>('trails').checked = true;
  detector.track = true;
  detector.trails = true;
}

/** "14 distinct objects: r 5, g 4, b 5", for a tracked video result; '' when it was not tracked. */
export function distinctObjectsText(result: VideoResult): string {
  if (!result.tracks) return '';
  const counts = countTracksByClass(result.tracks, result.labels);
  const parts = counts.map((c) => `${c.label} ${c.count}`).join(', ');
  return `${result.tracks.length} distinct object${result.tracks.length === 1 ? '' : 's'}${parts ? `: ${parts}` : ''}.`;
}
