// Video tab: the sample clip in a <video>, detected frame by frame as it plays.
import { setMedia } from './dom.js';
import type { DemoTab } from './tabs.js';

function clip(): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.loop = true;
  video.autoplay = true;
  video.playsInline = true;
  video.controls = true;
  const webm = document.createElement('source');
  webm.src = '/samples/lights-clip.webm';
  webm.type = 'video/webm';
  const mp4 = document.createElement('source');
  mp4.src = '/samples/lights-clip.mp4';
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
