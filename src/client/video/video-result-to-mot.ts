// VideoResult → MOTChallenge text (det/gt.txt format): frame,id,x,y,w,h,score,-1,-1,-1 per tracked box.

import type { VideoResult } from '../types.js';

function num(value: number, digits: number): string {
  const f = 10 ** digits;
  const rounded = Math.round(value * f) / f;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * The tracked detections of a video job in the MOTChallenge format: one line per detection that has a
 * track ID (`frame,id,x,y,w,h,score,-1,-1,-1`), frame numbers from 1 (the container's frame index + 1,
 * so skipped frames keep their numbers), box left, top, width, height in source px (0.01 px), score
 * (1e-4). Empty when the job was not tracked. Lines end with '\n'.
 */
export function videoResultToMot(result: VideoResult): string {
  let out = '';
  for (const f of result.frames) {
    const { boxes, scores, trackIds, count } = f.detections;
    if (!trackIds) continue;
    for (let i = 0; i < count; i++) {
      if (trackIds[i] === 0) continue;
      const x = boxes[i * 4];
      const y = boxes[i * 4 + 1];
      out += `${f.frame + 1},${trackIds[i]},${num(x, 2)},${num(y, 2)},${num(boxes[i * 4 + 2] - x, 2)},${num(boxes[i * 4 + 3] - y, 2)},${num(scores[i], 4)},-1,-1,-1\n`;
    }
  }
  return out;
}
