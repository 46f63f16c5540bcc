import { describe, expect, it } from 'vitest';
import { parseDataYamlNames, parseNamesList, parseYoloLabels } from '../../../src/eval/index.js';

describe('parseYoloLabels', () => {
  it('turns cx cy w h lines into normalised corner boxes', () => {
    const { labels, issues } = parseYoloLabels('0 0.5 0.5 0.2 0.4\n\n3 0.1 0.2 0.1 0.1\r\n', 'labels/a.txt');
    expect(issues).toEqual([]);
    expect(labels.classes).toEqual([0, 3]);
    const expected = [0.4, 0.3, 0.6, 0.7, 0.05, 0.15, 0.15, 0.25];
    labels.boxes.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(labels.lines).toEqual([1, 3]);
    expect(labels.normalized).toBe(true);
  });

  it('takes the bounding box of a segmentation polygon', () => {
    const { labels } = parseYoloLabels('2 0.1 0.2 0.5 0.25 0.3 0.6', 'x.txt');
    expect(labels.classes).toEqual([2]);
    expect(labels.boxes).toEqual([0.1, 0.2, 0.5, 0.6]);
  });

  it('reports each bad line with its number and keeps the good ones', () => {
    const text = ['1 0.5 0.5 0.1 0.1', 'x 0.5 0.5 0.1 0.1', '1 0.5 0.5 0.1', '1.5 0.5 0.5 0.1 0.1', '-1 0.5 0.5 0.1 0.1', '0 0.5 0.5 0 0.1', '0 2 2 0.1 0.1', '# comment', '2 0.5 0.5 0.2 0.2'].join('\n');
    const { labels, issues } = parseYoloLabels(text, 'l.txt');
    expect(labels.classes).toEqual([1, 2]);
    expect(labels.lines).toEqual([1, 9]);
    expect(issues.map((i) => i.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(issues.every((i) => i.kind === 'unparsable-line' && i.file === 'l.txt')).toBe(true);
    expect(issues[1].message).toMatch(/4 fields/);
  });

  it('clips boxes that overshoot the edge by a rounding error', () => {
    const { labels, issues } = parseYoloLabels('0 0.05 0.5 0.1002 0.2', 'e.txt');
    expect(issues).toEqual([]);
    expect(labels.boxes[0]).toBe(0);
  });
});

describe('class names', () => {
  it('reads the names of a data.yaml in its three spellings', () => {
    expect(parseDataYamlNames("path: ../x\ntrain: images/train\nnames: [w, 'r g', \"b\"]\nnc: 3\n")).toEqual(['w', 'r g', 'b']);
    expect(parseDataYamlNames('names:\n  - person\n  - "traffic light"\nval: x\n')).toEqual(['person', 'traffic light']);
    expect(parseDataYamlNames('names:\n  1: car  # a comment\n  0: person\n  3: bus\ndownload: |\n  x\n')).toEqual(['person', 'car', 'class 2', 'bus']);
    expect(parseDataYamlNames('names:\n- a\n- b\n')).toEqual(['a', 'b']);
    expect(parseDataYamlNames('names: {0: a, 1: b}')).toEqual(['a', 'b']);
    expect(parseDataYamlNames('train: x\n')).toBeNull();
  });

  it('reads classes.txt one name per line', () => {
    expect(parseNamesList('w\nr\n\ng\r\nb\n')).toEqual(['w', 'r', 'g', 'b']);
  });
});
