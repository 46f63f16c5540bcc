// The label next to a box reads the same on the page's overlay and in the annotated video (issue 14,
// bug 6: the video said "car 0.47" where the overlay said "car 47%"). Both real drawing functions run
// on real canvases; the test reads back the text they hand to fillText.
import { describe, expect, it } from 'vitest';
import type { Detections } from '../../src/postprocess/index.js';
import { drawDetections as drawOverlay } from '../../src/ui/overlay.js';
import { drawDetections as drawVideoFrame } from '../../src/worker/video/draw-detections.js';

/** A real 2D context that also records the strings drawn with fillText. */
function recording<T extends CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D>(ctx: T, texts: string[]): T {
  return new Proxy(ctx, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'fillText') return (text: string, x: number, y: number) => (texts.push(text), target.fillText(text, x, y));
      return value.bind(target);
    },
    set: (target, key, value) => Reflect.set(target, key, value, target),
  });
}

const labels = ['car', 'person'];
const detections: Detections = {
  count: 2,
  boxes: new Float32Array([20, 40, 300, 200, 340, 60, 600, 420]),
  scores: new Float32Array([0.912, 0.47]),
  classes: new Uint16Array([1, 0]),
  trackIds: new Uint32Array([12, 0]),
};

describe('box labels', () => {
  it('read the same in the annotated video as on the overlay: name, track, whole percent', () => {
    const videoTexts: string[] = [];
    const frame = new OffscreenCanvas(640, 480).getContext('2d')!;
    drawVideoFrame(recording(frame, videoTexts), detections, labels, detections.trackIds);

    const overlayTexts: string[] = [];
    const canvas = document.createElement('canvas');
    const real = canvas.getContext('2d')!;
    canvas.getContext = (() => recording(real, overlayTexts)) as unknown as typeof canvas.getContext;
    const style = { lineWidth: 2, font: '14px sans-serif', labelColor: 'auto', showScores: true, labels: 'all' as const };
    drawOverlay(canvas, 640, 480, { x: 0, y: 0, width: 640, height: 480 }, 640, 480, detections, labels, style);

    expect(overlayTexts.sort()).toEqual(['car 47%', 'person #12 91%']);
    expect(videoTexts.sort()).toEqual(overlayTexts);
  });
});
