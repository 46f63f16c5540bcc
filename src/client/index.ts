// The client: DOM-free main-thread API over the worker (DESIGN.md contract 3).
export { createDetector, Detector } from './detector.js';
export { PerfLog, type PerfEntry, type PerfSummary, type StageStats } from './perf-log.js';
export { captureFrame, type CapturedFrame, type DetectSource } from './sources.js';
export { defaultModelUrl, globalConfig, type GlobalConfig } from './default-model.js';
export { defaultWorkerFactory, type WorkerFactory } from './worker-bridge.js';
export type { DetectOptions, DetectorOptions, FrameResult, ProgressDetail } from './types.js';
export type {
  BackendName,
  FrameOptions,
  LoadOptions,
  ModelInfo,
  ModelSource,
  StageTimings,
} from '../worker/api.js';
