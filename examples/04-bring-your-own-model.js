const detector = document.getElementById('detector');
const info = document.getElementById('info');

document.getElementById('model').addEventListener('change', (e) => {
  const file = e.target.files[0];
  if (!file) return;
  info.textContent = `loading ${file.name}…`;
  // the fragment names the object URL, so the perf panel shows the file name
  detector.model = `${URL.createObjectURL(file)}#${encodeURIComponent(file.name)}`;
});
document.getElementById('image').addEventListener('change', (e) => {
  const file = e.target.files[0];
  if (file) document.getElementById('photo').src = URL.createObjectURL(file);
});
detector.addEventListener('yolo-ready', (e) => {
  const m = e.detail;
  info.textContent =
    `${m.name}: layout ${m.layout}, input ${m.inputWidth}x${m.inputHeight} ${m.inputType}, ` +
    `preprocessing ${m.preprocess.resize} ${m.preprocess.channels}, ${m.labels.length} labels from ${m.labelSource}: ` +
    `${m.labels.slice(0, 12).join(', ')}${m.labels.length > 12 ? ', …' : ''}`;
});
detector.addEventListener('yolo-error', (e) => {
  info.textContent = `${e.detail.name}: ${e.detail.message}`;
});
