// A short human name for the media being detected on, and what it shows: the perf log starts a new
// segment when either changes (two photos opened from files share the name 'image' but not the URL).

type Media = HTMLImageElement | HTMLVideoElement | HTMLCanvasElement;

/** The URL an <img> or <video> shows ('' for a canvas, or none yet). */
export function mediaSource(media: Media | null): string {
  if (!media || media instanceof HTMLCanvasElement) return '';
  return media.currentSrc || (media instanceof HTMLImageElement ? media.src : media.querySelector('source')?.src) || '';
}

/**
 * 'lights-1.jpg', 'clip.mp4', 'camera', 'canvas'; for a blob: or data: URL the element's `data-name`
 * (a page that made the URL from a file knows its name), else 'image' / 'video'.
 */
export function mediaName(media: Media | null, camera = false): string {
  if (!media) return '';
  if (camera) return 'camera';
  if (media instanceof HTMLCanvasElement) return media.id ? `canvas #${media.id}` : 'canvas';
  const kind = media instanceof HTMLImageElement ? 'image' : 'video';
  const src = mediaSource(media);
  if (!src || src.startsWith('blob:') || src.startsWith('data:')) return media.dataset.name || kind;
  try {
    const path = new URL(src, document.baseURI).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || kind;
  } catch {
    return kind;
  }
}
