const detector = document.getElementById('detector');
const toggle = document.getElementById('toggle');
toggle.addEventListener('click', () => {
  detector.camera = !detector.camera;
  toggle.textContent = detector.camera ? 'Stop camera' : 'Start camera';
});
detector.addEventListener('yolo-error', (e) => alert(`${e.detail.name}: ${e.detail.message}`));
