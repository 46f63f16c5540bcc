// Tiled inference controls (docs/tiling.md): tiling mode, overlap and the tile grid overlay. They set the
// element's tiling / tile-overlap / show-tiles, so the image, video, camera and video-file tabs all use them.
import { $, detector } from './dom.js';

/** Wires the tiling select, the overlap input and the "draw tiles" checkbox. */
export function initTilingControls(): void {
  $<HTMLSelectElement>('tiling').addEventListener('change', (e) => {
    detector.tiling = (e.target as HTMLSelectElement).value;
  });
  $<HTMLInputElement>('tile-overlap').addEventListener('change', (e) => {
    detector.tileOverlap = Number((e.target as HTMLInputElement).value);
  });
  $<HTMLInputElement>('show-tiles').addEventListener('change', (e) => {
    detector.showTiles = (e.target as HTMLInputElement).checked;
  });
}
