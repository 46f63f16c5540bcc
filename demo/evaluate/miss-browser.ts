// Browse the images with the most misses: the image with its labels (dashed; missed ones thick magenta)
// and the detections kept at the best-F1 threshold (solid, with scores). One image decoded at a time.
import { classColor, type Dataset, type EvalImage, type EvalReport } from '../../src/index.js';
import { matchAtIoU } from '../../src/eval/match-at-iou.js';

const MISSED = '#ff2bd6';

/** A small viewer: previous / next over the worst images, drawn on a canvas. */
export class MissBrowser {
  readonly element = document.createElement('section');
  private readonly canvas = document.createElement('canvas');
  private readonly caption = document.createElement('p');
  private readonly prev = Object.assign(document.createElement('button'), { textContent: '◀ Previous', type: 'button' });
  private readonly next = Object.assign(document.createElement('button'), { textContent: 'Next ▶', type: 'button' });
  private order: EvalImage[] = [];
  private index = 0;
  private files = new Map<string, Blob>();
  private report: EvalReport | null = null;
  private drawing = 0;

  constructor() {
    this.element.className = 'eval-misses';
    const title = Object.assign(document.createElement('h3'), { textContent: 'Images with the most misses' });
    const legend = Object.assign(document.createElement('p'), {
      className: 'hint',
      textContent: 'Dashed: labels (thick magenta: missed at the best-F1 threshold). Solid: detections above that threshold, with scores.',
    });
    const nav = document.createElement('div');
    nav.className = 'eval-nav';
    nav.append(this.prev, this.caption, this.next);
    this.canvas.className = 'eval-image';
    this.element.append(title, legend, nav, this.canvas);
    this.prev.addEventListener('click', () => this.show(this.index - 1));
    this.next.addEventListener('click', () => this.show(this.index + 1));
  }

  /** Shows the worst images of `report` (files from `dataset`), worst first. */
  setReport(report: EvalReport, dataset: Dataset): void {
    this.report = report;
    this.files = new Map(dataset.images.map((i) => [i.name, i.file]));
    this.order = report.perImage
      .filter((i) => i.misses + i.falsePositives > 0)
      .sort((a, b) => b.misses - a.misses || b.falsePositives - a.falsePositives)
      .slice(0, 100);
    this.element.hidden = this.order.length === 0;
    void this.show(0);
  }

  private async show(index: number): Promise<void> {
    if (this.order.length === 0 || !this.report) return;
    this.index = Math.min(Math.max(index, 0), this.order.length - 1);
    this.prev.disabled = this.index === 0;
    this.next.disabled = this.index === this.order.length - 1;
    const image = this.order[this.index];
    this.caption.textContent = `${this.index + 1} of ${this.order.length}: ${image.name}: ${image.misses} missed, ${image.falsePositives} false, ${image.truePositives} found (of ${image.labels})`;
    const token = ++this.drawing;
    const file = this.files.get(image.name);
    if (!file) return;
    const bitmap = await createImageBitmap(file);
    try {
      if (token === this.drawing) this.draw(bitmap, image, this.report.bestF1.threshold);
    } finally {
      bitmap.close();
    }
  }

  private draw(bitmap: ImageBitmap, image: EvalImage, threshold: number): void {
    const maxWidth = Math.min(this.element.clientWidth || 800, 960);
    const scale = Math.min(maxWidth / image.width, 720 / image.height, 3);
    const dpr = window.devicePixelRatio || 1;
    this.canvas.style.width = `${Math.round(image.width * scale)}px`;
    this.canvas.style.height = `${Math.round(image.height * scale)}px`;
    this.canvas.width = Math.round(image.width * scale * dpr);
    this.canvas.height = Math.round(image.height * scale * dpr);
    const ctx = this.canvas.getContext('2d')!;
    const s = scale * dpr;
    ctx.drawImage(bitmap, 0, 0, this.canvas.width, this.canvas.height);
    const { detections: d, groundTruth: g } = image;
    const match = matchAtIoU(d, g, 0.5);
    ctx.setLineDash([5 * dpr, 3 * dpr]);
    for (let k = 0; k < g.classes.length; k++) {
      const missed = match.matchedScore[k] <= threshold;
      ctx.strokeStyle = missed ? MISSED : classColor(g.classes[k]);
      ctx.lineWidth = (missed ? 3 : 1.5) * dpr;
      const [x1, y1, x2, y2] = g.boxes.subarray(4 * k, 4 * k + 4);
      ctx.strokeRect(x1 * s, y1 * s, (x2 - x1) * s, (y2 - y1) * s);
    }
    ctx.setLineDash([]);
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    for (let k = 0; k < d.count; k++) {
      if (d.scores[k] <= threshold) continue;
      const [x1, y1, x2, y2] = d.boxes.subarray(4 * k, 4 * k + 4);
      ctx.strokeStyle = ctx.fillStyle = classColor(d.classes[k]);
      ctx.lineWidth = 1.5 * dpr;
      ctx.strokeRect(x1 * s, y1 * s, (x2 - x1) * s, (y2 - y1) * s);
      ctx.fillText(d.scores[k].toFixed(2), x1 * s, y1 * s - 2 * dpr);
    }
    this.canvas.setAttribute('aria-label', this.caption.textContent ?? '');
  }
}
