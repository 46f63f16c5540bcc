// Image exports (issue 14): JSON, COCO-style JSON and YOLO .txt of one frame, read back and compared
// with the boxes that went in.
import { describe, expect, it } from 'vitest';
import { frameResultToCoco, frameResultToJson, frameResultToYoloTxt, IMAGE_JSON_FORMAT, type FrameResult } from '../../src/index.js';

const boxes = [
  [10, 20, 110, 70], // class 2 'car', 0.91
  [300.25, 0, 640, 480], // class 0 'person', 0.5
];
const result: FrameResult = {
  frame: 0,
  labels: ['person', 'bicycle', 'car'],
  detections: { count: 2, boxes: new Float32Array(boxes.flat()), scores: new Float32Array([0.91, 0.5]), classes: new Uint16Array([2, 0]) },
  timings: { preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5, totalMs: 3.5 },
  tiles: 1,
};
const image = { fileName: 'street.jpg', width: 640, height: 480 };

describe('image exports', () => {
  it('JSON: boxes, scores, class ids and labels of every detection', () => {
    const doc = JSON.parse(frameResultToJson(result, image));
    expect(doc.format).toBe(IMAGE_JSON_FORMAT);
    expect(doc.image).toEqual(image);
    expect(doc.detections.map((d: { box: number[] }) => d.box)).toEqual(boxes);
    expect(doc.detections.map((d: { label: string; classId: number; score: number }) => [d.label, d.classId, d.score])).toEqual([
      ['car', 2, 0.91],
      ['person', 0, 0.5],
    ]);
  });

  it('COCO: [x, y, w, h] boxes, category ids = class + 1, every label listed', () => {
    const doc = JSON.parse(frameResultToCoco(result, image));
    expect(doc.images).toEqual([{ id: 1, file_name: 'street.jpg', width: 640, height: 480 }]);
    expect(doc.categories).toEqual([
      { id: 1, name: 'person' },
      { id: 2, name: 'bicycle' },
      { id: 3, name: 'car' },
    ]);
    const byId = new Map<number, string>(doc.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
    doc.annotations.forEach((a: { bbox: number[]; category_id: number; image_id: number; area: number; score: number }, i: number) => {
      const [x1, y1, x2, y2] = boxes[i];
      expect(a.bbox).toEqual([x1, y1, x2 - x1, y2 - y1]);
      expect(a.area).toBeCloseTo((x2 - x1) * (y2 - y1), 1);
      expect(a.image_id).toBe(1);
      expect(byId.get(a.category_id)).toBe(result.labels[result.detections.classes[i]]);
    });
    expect(doc.annotations.map((a: { score: number }) => a.score)).toEqual([0.91, 0.5]);
  });

  it('YOLO .txt: normalised centre and size that map back to the boxes', () => {
    const lines = frameResultToYoloTxt(result, 640, 480).trim().split('\n');
    expect(lines).toHaveLength(2);
    lines.forEach((line, i) => {
      const [cls, cx, cy, w, h] = line.split(' ').map(Number);
      expect(cls).toBe(result.detections.classes[i]);
      const back = [(cx - w / 2) * 640, (cy - h / 2) * 480, (cx + w / 2) * 640, (cy + h / 2) * 480];
      back.forEach((v, k) => expect(v).toBeCloseTo(boxes[i][k], 2));
    });
    expect(frameResultToYoloTxt(result, 640, 480, { scores: true }).split('\n')[0].split(' ')).toHaveLength(6);
    expect(frameResultToYoloTxt({ ...result, detections: { ...result.detections, count: 0 } }, 640, 480)).toBe('');
  });
});
