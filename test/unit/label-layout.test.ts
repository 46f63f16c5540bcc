// Label placement in dense scenes (issue 14): no two labels overlap, tiny boxes get none, and labels
// never cover more than their share of the picture.
import { describe, expect, it } from 'vitest';
import { LABEL_AREA_SHARE, LabelLayout, MIN_LABELLED_BOX_PX } from '../../src/ui/label-layout.js';

type Rect = [number, number, number, number];
const overlaps = (a: Rect, b: Rect) => a[0] < b[0] + b[2] && a[0] + a[2] > b[0] && a[1] < b[1] + b[3] && a[1] + a[3] > b[1];

describe('LabelLayout (auto mode)', () => {
  it('never lets two labels overlap, trying above, inside, then below the box', () => {
    const layout = new LabelLayout();
    layout.reset();
    const placed: Rect[] = [];
    // a crowd: 30 boxes 20 px apart, labels 40 x 14
    for (let i = 0; i < 30; i++) {
      const x = 50 + (i % 6) * 20;
      const y = 50 + Math.floor(i / 6) * 20;
      if (layout.place(x, y, x + 18, y + 18, 40, 14, 640, 480, 'auto')) placed.push([layout.x, layout.y, 40, 14]);
    }
    expect(placed.length).toBeGreaterThan(3);
    expect(placed.length).toBeLessThan(30);
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i], placed[j])).toBe(false);
    for (const [x, y, w, h] of placed) expect(x >= 0 && y >= 0 && x + w <= 640 && y + h <= 480).toBe(true);
  });

  it('puts the label above the box when there is room, inside its top at the picture edge', () => {
    const layout = new LabelLayout();
    layout.reset();
    expect(layout.place(100, 100, 200, 200, 40, 14, 640, 480, 'auto')).toBe(true);
    expect([layout.x, layout.y]).toEqual([100, 86]);
    expect(layout.place(300, 2, 400, 100, 40, 14, 640, 480, 'auto')).toBe(true);
    expect(layout.y).toBe(2);
  });

  it('gives tiny boxes no label, and stops when labels would cover their share of the picture', () => {
    const layout = new LabelLayout();
    layout.reset(640 * 480);
    const s = MIN_LABELLED_BOX_PX - 1;
    expect(layout.place(10, 100, 10 + s, 100 + s, 40, 14, 640, 480, 'auto')).toBe(false);
    expect(layout.place(10, 100, 10 + s, 100 + s, 40, 14, 640, 480, 'all')).toBe(true);
    let area = 0;
    for (let i = 0; i < 400; i++) {
      const x = (i % 16) * 40;
      const y = 20 + Math.floor(i / 16) * 18;
      if (layout.place(x, y, x + 30, y + 16, 38, 14, 640, 480, 'auto')) area += 38 * 14;
    }
    expect(area).toBeGreaterThan(0);
    expect(area).toBeLessThanOrEqual(640 * 480 * LABEL_AREA_SHARE);
  });

  it('draws nothing in none mode', () => {
    const layout = new LabelLayout();
    layout.reset();
    expect(layout.place(100, 100, 200, 200, 40, 14, 640, 480, 'none')).toBe(false);
  });
});
