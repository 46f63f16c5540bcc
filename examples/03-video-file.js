// the page already loads yolo-detector.js for the element; it exports the client's helpers too
import { videoResultToCsv, videoResultToJson, partialResult } from '../dist/yolo-detector.js';

const detector = document.getElementById('detector');
const progress = document.getElementById('progress');
const status = document.getElementById('status');
const cancel = document.getElementById('cancel');
const downloads = document.getElementById('downloads');
let job = null;

function link(text, blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = text;
  return a;
}

async function run(file) {
  job = new AbortController();
  cancel.disabled = false;
  downloads.replaceChildren();
  try {
    const result = await detector.processVideo(file, {
      signal: job.signal,
      onProgress: (p) => {
        progress.value = p.done / p.total;
        status.textContent = `${p.done}/${p.total} frames, ${p.framesPerSecond.toFixed(1)} fps, ${Math.ceil(p.etaSeconds)} s left`;
      },
    });
    status.textContent = `done: ${result.frames.length} frames`;
    show(result);
  } catch (error) {
    status.textContent = `${error.name}: ${error.message}`;
    const partial = partialResult(error);
    if (partial) show(partial);
  } finally {
    cancel.disabled = true;
  }
}

function show(result) {
  downloads.replaceChildren(
    link('detections.json', new Blob([videoResultToJson(result)], { type: 'application/json' }), 'detections.json'),
    ' · ',
    link('detections.csv', new Blob([videoResultToCsv(result)], { type: 'text/csv' }), 'detections.csv'),
  );
  document.body.dataset.frames = String(result.frames.length);
}

document.getElementById('file').addEventListener('change', (e) => e.target.files[0] && run(e.target.files[0]));
document.getElementById('sample').addEventListener('click', async () => {
  const blob = await (await fetch('../public/samples/lights-clip.mp4')).blob();
  run(new File([blob], 'lights-clip.mp4', { type: 'video/mp4' }));
});
cancel.addEventListener('click', () => job?.abort());
