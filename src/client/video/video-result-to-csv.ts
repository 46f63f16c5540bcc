// VideoResult → CSV, one row per detection: frame,timestamp,class,label,score,x1,y1,x2,y2
// (timestamp in seconds as the container has it, box in source px), plus track_id when the job was
// tracked (0 = no confirmed track). Frames without detections add no row.

import { csvCell } from '../csv-cell.js';
import type { VideoResult } from '../types.js';

/** The CSV header line's columns. */
export const VIDEO_CSV_COLUMNS = ['frame', 'timestamp', 'class', 'label', 'score', 'x1', 'y1', 'x2', 'y2'] as const;

/**
 * A text field as a CSV cell: neutralised when a spreadsheet could read it as a formula (OWASP), quoted
 * when it holds a comma, quote, CR or LF (RFC 4180). See `csvCell`.
 */
export function csvField(value: string): string {
  return csvCell(value);
}

/** Shortest decimal for a rounded number (no trailing zeros, no "-0"). */
function num(value: number, digits: number): string {
  const f = 10 ** digits;
  const rounded = Math.round(value * f) / f;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * The detections of every processed frame as CSV: a header, then one row per detection with the frame
 * index, its timestamp (s), class id, label (CSV-escaped, formulas neutralised), score (1e-4) and box
 * x1,y1,x2,y2 (0.01 px); a tracked job's rows end with the detection's track_id.
 * Lines end with '\n'.
 */
export function videoResultToCsv(result: VideoResult): string {
  const tracked = result.settings.track !== undefined && result.settings.track !== false;
  const lines: string[] = [VIDEO_CSV_COLUMNS.join(',') + (tracked ? ',track_id' : '')];
  const escaped = result.labels.map(csvField);
  for (const f of result.frames) {
    const { boxes, scores, classes, count, trackIds } = f.detections;
    const time = f.timestamp === undefined ? '' : String(f.timestamp);
    for (let i = 0; i < count; i++) {
      const c = classes[i];
      lines.push(
        [
          f.frame,
          time,
          c,
          escaped[c] ?? csvField(`class ${c}`),
          num(scores[i], 4),
          num(boxes[i * 4], 2),
          num(boxes[i * 4 + 1], 2),
          num(boxes[i * 4 + 2], 2),
          num(boxes[i * 4 + 3], 2),
          ...(tracked ? [trackIds?.[i] ?? 0] : []),
        ].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
