// The client: DOM-free main-thread API over the worker (docs/contracts.md, contract 3).
export { createDetector, Detector } from './detector.js';
export { PerfLog, type PerfEntry, type PerfSummary, type SessionSummary, type StageStats } from './perf-log.js';
export type { SeriesStats } from './running-stats.js';
export { PerfSegments, type PerfSegment, type PerfSegmentKey } from './perf-segments.js';
export { captureFrame, type CapturedFrame, type DetectSource } from './sources.js';
export { defaultModelUrl, globalConfig, type GlobalConfig } from './default-model.js';
export { defaultWorkerFactory, type WorkerFactory } from './worker-bridge.js';
export type { DetectOptions, DetectorOptions, FrameResult, ProcessVideoOptions, ProgressDetail, VideoResult } from './types.js';
export { videoResultToJson, VIDEO_JSON_FORMAT, type JsonDetection } from './video/video-result-to-json.js';
export { videoResultToCsv, VIDEO_CSV_COLUMNS } from './video/video-result-to-csv.js';
export { videoResultToMot } from './video/video-result-to-mot.js';
export { summarizeTracks, countTracksByClass, type TrackSummary } from './video/track-summary.js';
export { partialResult, type VideoJobError } from './video/video-job-error.js';
export { frameResultToJson, IMAGE_JSON_FORMAT, type ImageDescription } from './image/frame-result-to-json.js';
export { frameResultToCoco, type CocoAnnotation } from './image/frame-result-to-coco.js';
export { frameResultToYoloTxt } from './image/frame-result-to-yolo-txt.js';
export type {
  BackendName,
  FrameOptions,
  LoadOptions,
  ModelInfo,
  ModelSource,
  StageTimings,
  VideoJobOptions,
  VideoMetadata,
  VideoProgress,
  VideoSelection,
} from '../worker/api.js';
export * from './evaluation.js';
