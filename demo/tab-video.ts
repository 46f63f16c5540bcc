// Video tab: a sample clip in a <video>, detected frame by frame as it plays. The tracking clip (lights
// that cross and pass behind posts) turns tracking and trails on.
import { setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';
import { enableTracking } from './track-controls.js';

let current = 'lights-clip';

function clip(name = current): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.loop = true;
  video.autoplay = true;
  video.playsInline = true;
  video.controls = true;
  const webm = document.createElement('source');
  webm.src = `/samples/${name}.webm`;
  webm.type = 'video/webm';
  const mp4 = document.createElement('source');
  mp4.src = `/samples/${name}.mp4`;
  mp4.type = 'video/mp4';
  video.append(mp4, webm);
  return video;
}

/** The live video tab. */
export const videoTab: DemoTab = {
  id: 'video',
  enter() {
    setMedia(clip());
  },
  leave() {},
};

/** Wires the clip buttons. */
export function initVideoTab(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('#panel-video [data-clip]')) {
    button.addEventListener('click', () => {
      current = button.dataset.clip!;
      if (current === 'lights-tracks') enableTracking();
      setMedia(clip());
    });
  }
}
