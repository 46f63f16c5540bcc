// A short human name for the media being detected on: the perf log starts a new segment when it changes.

/** 'lights-1.jpg', 'clip.mp4', 'camera', 'canvas', or 'image' / 'video' when the URL says nothing. */
export function mediaName(media: HTMLImageElement | HTMLVideoElement | HTMLCanvasElement | null, camera = false): string {
  if (!media) return '';
  if (camera) return 'camera';
  if (media instanceof HTMLCanvasElement) return media.id ? `canvas #${media.id}` : 'canvas';
  const kind = media instanceof HTMLImageElement ? 'image' : 'video';
  const src = media.currentSrc || (media instanceof HTMLImageElement ? media.src : media.querySelector('source')?.src) || '';
  if (!src || src.startsWith('blob:') || src.startsWith('data:')) return kind;
  try {
    const path = new URL(src, document.baseURI).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || kind;
  } catch {
    return kind;
  }
}
