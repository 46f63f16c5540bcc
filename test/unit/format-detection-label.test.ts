import { describe, expect, it } from 'vitest';
import { formatDetectionLabel } from '../../src/postprocess/index.js';

describe('formatDetectionLabel', () => {
  const labels = ['car', 'traffic light'];
  it('names the class and gives the score as a whole percentage', () => {
    expect(formatDetectionLabel(labels, 0, 0.47)).toBe('car 47%');
    expect(formatDetectionLabel(labels, 1, 0.996)).toBe('traffic light 100%');
    expect(formatDetectionLabel(labels, 0, 0.004)).toBe('car 0%');
  });
  it('adds the track id when tracking, and leaves the score out when asked', () => {
    expect(formatDetectionLabel(labels, 0, 0.5, { trackId: 12 })).toBe('car #12 50%');
    expect(formatDetectionLabel(labels, 0, 0.5, { trackId: 0 })).toBe('car 50%'); // 0: not tracked
    expect(formatDetectionLabel(labels, 1, 0.5, { trackId: 3, showScore: false })).toBe('traffic light #3');
  });
  it('names a class the labels do not cover by its id', () => {
    expect(formatDetectionLabel(labels, 7, 0.25)).toBe('class 7 25%');
  });
});
