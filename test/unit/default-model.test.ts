// Which model URLs get the shipped model's sidecar settings (resize filter, tracker thresholds): the
// default file and its fp16 / int8 / NMS variants in the same folder, nothing else.
import { describe, expect, it } from 'vitest';
import { defaultModelTrackerDefaults, defaultModelUrl, isShippedModel } from '../../src/client/default-model.js';
import sidecar from '../../models/wrgb-416.json';

describe('the shipped model and its variants', () => {
  const url = defaultModelUrl();
  const sibling = (name: string) => url.replace(/wrgb-416\.onnx$/, name);

  it('are the default file and its variants next to it', () => {
    expect(url).toMatch(/\/models\/wrgb-416\.onnx$/);
    expect(isShippedModel(url)).toBe(true);
    for (const name of ['wrgb-416-fp16.onnx', 'wrgb-416-int8.onnx', 'wrgb-416-nms.onnx']) expect(isShippedModel(sibling(name))).toBe(true);
  });

  it('are not other files, nor the same names elsewhere', () => {
    for (const name of ['wrgb-416-q4.onnx', 'yolov8n.onnx', 'wrgb-416.onnx.bak', 'xwrgb-416.onnx']) expect(isShippedModel(sibling(name))).toBe(false);
    expect(isShippedModel('https://example.com/models/wrgb-416.onnx')).toBe(false);
    expect(isShippedModel(url.replace('/models/', '/other/'))).toBe(false);
  });

  it("take the tracker thresholds of the sidecar's tracking block", () => {
    expect(defaultModelTrackerDefaults()).toEqual({ highThreshold: sidecar.tracking.highThreshold, newTrackThreshold: sidecar.tracking.newTrackThreshold });
  });
});
