// Dropping a file anywhere on the page: an .onnx loads as the model, a video goes to the video file
// tab, an image to the image tab.
import { photo, setMedia } from './dom.js';
import { useModelFile } from './model-controls.js';
import { processFile } from './tab-file.js';
import { showTab } from './tabs.js';

/** Wires page-wide drag and drop. */
export function initDrop(): void {
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    if (file.name.toLowerCase().endsWith('.onnx')) useModelFile(file);
    else if (file.type.startsWith('video/')) {
      showTab('file');
      void processFile(file);
    } else if (file.type.startsWith('image/')) {
      showTab('image');
      setMedia(photo(URL.createObjectURL(file), file.name));
    }
  });
}
