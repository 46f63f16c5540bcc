// The early option checks the page runs before a worker starts or a file is opened (issue 15's user
// walk-through: strings, NaN and unknown formats used to pass, then fail late or as plain TypeErrors).
import { describe, expect, it } from 'vitest';
import { checkAnnotateOption, checkFrameOptions, checkVideoSelection, decode, describeValue, InputError } from '../../../src/postprocess/index.js';

describe('describeValue', () => {
  it('names strings, so that "0.5" does not read as the number 0.5', () => {
    expect(describeValue('0.5')).toBe('the string "0.5"');
    expect(describeValue(0.5)).toBe('0.5');
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue({ format: 'avi' })).toBe('{"format":"avi"}');
    expect(describeValue(undefined)).toBe('undefined');
  });
});

describe('checkFrameOptions', () => {
  it('accepts what the docs list, including ranges with a meaning', () => {
    expect(() => checkFrameOptions({})).not.toThrow();
    expect(() =>
      checkFrameOptions({ scoreThreshold: -1, iouThreshold: 2, maxDetections: 0, classAgnostic: true, resizeFilter: 'smooth', tiling: 'auto', track: { trackThreshold: 0.5 } }),
    ).not.toThrow();
    expect(() => checkFrameOptions({ track: false, tiling: { grid: [2, 2] } })).not.toThrow();
  });

  it('rejects wrong types with the option, the value as given and what is accepted', () => {
    expect(() => checkFrameOptions({ scoreThreshold: '0.5' })).toThrow(new InputError('scoreThreshold must be a finite number, got the string "0.5".'));
    expect(() => checkFrameOptions({ scoreThreshold: NaN })).toThrow(/scoreThreshold must be a finite number, got NaN/);
    expect(() => checkFrameOptions({ iouThreshold: Infinity })).toThrow(/iouThreshold must be a finite number/);
    expect(() => checkFrameOptions({ maxDetections: '2' })).toThrow(/maxDetections must be a number, got the string "2"/);
    expect(() => checkFrameOptions({ classAgnostic: 'yes' })).toThrow(/classAgnostic must be true or false, got the string "yes"/);
    expect(() => checkFrameOptions({ track: 'yes' })).toThrow(/track must be true, false or an object of tracker options/);
    expect(() => checkFrameOptions({ track: [1] })).toThrow(InputError);
    expect(() => checkFrameOptions({ tiling: 'x' })).toThrow(/tiling must be 'off', 'auto'/);
    expect(() => checkFrameOptions({ resizeFilter: 'cubic' })).toThrow(/resizeFilter must be 'bilinear' or 'smooth'/);
  });

  it('decode() says the same for a string threshold and a non-boolean classAgnostic', () => {
    const outputs = [{ data: new Float32Array(6), dims: [1, 1, 6] }];
    const base = { inputWidth: 64, inputHeight: 64, layout: 'end2end' as const };
    expect(() => decode(outputs, { ...base, scoreThreshold: '0.5' as unknown as number })).toThrow(/scoreThreshold must be a finite number, got the string "0.5"/);
    expect(() => decode(outputs, { ...base, classAgnostic: 'yes' as unknown as boolean })).toThrow(/classAgnostic must be true or false/);
  });
});

describe('checkVideoSelection', () => {
  it('accepts numbers in range', () => {
    expect(() => checkVideoSelection({ frameStep: 2, start: 0, end: 1.5 })).not.toThrow();
    expect(() => checkVideoSelection({ targetFps: 2.5, start: 3 })).not.toThrow();
  });

  it('rejects strings that JS would compare as numbers', () => {
    expect(() => checkVideoSelection({ start: '29' })).toThrow(/start must be a time in seconds >= 0; got the string "29"/);
    expect(() => checkVideoSelection({ end: '30' })).toThrow(/end must be a time in seconds; got the string "30"/);
    expect(() => checkVideoSelection({ frameStep: '2' })).toThrow(/frameStep must be a whole number >= 1 \(1 = every frame\); got the string "2"/);
    expect(() => checkVideoSelection({ targetFps: '5' })).toThrow(/targetFps must be a positive number/);
  });

  it('rejects impossible ranges and combinations', () => {
    expect(() => checkVideoSelection({ frameStep: 0 })).toThrow(InputError);
    expect(() => checkVideoSelection({ start: Infinity })).toThrow(/start must be/);
    expect(() => checkVideoSelection({ start: 2, end: 1 })).toThrow(/end \(1 s\) must be after start \(2 s\)/);
    expect(() => checkVideoSelection({ frameStep: 2, targetFps: 5 })).toThrow(/not both/);
  });
});

describe('checkAnnotateOption', () => {
  it('accepts true, false and the documented object', () => {
    for (const ok of [undefined, true, false, {}, { format: 'mp4' }, { format: 'webm', bitrate: 2_000_000 }]) expect(() => checkAnnotateOption(ok)).not.toThrow();
  });

  it('rejects unknown formats, bad bitrates and other types before a file is opened', () => {
    expect(() => checkAnnotateOption({ format: 'avi' })).toThrow(new InputError('annotate.format must be \'mp4\' or \'webm\', got the string "avi".'));
    expect(() => checkAnnotateOption({ bitrate: -5 })).toThrow(/annotate.bitrate must be a whole number of bits per second > 0, got -5/);
    expect(() => checkAnnotateOption({ bitrate: 1.5 })).toThrow(InputError);
    expect(() => checkAnnotateOption('yes')).toThrow(/annotate must be true, false or/);
  });
});
