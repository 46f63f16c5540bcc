// A load's options are checked before anything is downloaded (src/worker/load-options.ts): a bad input
// size or preprocessing override used to surface as a RangeError or a model that silently found nothing.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/postprocess/index.js';
import { checkLoadOptions } from '../../src/worker/load-options.js';
import type { LoadOptions } from '../../src/worker/api.js';

const check = (options: Record<string, unknown>) => () => checkLoadOptions(options as LoadOptions);

describe('checkLoadOptions', () => {
  it('accepts every documented option', () => {
    expect(
      check({
        backend: 'wasm',
        numThreads: 2,
        layout: 'yolov8',
        inputWidth: 640,
        inputHeight: 480,
        preprocess: { resize: 'letterbox-top-left', pad: 0, channels: 'BGR', scale: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
        labels: ['person', 'car'],
        name: 'mine',
        resizeFilter: 'smooth',
        smoothing: 'high',
      }),
    ).not.toThrow();
    expect(check({ layout: 'auto', preprocess: {} })).not.toThrow();
  });

  it('rejects an input size that is not a whole number of pixels', () => {
    expect(check({ inputWidth: -1 })).toThrow(/inputWidth must be a whole number of pixels from 1 to 16384 \(leave it unset to use the model's own size\), got -1/);
    expect(check({ inputHeight: NaN })).toThrow(/inputHeight must be/);
    expect(check({ inputWidth: 320.5 })).toThrow(InputError);
    expect(check({ inputWidth: '320' })).toThrow(/got the string "320"/);
  });

  it('rejects preprocessing overrides that would make a model see noise', () => {
    expect(check({ preprocess: { channels: 'XYZ' } })).toThrow(/preprocess.channels must be 'RGB' or 'BGR', got the string "XYZ"/);
    expect(check({ preprocess: { scale: 'big' } })).toThrow(/preprocess.scale must be a positive number/);
    expect(check({ preprocess: { scale: -1 } })).toThrow(/preprocess.scale/);
    expect(check({ preprocess: { pad: 'x' } })).toThrow(/preprocess.pad must be a pixel value from 0 to 255/);
    expect(check({ preprocess: { pad: 300 } })).toThrow(/preprocess.pad/);
    expect(check({ preprocess: { resize: 'zoom' } })).toThrow(/preprocess.resize must be one of 'letterbox', 'letterbox-top-left', 'stretch'/);
    expect(check({ preprocess: { mean: [0, 0] } })).toThrow(/preprocess.mean must be three finite numbers/);
    expect(check({ preprocess: { std: [1, 0, 1] } })).toThrow(/preprocess.std must be three positive finite numbers/);
    expect(check({ preprocess: 'rgb' })).toThrow(/preprocess must be an object/);
  });

  it('rejects labels that are not a list of names, and unknown layouts', () => {
    expect(check({ labels: 'person,bicycle,car' })).toThrow(/labels must be a list of class names .*got the string "person,bicycle,car"/);
    expect(check({ labels: ['a', 2] })).toThrow(/labels must be a list of class names/);
    expect(check({ layout: 'yolov9' })).toThrow(/layout must be 'auto' or one of yolov5, .*fastestv2, got the string "yolov9"/);
    expect(check({ name: 5 })).toThrow(/name must be a string/);
    expect(check({ smoothing: 'best' })).toThrow(/smoothing must be 'low', 'medium' or 'high'/);
  });

  it('keeps the earlier checks: backend, threads, resize filter', () => {
    expect(check({ backend: 'cuda' })).toThrow(/backend must be 'auto', 'webgpu' or 'wasm', got the string "cuda"/);
    expect(check({ numThreads: 0 })).toThrow(/numThreads must be a whole number >= 1, got 0/);
    expect(check({ resizeFilter: 'cubic' })).toThrow(/resizeFilter/);
  });
});
