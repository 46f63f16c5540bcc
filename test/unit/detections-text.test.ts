// The element's text alternative (issue 14): what it says about a frame, and when two texts are the
// same (the element re-renders the text only when they differ).
import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../src/client/index.js';
import { describeDetections, sameDetectionsText } from '../../src/ui/yolo-detector/detections-text.js';

function frame(boxes: number[], scores: number[], classes: number[]): FrameResult {
  return {
    frame: 0,
    detections: { count: scores.length, boxes: new Float32Array(boxes), scores: new Float32Array(scores), classes: new Uint16Array(classes) },
    labels: ['red', 'green'],
    timings: { preprocessMs: 0, inferenceMs: 0, postprocessMs: 0, totalMs: 0 },
    tiles: 1,
  };
}

describe('describeDetections', () => {
  it('counts classes (most first), lists each detection in source pixels, and filters by class', () => {
    const result = frame([10.4, 20.6, 50, 60, 0, 0, 5, 5, 100, 100, 120.5, 130], [0.914, 0.5, 0.456], [1, 0, 1]);
    expect(describeDetections(result, null)).toEqual({
      summary: '3 detections: 2 green, 1 red.',
      items: ['green 91%, x 10 to 50, y 21 to 60 px', 'red 50%, x 0 to 5, y 0 to 5 px', 'green 46%, x 100 to 121, y 100 to 130 px'],
    });
    expect(describeDetections(result, new Set([0]))).toEqual({ summary: '1 detection: 1 red.', items: ['red 50%, x 0 to 5, y 0 to 5 px'] });
    expect(describeDetections(result, null, 1).items).toHaveLength(1);
    expect(describeDetections(frame([], [], []), null)).toEqual({ summary: 'No detections.', items: [] });
    expect(describeDetections(null, null)).toEqual({ summary: '', items: [] });
  });
});

describe('sameDetectionsText', () => {
  it('is true for texts that say the same, made separately, and false when the summary or any item differs', () => {
    const result = frame([0, 0, 5, 5, 1, 1, 9, 9], [0.9, 0.8], [0, 1]);
    const a = describeDetections(result, null);
    expect(sameDetectionsText(a, describeDetections(result, null))).toBe(true);
    expect(sameDetectionsText(describeDetections(null, null), { summary: '', items: [] })).toBe(true);
    expect(sameDetectionsText(a, { ...a, summary: 'other' })).toBe(false);
    expect(sameDetectionsText(a, { ...a, items: [a.items[0]] })).toBe(false);
    expect(sameDetectionsText(a, { ...a, items: [a.items[0], 'red 80%, x 1 to 9, y 1 to 10 px'] })).toBe(false);
    expect(sameDetectionsText(a, undefined)).toBe(false);
  });
});
