import { describe, expect, it } from 'vitest';
import { ort } from '../helpers/ort.js';
import { readOnnxHeader } from '../../src/worker/onnx-metadata.js';
import { parseImageSize, parseNames, parseNumberLists } from '../../src/worker/python-literal.js';
import { ModelLoadError } from '../../src/postprocess/index.js';
import { classifierModel, constantOutputModel } from '../helpers/onnx-builder.js';
import { fixturePath, fixturesAvailable } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';

describe('readOnnxHeader', () => {
  it('reads metadata_props, opset and producer from a model built here (and onnxruntime runs it)', async () => {
    const bytes = constantOutputModel(8, [{ name: 'out', dims: [1, 2, 6], data: new Float32Array(12) }], {
      names: "{0: 'a', 1: \"o'clock\"}",
      imgsz: '[8, 8]',
    });
    const header = readOnnxHeader(bytes);
    expect(header.metadata).toEqual({ names: "{0: 'a', 1: \"o'clock\"}", imgsz: '[8, 8]' });
    expect(header.opset).toBe(13);
    expect(header.irVersion).toBe(8);
    expect(header.producerName).toBe('yolo-detector-tests');
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ images: new ort.Tensor('float32', new Float32Array(3 * 64), [1, 3, 8, 8]) });
    expect(out.out.dims).toEqual([1, 2, 6]);
  });

  it('tolerates models without metadata', () => {
    expect(readOnnxHeader(classifierModel()).metadata).toEqual({});
  });

  it('rejects bytes that are not ONNX with a ModelLoadError that says what to do', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    expect(() => readOnnxHeader(jpeg)).toThrow(ModelLoadError);
    expect(() => readOnnxHeader(new TextEncoder().encode('hello world, not a model'))).toThrow(/not (a valid ONNX|an ONNX) model/);
    expect(() => readOnnxHeader(classifierModel().subarray(0, 40))).toThrow(ModelLoadError); // truncated
  });

  it.runIf(fixturesAvailable('ONNX metadata of the fixture models'))('reads the Ultralytics metadata of yolov8n', () => {
    const header = readOnnxHeader(readFileSync(fixturePath('models', 'yolov8n_coco_640_int8dyn.onnx')));
    expect(header.metadata.task).toBe('detect');
    expect(parseImageSize(header.metadata.imgsz)).toEqual({ width: 640, height: 640 });
    const names = parseNames(header.metadata.names);
    expect(names?.length).toBe(80);
    expect(names?.[0]).toBe('person');
    expect(names?.[79]).toBe('toothbrush');
    expect(header.opset).toBe(20);
  });
});

describe('Python literal parsing', () => {
  it('parses dict reprs with both quote styles and escapes', () => {
    expect(parseNames("{0: 'person', 1: \"o'clock\", 2: 'it\\'s'}")).toEqual(['person', "o'clock", "it's"]);
    expect(parseNames("{1: 'b', 0: 'a'}")).toEqual(['a', 'b']);
    expect(parseNames("{0: 'a', 2: 'c'}")).toEqual(['a', 'class 1', 'c']);
    expect(parseNames("['x', 'y']")).toEqual(['x', 'y']);
  });

  it('returns null for what it cannot read', () => {
    expect(parseNames('person,car')).toBeNull();
    expect(parseNames("{0: 'unterminated}")).toBeNull();
    expect(parseNames('{}')).toBeNull();
  });

  it('reads imgsz forms (height first) and number lists', () => {
    expect(parseImageSize('[480, 640]')).toEqual({ width: 640, height: 480 });
    expect(parseImageSize('416')).toEqual({ width: 416, height: 416 });
    expect(parseNumberLists('[[10, 13, 16, 30], [30, 61]]')).toEqual([[10, 13, 16, 30], [30, 61]]);
    expect(parseNumberLists('[8, 16, 32]')).toEqual([8, 16, 32]);
    expect(parseNumberLists('nope')).toBeNull();
  });
});
