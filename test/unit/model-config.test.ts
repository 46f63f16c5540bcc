import { describe, expect, it } from 'vitest';
import { resolveInput, resolveModel } from '../../src/worker/model-config.js';
import { UnsupportedModelError, YOLOX_CONVENTION } from '../../src/postprocess/index.js';

const zeros = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims });

describe('resolveInput', () => {
  const input = (dims: (number | string)[], type = 'float32') => [{ name: 'images', type, dims }];

  it('takes the size from a static input shape', () => {
    expect(resolveInput(input([1, 3, 480, 640]), {}, {})).toEqual({ name: 'images', type: 'float32', width: 640, height: 480 });
  });

  it('takes a dynamic input size from imgsz metadata, then from options, else 640', () => {
    expect(resolveInput(input([1, 3, 'h', 'w']), { imgsz: '[320, 416]' }, {})).toMatchObject({ width: 416, height: 320 });
    expect(resolveInput(input([1, 3, -1, -1]), {}, { inputWidth: 256, inputHeight: 192 })).toMatchObject({ width: 256, height: 192 });
    expect(resolveInput(input(['b', 3, 'h', 'w']), {}, {})).toMatchObject({ width: 640, height: 640 });
  });

  it('refuses models that are not detectors, saying what they are', () => {
    expect(() => resolveInput(input([1, 3, 224, 224]), { task: 'classify' }, {})).toThrow(/image classifier/);
    expect(() => resolveInput(input([1, 224, 224, 3]), {}, {})).toThrow(/NCHW/);
    expect(() => resolveInput(input([1, 3, 8, 8], 'int64'), {}, {})).toThrow(UnsupportedModelError);
    expect(() => resolveInput([...input([1, 3, 8, 8]), ...input([1])], {}, {})).toThrow(/one image input/);
  });
});

describe('resolveModel', () => {
  it('uses metadata names, else COCO-80 for 80 classes, else class N; the labels option wins', () => {
    const v8 = [zeros([1, 84, 8400])];
    expect(resolveModel(v8, { names: "{0: 'a', 1: 'b'}" }, {}).labelSource).toBe('metadata');
    const coco = resolveModel(v8, {}, {});
    expect(coco.labelSource).toBe('coco80');
    expect(coco.labels[0]).toBe('person');
    const generic = resolveModel([zeros([1, 7, 8400])], {}, {});
    expect(generic.labels).toEqual(['class 0', 'class 1', 'class 2']);
    expect(resolveModel(v8, { names: "{0: 'a'}" }, { labels: ['x'] }).labels).toEqual(['x']);
  });

  it('gives an already-suppressed output without names COCO-80 (its shape does not tell the classes)', () => {
    for (const [layout, dims] of [['end2end', [1, 100, 6]], ['yolov7-nms', [5, 7]]] as const) {
      const m = resolveModel([zeros([...dims])], {}, { layout });
      expect(m.labelSource).toBe('coco80');
      expect(m.labels[16]).toBe('dog');
      expect(resolveModel([zeros([...dims])], { names: "{0: 'a'}" }, { layout }).labels).toEqual(['a']);
    }
  });

  it("picks the family's preprocessing and lets options override single fields", () => {
    const yolox = resolveModel([{ data: new Float32Array([0.1, 0.2, -1, 0.3, 0.9, 0.5]), dims: [1, 1, 6] }], {}, { layout: 'yolox' });
    expect(yolox.preprocess).toEqual(YOLOX_CONVENTION);
    const custom = resolveModel([zeros([1, 84, 8400])], {}, { preprocess: { pad: 0 } });
    expect(custom.preprocess).toMatchObject({ resize: 'letterbox', pad: 0, channels: 'RGB' });
  });

  it('reads anchors and strides from metadata for anchor-based layouts', () => {
    const r = resolveModel([zeros([1, 63, 9])], { anchors: '[[1,2,3,4,5,6],[7,8,9,10,11,12],[13,14,15,16,17,18]]', strides: '[4, 8, 16]' }, { layout: 'yolov5-undecoded' });
    expect(r.anchors?.[0]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.strides).toEqual([4, 8, 16]);
    expect(resolveModel([zeros([1, 84, 8400])], {}, {}).anchors).toBeUndefined();
  });
});
