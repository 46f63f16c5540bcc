// The element's events (docs/contracts.md, contract 2): names and detail types. All bubble and are composed,
// so they cross shadow roots.

import type { FrameResult, ModelInfo, ProgressDetail } from '../client/index.js';

/** `yolo-error` detail: the typed error's name and a message a person can act on. */
export interface ErrorDetail {
  /** The error class: `ModelLoadError`, `InputError`, ... (see README, events). */
  name: string;
  /** What went wrong and what to do about it. */
  message: string;
}

/** Event name → detail type. */
export interface YoloEventMap {
  'yolo-ready': ModelInfo;
  'yolo-detections': FrameResult;
  'yolo-progress': ProgressDetail;
  'yolo-error': ErrorDetail;
}

/** Dispatches a bubbling, composed CustomEvent with a typed detail. */
export function emit<K extends keyof YoloEventMap>(target: EventTarget, name: K, detail: YoloEventMap[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'yolo-ready': CustomEvent<ModelInfo>;
    'yolo-detections': CustomEvent<FrameResult>;
    'yolo-progress': CustomEvent<ProgressDetail>;
    'yolo-error': CustomEvent<ErrorDetail>;
  }
}
