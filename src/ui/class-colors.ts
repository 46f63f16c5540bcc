// Stable, distinct colours per class: the golden-angle walk around the hue circle, so class k gets the
// same colour on every frame and every page, and neighbouring ids never look alike.

/** The colour of class `index` as a CSS colour. A `palette` (CSS colours) takes precedence. */
export function classColor(index: number, palette?: readonly string[]): string {
  if (palette && palette.length > 0) return palette[index % palette.length];
  const hue = (index * 137.508 + 200) % 360;
  return `hsl(${hue.toFixed(1)} 90% 55%)`;
}
