// Stable, distinct colours per class. The default palette holds 80 colours (COCO has 80 classes),
// chosen by a greedy max-min search in CIELAB over the sRGB cube (lightness 40-92, chroma >= 25):
// any two differ by a CIE76 distance of at least 19, so no two of 80 classes look alike (issue 14).

/** The default class colours, class k gets entry k % 80. */
export const CLASS_PALETTE: readonly string[] = [
  '#ff3838', '#00c2ff', '#ff9d00', '#48db48', '#be50ff', '#ffe600', '#556633', '#ff99cc', '#00ffdd', '#5555aa',
  '#ffddaa', '#ff00aa', '#aa5544', '#889900', '#008888', '#0066ff', '#aaee99', '#cc0055', '#008833', '#885577',
  '#ccccff', '#bb55bb', '#996600', '#aaff00', '#99eeee', '#00ff00', '#ff8855', '#1199ff', '#7711ff', '#006699',
  '#eeee77', '#bb99ff', '#ff00ee', '#00dd88', '#ffbbbb', '#ff6600', '#ff7788', '#aa9955', '#66aa77', '#eebb55',
  '#aa4400', '#aadd44', '#aa3377', '#7744cc', '#8888bb', '#ff77ff', '#0044ff', '#bb11bb', '#886644', '#ff66bb',
  '#dd9966', '#55aa22', '#5599bb', '#bbcc99', '#bb2222', '#00bbaa', '#779944', '#cc7788', '#666600', '#007755',
  '#6677ee', '#ccbb22', '#ff0055', '#cc00ff', '#bb77bb', '#bb77ff', '#33bbcc', '#cc99bb', '#ff0000', '#ff2288',
  '#ccee11', '#ffaaff', '#88ff88', '#ff9988', '#11eeee', '#99ddff', '#66ddaa', '#aa3355', '#cc7700', '#bb0088',
];

/** The colour of class `index` as a CSS colour. A `palette` (CSS colours) takes precedence. */
export function classColor(index: number, palette?: readonly string[]): string {
  const colors = palette && palette.length > 0 ? palette : CLASS_PALETTE;
  return colors[index % colors.length];
}

/**
 * Black or white, whichever reads better on `background` (a `#rgb`, `#rrggbb` or `rgb()` colour;
 * anything else gets black).
 */
export function labelTextColor(background: string): string {
  let text = textColors.get(background);
  if (text === undefined) {
    const rgb = parseColor(background);
    const lin = rgb?.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    // 0.179: the luminance where black and white text have the same WCAG contrast
    text = !lin || 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] > 0.179 ? '#000' : '#fff';
    if (textColors.size < 256) textColors.set(background, text); // drawn every frame: parse each colour once
  }
  return text;
}

const textColors = new Map<string, string>();

function parseColor(color: string): [number, number, number] | null {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16) / 255) as [number, number, number];
  m = /^#([0-9a-f]{6})$/i.exec(c);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16) / 255) as [number, number, number];
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
  if (m) return [m[1], m[2], m[3]].map((v) => Number(v) / 255) as [number, number, number];
  return null;
}
