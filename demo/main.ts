// The demo page: one <yolo-detector> whose media changes with the tab (sample photos, a sample clip,
// the camera, or a dropped video file processed frame by frame), a model picker and threshold sliders.
// Each tab is its own module (tab-*.ts); this file only wires them together.
import '../src/define.js';
import { initClassChart } from './class-chart.js';
import { initDisplayControls } from './display-controls.js';
import { initDrop } from './drop.js';
import { evaluateTab, initEvaluateTab } from './evaluate/tab-evaluate.js';
import { initImageExports } from './image-exports.js';
import { initModelControls } from './model-controls.js';
import { initSummary } from './summary.js';
import { cameraTab, initCameraTab } from './tab-camera.js';
import { fileTab, initFileTab } from './tab-file.js';
import { imageTab, initImageTab } from './tab-image.js';
import { initVideoTab, videoTab } from './tab-video.js';
import { initTabs, registerTab, showTab } from './tabs.js';
import { initPreview } from './video-preview.js';
import { initTilingControls } from './tiling-controls.js';
import { initTrackControls } from './track-controls.js';

for (const tab of [imageTab, videoTab, cameraTab, fileTab, evaluateTab]) registerTab(tab);
// on a phone the settings start folded, so the picture is on the first screen
if (matchMedia('(max-width: 600px)').matches) document.querySelector<HTMLDetailsElement>('#settings')!.open = false;
initModelControls();
initDisplayControls();
initTilingControls();
initTrackControls();
initSummary();
initImageTab();
initImageExports();
initCameraTab();
initVideoTab();
initFileTab();
initPreview();
initClassChart();
initDrop();
initEvaluateTab();
initTabs();
showTab('image');
