// Where a media element's content actually appears inside its box, for CSS object-fit and
// object-position, so that boxes in source pixels land on the right displayed pixels. Pure maths.

/** A rectangle in CSS px. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The CSS object-fit values. */
export type ObjectFit = 'fill' | 'contain' | 'cover' | 'none' | 'scale-down';

/** Resolves one object-position component ('50%', '10px', 'left', 'center', ...) to an offset. */
function positionOffset(value: string | undefined, free: number): number {
  if (!value) return free / 2;
  if (value === 'left' || value === 'top') return 0;
  if (value === 'right' || value === 'bottom') return free;
  if (value === 'center') return free / 2;
  if (value.endsWith('%')) return (free * parseFloat(value)) / 100;
  if (value.endsWith('px')) return parseFloat(value);
  return free / 2;
}

/**
 * The displayed content rectangle of a `sourceWidth` x `sourceHeight` media inside a box of
 * `boxWidth` x `boxHeight`, for an object-fit and an object-position ("50% 50%" by default).
 */
export function contentRect(
  sourceWidth: number,
  sourceHeight: number,
  boxWidth: number,
  boxHeight: number,
  fit: ObjectFit = 'fill',
  position = '50% 50%',
): Rect {
  if (sourceWidth <= 0 || sourceHeight <= 0) return { x: 0, y: 0, width: boxWidth, height: boxHeight };
  let width = boxWidth;
  let height = boxHeight;
  const contain = Math.min(boxWidth / sourceWidth, boxHeight / sourceHeight);
  const cover = Math.max(boxWidth / sourceWidth, boxHeight / sourceHeight);
  if (fit === 'contain' || (fit === 'scale-down' && contain < 1)) {
    width = sourceWidth * contain;
    height = sourceHeight * contain;
  } else if (fit === 'cover') {
    width = sourceWidth * cover;
    height = sourceHeight * cover;
  } else if (fit === 'none' || fit === 'scale-down') {
    width = sourceWidth;
    height = sourceHeight;
  }
  const [px, py] = position.trim().split(/\s+/);
  // 'top'/'bottom' given alone describe the vertical axis
  const horizontal = px === 'top' || px === 'bottom' ? undefined : px;
  const vertical = px === 'top' || px === 'bottom' ? px : py;
  return {
    x: positionOffset(horizontal, boxWidth - width),
    y: positionOffset(vertical, boxHeight - height),
    width,
    height,
  };
}
