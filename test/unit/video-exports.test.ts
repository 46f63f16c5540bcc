// The exports of a video job's result (JSON document, CSV rows) and its progress reports.
import { describe, expect, it } from 'vitest';
import { allocateDetections, type Detections } from '../../src/postprocess/index.js';
import { ProgressMeter } from '../../src/client/video/progress-meter.js';
import { csvField, videoResultToCsv } from '../../src/client/video/video-result-to-csv.js';
import { VIDEO_JSON_FORMAT, videoResultToJson } from '../../src/client/video/video-result-to-json.js';
import { partialResult, withPartial } from '../../src/client/video/video-job-error.js';
import type { FrameResult, VideoResult } from '../../src/client/types.js';

function detections(rows: [number, number, number, number, number, number][]): Detections {
  const d = allocateDetections(rows.length);
  rows.forEach(([x1, y1, x2, y2, score, cls], i) => {
    d.boxes.set([x1, y1, x2, y2], i * 4);
    d.scores[i] = score;
    d.classes[i] = cls;
  });
  return d;
}

const labels = ['car', 'person, "tall"', 'bus\nline'];
const timings = { preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5, totalMs: 3.5 };
const frame = (index: number, timestamp: number, d: Detections): FrameResult => ({ frame: index, timestamp, detections: d, labels, timings, tiles: 1 });

const result: VideoResult = {
  frames: [
    frame(0, 0, detections([[10.123456, 20, 30.5, 40.25, 0.87654321, 0]])),
    frame(1, 1 / 30, detections([])),
    frame(2, 2 / 30, detections([[0, 0, 5, 5, 0.5, 1], [1, 2, 3, 4, 0.3, 2]])),
  ],
  metadata: { container: 'mp4', codec: 'avc1.64000b', width: 160, height: 120, durationSeconds: 0.1, frameCount: 3, frameRate: 30 },
  labels,
  model: { name: 'm.onnx', layout: 'end2end', inputWidth: 64, inputHeight: 64, backend: 'wasm' },
  settings: { frameStep: 1, scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 300, classAgnostic: false },
  timing: { wallMs: 100, framesPerSecond: 30, preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5 },
};

describe('videoResultToJson', () => {
  const doc = JSON.parse(videoResultToJson(result));

  it('writes one document with the video, model, settings and labels', () => {
    expect(doc.format).toBe(VIDEO_JSON_FORMAT);
    expect(doc.version).toBe(1);
    expect(doc.video).toEqual(result.metadata);
    expect(doc.model).toEqual(result.model);
    expect(doc.settings).toEqual(result.settings);
    expect(doc.labels).toEqual(labels);
  });

  it('lists every frame, with or without detections, with its container timestamp unrounded', () => {
    expect(doc.frames.map((f: { frame: number }) => f.frame)).toEqual([0, 1, 2]);
    expect(doc.frames[1]).toEqual({ frame: 1, timestamp: 1 / 30, detections: [] });
  });

  it('writes boxes as [x1,y1,x2,y2] in source px (0.01 px), scores (1e-4), class ids and labels', () => {
    expect(doc.frames[0].detections).toEqual([{ box: [10.12, 20, 30.5, 40.25], score: 0.8765, classId: 0, label: 'car' }]);
    expect(doc.frames[2].detections[1]).toEqual({ box: [1, 2, 3, 4], score: 0.3, classId: 2, label: 'bus\nline' });
  });

  it('indents when asked', () => {
    expect(videoResultToJson(result, 2)).toContain('\n  "format"');
  });
});

describe('videoResultToCsv', () => {
  const csv = videoResultToCsv(result);

  it('has a header and one row per detection (frames without detections add none)', () => {
    const lines = csv.split('\n');
    expect(lines[0]).toBe('frame,timestamp,class,label,score,x1,y1,x2,y2');
    expect(lines[1]).toBe('0,0,0,car,0.8765,10.12,20,30.5,40.25');
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('escapes labels with commas, quotes and newlines (RFC 4180)', () => {
    expect(csv).toContain(`2,${2 / 30},1,"person, ""tall""",0.5,0,0,5,5\n`);
    expect(csv).toContain(`2,${2 / 30},2,"bus\nline",0.3,1,2,3,4\n`);
    expect(csvField('plain')).toBe('plain');
  });

  it('neutralises labels a spreadsheet would run as formulas (OWASP: a leading quote)', () => {
    const labels = ['=HYPERLINK("http://x","y")', '+cmd', '-2+3', '@SUM(1+1)', '\tTAB', '\rCR', 'a-b=c', 'car'];
    const evil = { ...result, labels, frames: [frame(0, 0, detections(labels.map((_, c) => [1, 1, 2, 2, 0.9, c])))] };
    const parsed = labels.map((label) => csvField(label));
    expect(parsed).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")"`,
      "'+cmd",
      "'-2+3",
      "'@SUM(1+1)",
      "'\tTAB",
      `"'\rCR"`,
      'a-b=c',
      'car',
    ]);
    for (const cell of parsed) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    const csv = videoResultToCsv(evil);
    parsed.forEach((cell, c) => expect(csv).toContain(`0,0,${c},${cell},0.9,1,1,2,2\n`));
  });

  it('names classes beyond the label list "class N"', () => {
    const other = { ...result, labels: [], frames: [frame(0, 0, detections([[1, 1, 2, 2, 0.9, 7]]))] };
    expect(videoResultToCsv(other).split('\n')[1]).toBe('0,0,7,class 7,0.9,1,1,2,2');
  });
});

describe('ProgressMeter', () => {
  it('reports frames done of total, the rate so far and the time left', () => {
    const meter = new ProgressMeter(10, 1000);
    meter.tick(1500);
    const p = meter.tick(2000); // 2 frames in 1 s
    expect(p).toEqual({ done: 2, total: 10, framesPerSecond: 2, etaSeconds: 4 });
  });
});

describe('partial results', () => {
  it('ride on the error, for Errors and DOMExceptions alike', () => {
    const abort = withPartial(new DOMException('stop', 'AbortError'), result);
    expect(abort.name).toBe('AbortError');
    expect(partialResult(abort)).toBe(result);
    expect(partialResult(new Error('other'))).toBeUndefined();
  });
});
