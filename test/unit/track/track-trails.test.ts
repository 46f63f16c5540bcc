// The element's trail memory: per-track centres over the last N frames, forgotten N frames after a track vanishes.
import { describe, expect, it } from 'vitest';
import { allocateDetections } from '../../../src/postprocess/index.js';
import { TrackTrails } from '../../../src/ui/track-trails.js';

function frame(objects: [id: number, x: number][]) {
  const d = allocateDetections(objects.length);
  d.trackIds = new Uint32Array(objects.length);
  objects.forEach(([id, x], i) => {
    d.boxes.set([x, 0, x + 10, 10], i * 4);
    d.trackIds![i] = id;
  });
  return d;
}

describe('TrackTrails', () => {
  it('keeps one trail per track ID (not for ID 0) and drops it `length` frames after its last sighting', () => {
    const trails = new TrackTrails(3);
    trails.add(frame([[1, 0], [0, 50], [2, 100]]));
    expect(trails.size).toBe(2);
    trails.add(frame([[1, 5]]));
    trails.add(frame([[1, 10]]));
    expect(trails.size).toBe(2); // track 2 last seen 2 frames ago
    trails.add(frame([[1, 15]]));
    expect(trails.size).toBe(1); // 3 frames: gone
    trails.add(allocateDetections(0)); // a frame without tracking counts as a frame
    trails.add(allocateDetections(0));
    trails.add(allocateDetections(0));
    expect(trails.size).toBe(0);
    trails.add(frame([[3, 0]]));
    trails.clear();
    expect(trails.size).toBe(0);
  });
});
