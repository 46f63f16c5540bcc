// index.js has no side effects: nothing is registered, only the API is imported.
import { createDetector, classColor } from '../dist/index.js';

const out = document.getElementById('out');
const canvas = document.getElementById('canvas');

const detector = await createDetector({ backend: 'auto', scoreThreshold: 0.3 }); // the shipped model
const image = await createImageBitmap(await (await fetch('../public/samples/lights-3.jpg')).blob());
const { detections, labels, timings } = await detector.detect(image);

canvas.width = image.width;
canvas.height = image.height;
const ctx = canvas.getContext('2d');
ctx.drawImage(image, 0, 0);
ctx.lineWidth = 3;
for (let i = 0; i < detections.count; i++) {
  const [x1, y1, x2, y2] = detections.boxes.subarray(i * 4, i * 4 + 4);
  ctx.strokeStyle = classColor(detections.classes[i]);
  ctx.strokeRect(x1, y1, x2 - x1, y2 - y1);
}
out.textContent = JSON.stringify(
  {
    model: detector.info.name,
    backend: detector.info.backend,
    detections: detections.count,
    byLabel: Object.fromEntries(labels.map((l, c) => [l, Array.from(detections.classes).filter((k) => k === c).length])),
    timings,
  },
  null,
  2,
);
document.body.dataset.detections = String(detections.count);
detector.dispose();
