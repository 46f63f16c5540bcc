// Logs what the element reports. (In a file, not inline: the page also runs under a strict CSP.)
const detector = document.getElementById('detector');
const log = document.getElementById('log');

detector.addEventListener('yolo-ready', (e) => {
  const { name, backend, threads, layout, inputWidth, inputHeight } = e.detail;
  log.textContent = `ready: ${name} on ${backend} (${threads} threads), ${layout}, ${inputWidth}x${inputHeight}\n`;
  document.body.dataset.threads = String(threads);
});
detector.addEventListener('yolo-detections', (e) => {
  const { detections, labels, timings } = e.detail;
  const lines = [];
  for (let i = 0; i < detections.count; i++) {
    const box = Array.from(detections.boxes.subarray(i * 4, i * 4 + 4), Math.round);
    lines.push(`${labels[detections.classes[i]]} ${detections.scores[i].toFixed(2)} [${box}]`);
  }
  log.textContent += `${detections.count} detections in ${timings.totalMs.toFixed(1)} ms\n${lines.join('\n')}\n`;
  document.body.dataset.detections = String(detections.count);
});
detector.addEventListener('yolo-error', (e) => {
  log.textContent += `${e.detail.name}: ${e.detail.message}\n`;
  document.body.dataset.error = e.detail.name;
});
document.addEventListener('securitypolicyviolation', (e) => {
  log.textContent += `CSP violation: ${e.violatedDirective} ${e.blockedURI}\n`;
  document.body.dataset.cspViolation = e.violatedDirective;
});
