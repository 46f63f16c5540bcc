// The default class palette: 80 colours (COCO's class count) that all look different (issue 14, bug 6).
import { describe, expect, it } from 'vitest';
import { classColor, labelTextColor } from '../../src/ui/class-colors.js';

/** sRGB hex → CIELAB (D65), written out here from the CIE formulas. */
function lab(hex: string): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = rgb.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** Any CSS colour the palette may use, as #rrggbb, through a canvas-free parser of hex and hsl(). */
function toHex(css: string): string {
  if (/^#[0-9a-f]{6}$/i.test(css)) return css;
  const m = /^hsl\(([\d.]+)\s+([\d.]+)%\s+([\d.]+)%\)$/.exec(css);
  if (!m) throw new Error(`unexpected colour ${css}`);
  const [h, s, l] = [Number(m[1]), Number(m[2]) / 100, Number(m[3]) / 100];
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round((l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255);
  };
  return `#${[0, 8, 4].map((n) => channel(n).toString(16).padStart(2, '0')).join('')}`;
}

describe('the default class palette', () => {
  it('gives each of 80 classes a colour at least 15 CIE76 units from every other', () => {
    const colours = Array.from({ length: 80 }, (_, k) => lab(toHex(classColor(k))));
    let closest = Infinity;
    for (let i = 0; i < 80; i++) for (let j = i + 1; j < 80; j++) closest = Math.min(closest, Math.hypot(...colours[i].map((v, c) => v - colours[j][c])));
    expect(closest).toBeGreaterThanOrEqual(15);
  });

  it('is stable and lets a page palette take precedence', () => {
    expect(classColor(3)).toBe(classColor(3));
    expect(classColor(5, ['#111', '#222'])).toBe('#222');
  });

  it('picks label text that contrasts with the box colour', () => {
    expect(labelTextColor('#ffe600')).toBe('#000'); // yellow: black text
    expect(labelTextColor('#0044ff')).toBe('#fff'); // dark blue: white text
    expect(labelTextColor('rgb(255, 255, 255)')).toBe('#000');
    expect(labelTextColor('hsl(0 0% 0%)')).toBe('#000'); // unparsed: the old default
  });
});
