import { describe, expect, it } from 'vitest';
import { datasetFromFiles, type DatasetFile } from '../../../src/eval/index.js';

const file = (path: string, text = 'x'): DatasetFile => ({ path, file: new Blob([text]) });

describe('datasetFromFiles', () => {
  it('pairs images/ with labels/ as Ultralytics does, names from data.yaml', async () => {
    const ds = await datasetFromFiles([
      file('set/data.yaml', 'names: [a, b]\n'),
      file('set/images/val/1.jpg'),
      file('set/images/val/2.png'),
      file('set/labels/val/1.txt', '1 0.5 0.5 0.2 0.2\n'),
      file('set/labels/val/2.txt', ''),
    ]);
    expect(ds.format).toBe('yolo');
    expect(ds.names).toEqual(['a', 'b']);
    expect(ds.namesSource).toBe('set/data.yaml');
    expect(ds.images.map((i) => i.name)).toEqual(['set/images/val/1.jpg', 'set/images/val/2.png']);
    expect(ds.images[0].labels?.classes).toEqual([1]);
    expect(ds.images[1].labels?.classes).toEqual([]); // an empty file: a background image, not an issue
    expect(ds.issues).toEqual([]);
  });

  it('pairs labels beside their images, names from classes.txt', async () => {
    const ds = await datasetFromFiles([file('a.jpg'), file('a.txt', '0 0.5 0.5 0.1 0.1'), file('classes.txt', 'w\nr\n')]);
    expect(ds.names).toEqual(['w', 'r']);
    expect(ds.images).toHaveLength(1);
    expect(ds.images[0].labels?.source).toBe('a.txt');
  });

  it('lists images without labels, labels without images and bad lines, and keeps going', async () => {
    const ds = await datasetFromFiles([
      file('images/1.jpg'),
      file('images/2.jpg'),
      file('labels/1.txt', '0 0.5 0.5 0.1 0.1\nnonsense\n'),
      file('labels/3.txt', '0 0.5 0.5 0.1 0.1'),
      file('train.txt', 'images/1.jpg\nimages/2.jpg\n'), // an image list, not labels
      file('notes.md', 'hello'),
    ]);
    expect(ds.images).toHaveLength(2);
    expect(ds.images[1].labels).toBeNull();
    expect(ds.issues.map((i) => [i.kind, i.file, i.line])).toEqual([
      ['image-without-labels', 'images/2.jpg', undefined],
      ['unparsable-line', 'labels/1.txt', 2],
      ['label-without-image', 'labels/3.txt', undefined],
    ]);
    expect(ds.names).toEqual([]);
  });

  it('uses the folder path of picked files (webkitRelativePath)', async () => {
    const image = new File(['x'], '7.jpg');
    const label = new File(['0 0.5 0.5 0.1 0.1'], '7.txt');
    Object.defineProperty(image, 'webkitRelativePath', { value: 'drop/images/7.jpg' });
    Object.defineProperty(label, 'webkitRelativePath', { value: 'drop/labels/7.txt' });
    const ds = await datasetFromFiles([image, label]);
    expect(ds.images[0].name).toBe('drop/images/7.jpg');
    expect(ds.images[0].labels?.classes).toEqual([0]);
  });

  it('reads COCO JSON: boxes in px, categories in id order as classes', async () => {
    const coco = {
      images: [{ id: 10, file_name: 'val/a.jpg' }, { id: 11, file_name: 'b.jpg' }, { id: 12, file_name: 'gone.jpg' }],
      categories: [{ id: 18, name: 'dog' }, { id: 1, name: 'person' }],
      annotations: [
        { image_id: 10, category_id: 18, bbox: [10, 20, 30, 40] },
        { image_id: 10, category_id: 1, bbox: [0, 0, 5, 5], iscrowd: 1 },
        { image_id: 11, category_id: 1, bbox: [1, 2, 3, 4] },
        { image_id: 11, category_id: 99, bbox: [1, 2, 3, 4] },
        { image_id: 11, category_id: 1, bbox: [1, 2, 0, 4] },
      ],
    };
    const ds = await datasetFromFiles([
      file('annotations/instances_val.json', JSON.stringify(coco)),
      file('other.json', '{"not": "coco"}'),
      file('images/a.jpg'),
      file('images/b.jpg'),
      file('images/c.jpg'),
    ]);
    expect(ds.format).toBe('coco');
    expect(ds.names).toEqual(['person', 'dog']);
    expect(ds.images[0].labels).toMatchObject({ classes: [1], boxes: [10, 20, 40, 60], normalized: false });
    expect(ds.images[1].labels?.classes).toEqual([0]);
    expect(ds.images[2].labels).toBeNull();
    expect(ds.issues.map((i) => i.kind).sort()).toEqual(['class-out-of-range', 'image-without-labels', 'label-without-image', 'unparsable-line']);
  });
});
