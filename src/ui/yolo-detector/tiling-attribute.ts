// The element's `tiling` and `tile-overlap` attributes → a Tiling frame option (docs/contracts.md, contract 4).

import { DEFAULT_TILE_OVERLAP, InputError, validateTiling, type Tiling } from '../../postprocess/index.js';

/**
 * Parses `tiling` ('off' | 'auto' | 'CxR', e.g. '3x2'; empty means off) with `overlap` (a fraction of
 * the tile side). Throws InputError naming the accepted forms.
 */
export function parseTilingAttribute(value: string | null | undefined, overlap: number = DEFAULT_TILE_OVERLAP): Tiling {
  const text = (value ?? '').trim().toLowerCase();
  let tiling: Tiling;
  if (text === '' || text === 'off') return 'off';
  if (text === 'auto') {
    tiling = overlap === DEFAULT_TILE_OVERLAP ? 'auto' : { tileSize: 'auto', overlap };
  } else {
    const grid = /^(\d+)\s*[x×]\s*(\d+)$/.exec(text);
    if (!grid) throw new InputError(`tiling="${value}" is not understood: use off, auto, or columns x rows such as 3x2.`);
    tiling = { grid: [Number(grid[1]), Number(grid[2])], overlap };
  }
  validateTiling(tiling);
  return tiling;
}
