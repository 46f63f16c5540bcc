// A tracked video job's result: per-track summary, class counts, track_id in CSV/JSON, MOTChallenge text.
import { describe, expect, it } from 'vitest';
import { allocateDetections, type Detections } from '../../../src/postprocess/index.js';
import { countTracksByClass, summarizeTracks } from '../../../src/client/video/track-summary.js';
import { videoResultToMot } from '../../../src/client/video/video-result-to-mot.js';
import { videoResultToCsv } from '../../../src/client/video/video-result-to-csv.js';
import { videoResultToJson } from '../../../src/client/video/video-result-to-json.js';
import type { FrameResult, VideoResult } from '../../../src/client/types.js';

/** [x1, y1, x2, y2, score, class, trackId] rows. */
function tracked(rows: [number, number, number, number, number, number, number][]): Detections {
  const d = allocateDetections(rows.length);
  d.trackIds = new Uint32Array(rows.length);
  rows.forEach(([x1, y1, x2, y2, score, cls, id], i) => {
    d.boxes.set([x1, y1, x2, y2], i * 4);
    d.scores[i] = score;
    d.classes[i] = cls;
    d.trackIds![i] = id;
  });
  return d;
}

const labels = ['w', 'r', 'g', 'b'];
const timings = { preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5, trackMs: 0.01, totalMs: 3.51 };
const frame = (index: number, d: Detections): FrameResult => ({ frame: index, timestamp: index / 10, detections: d, labels, timings, tiles: 1 });

// frames 0, 2, 4 of a video processed with frameStep 2: track 1 (red, once seen as green), track 2 (blue),
// an unconfirmed detection (ID 0)
const frames = [
  frame(0, tracked([[10, 10, 20, 20, 0.9, 1, 1], [50.5, 50, 60, 62.25, 0.8, 3, 2]])),
  frame(2, tracked([[12, 10, 22, 20, 0.85, 2, 1], [100, 100, 110, 110, 0.7, 0, 0]])),
  frame(4, tracked([[14, 10, 24, 20, 0.88, 1, 1]])),
];
const result: VideoResult = {
  frames,
  metadata: { container: 'mp4', codec: 'avc1.64000b', width: 640, height: 360, durationSeconds: 0.5, frameCount: 5, frameRate: 10 },
  labels,
  model: { name: 'm', layout: 'yolov5', inputWidth: 416, inputHeight: 416, backend: 'wasm' },
  settings: { frameStep: 2, scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 300, classAgnostic: false, track: true },
  timing: { wallMs: 10, framesPerSecond: 300, preprocessMs: 1, inferenceMs: 2, postprocessMs: 0.5 },
};
result.tracks = summarizeTracks(frames, labels);

describe('tracked video results', () => {
  it('summarises each track: majority class, first and last frame, frames seen; ID 0 is no track', () => {
    expect(result.tracks).toEqual([
      { id: 1, classId: 1, label: 'r', firstFrame: 0, lastFrame: 4, frames: 3 },
      { id: 2, classId: 3, label: 'b', firstFrame: 0, lastFrame: 0, frames: 1 },
    ]);
    expect(countTracksByClass(result.tracks!, labels)).toEqual([
      { classId: 1, label: 'r', count: 1 },
      { classId: 3, label: 'b', count: 1 },
    ]);
  });

  it('writes MOTChallenge lines for tracked boxes only, frames from 1, x y w h', () => {
    expect(videoResultToMot(result)).toBe(
      ['1,1,10,10,10,10,0.9,-1,-1,-1', '1,2,50.5,50,9.5,12.25,0.8,-1,-1,-1', '3,1,12,10,10,10,0.85,-1,-1,-1', '5,1,14,10,10,10,0.88,-1,-1,-1', ''].join('\n'),
    );
  });

  it('adds track_id to the CSV and JSON exports', () => {
    const csv = videoResultToCsv(result).split('\n');
    expect(csv[0]).toBe('frame,timestamp,class,label,score,x1,y1,x2,y2,track_id');
    expect(csv[3]).toBe('2,0.2,2,g,0.85,12,10,22,20,1');
    expect(csv[4]).toBe('2,0.2,0,w,0.7,100,100,110,110,0');
    const json = JSON.parse(videoResultToJson(result));
    expect(json.frames[0].detections[1]).toMatchObject({ classId: 3, track_id: 2 });
    expect(json.frames[1].detections[1].track_id).toBe(0);
    expect(json.tracks[0]).toEqual({ id: 1, classId: 1, label: 'r', firstFrame: 0, lastFrame: 4, frames: 3 });
  });

  it('leaves untracked exports as they were', () => {
    const plain: VideoResult = { ...result, settings: { scoreThreshold: 0.25 }, tracks: undefined, frames: [frame(0, allocateDetections(0))] };
    expect(videoResultToCsv(plain).split('\n')[0]).toBe('frame,timestamp,class,label,score,x1,y1,x2,y2');
    expect(videoResultToMot(plain)).toBe('');
    expect(JSON.parse(videoResultToJson(plain)).tracks).toBeUndefined();
  });
});
