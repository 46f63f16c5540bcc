// An obviously-correct reference decoder for tests: per-candidate objects, explicit index maths for
// every layout, Array.sort and O(n²) greedy NMS. Slow on purpose; written independently of src/.

export interface RefTensor {
  data: ArrayLike<number>;
  dims: number[];
}

export interface RefOptions {
  layout: string;
  inputWidth: number;
  inputHeight: number;
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  preNmsTopK: number;
  classAgnostic: boolean;
  anchors?: number[][];
  strides?: number[];
  transform?: { scaleX: number; scaleY: number; padX: number; padY: number; srcWidth: number; srcHeight: number };
}

export interface RefDetection {
  box: [number, number, number, number];
  score: number;
  cls: number;
}

interface Candidate extends RefDetection {
  order: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const V5_ANCHORS = [
  [10, 13, 16, 30, 33, 23],
  [30, 61, 62, 45, 59, 119],
  [116, 90, 156, 198, 373, 326],
];
const FV2_ANCHORS = [
  [12.64, 19.39, 37.88, 51.48, 55.71, 138.31],
  [126.91, 78.23, 131.57, 214.55, 279.92, 258.87],
];

function argmax(values: number[]): [number, number] {
  let best = -Infinity;
  let index = 0;
  values.forEach((v, i) => {
    if (v > best) {
      best = v;
      index = i;
    }
  });
  return [best, index];
}

function fromCenter(cx: number, cy: number, w: number, h: number): [number, number, number, number] {
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

function row(t: RefTensor, r: number): number[] {
  const cols = t.dims[t.dims.length - 1];
  return Array.from({ length: cols }, (_, j) => Number(t.data[r * cols + j]));
}

function rowCount(t: RefTensor): number {
  return t.dims.slice(0, -1).reduce((a, b) => a * b, 1);
}

function candidates(tensors: RefTensor[], o: RefOptions): Candidate[] {
  const out: Candidate[] = [];
  // Results are float32 (contract 1), so the reference rounds where the decoder stores.
  const f = Math.fround;
  const push = (box: [number, number, number, number], score: number, cls: number) =>
    out.push({ box: [f(box[0]), f(box[1]), f(box[2]), f(box[3])], score: f(score), cls, order: out.length });
  const W = o.inputWidth;
  const H = o.inputHeight;
  switch (o.layout) {
    case 'yolov5': {
      const t = tensors[0];
      for (let r = 0; r < rowCount(t); r++) {
        const v = row(t, r);
        const [best, cls] = argmax(v.slice(5));
        push(fromCenter(v[0], v[1], v[2], v[3]), v[4] * best, cls);
      }
      break;
    }
    case 'yolox': {
      const t = tensors[0];
      let r = 0;
      for (const s of o.strides ?? [8, 16, 32]) {
        for (let y = 0; y < Math.ceil(H / s); y++) {
          for (let x = 0; x < Math.ceil(W / s); x++, r++) {
            const v = row(t, r);
            const [best, cls] = argmax(v.slice(5));
            push(fromCenter((v[0] + x) * s, (v[1] + y) * s, Math.exp(v[2]) * s, Math.exp(v[3]) * s), v[4] * best, cls);
          }
        }
      }
      break;
    }
    case 'yolov5-undecoded': {
      const t = tensors[0];
      const anchors = o.anchors ?? V5_ANCHORS;
      let r = 0;
      (o.strides ?? [8, 16, 32]).forEach((s, l) => {
        for (let a = 0; a < anchors[l].length / 2; a++) {
          for (let y = 0; y < Math.ceil(H / s); y++) {
            for (let x = 0; x < Math.ceil(W / s); x++, r++) {
              const v = row(t, r);
              const [best, cls] = argmax(v.slice(5));
              const cx = (v[0] * 2 - 0.5 + x) * s;
              const cy = (v[1] * 2 - 0.5 + y) * s;
              const w = (v[2] * 2) ** 2 * anchors[l][2 * a];
              const h = (v[3] * 2) ** 2 * anchors[l][2 * a + 1];
              push(fromCenter(cx, cy, w, h), v[4] * best, cls);
            }
          }
        }
      });
      break;
    }
    case 'yolov5-heads': {
      const anchors = o.anchors ?? V5_ANCHORS;
      const heads = [...tensors].sort((p, q) => q.dims[2] * q.dims[3] - p.dims[2] * p.dims[3]);
      heads.forEach((t, l) => {
        const [, na, ny, nx, no] = t.dims;
        const s = o.strides ? o.strides[l] : W / nx;
        const at = (a: number, y: number, x: number, k: number) => Number(t.data[(((a * ny + y) * nx + x) * no) + k]);
        for (let a = 0; a < na; a++) {
          for (let y = 0; y < ny; y++) {
            for (let x = 0; x < nx; x++) {
              const v = Array.from({ length: no }, (_, k) => sigmoid(at(a, y, x, k)));
              const [best, cls] = argmax(v.slice(5));
              const cx = (v[0] * 2 - 0.5 + x) * s;
              const cy = (v[1] * 2 - 0.5 + y) * s;
              push(fromCenter(cx, cy, (v[2] * 2) ** 2 * anchors[l][2 * a], (v[3] * 2) ** 2 * anchors[l][2 * a + 1]), v[4] * best, cls);
            }
          }
        }
      });
      break;
    }
    case 'yolov8': {
      const t = tensors[0];
      const c = t.dims[t.dims.length - 2];
      const n = t.dims[t.dims.length - 1];
      const at = (k: number, i: number) => Number(t.data[k * n + i]);
      for (let i = 0; i < n; i++) {
        const [best, cls] = argmax(Array.from({ length: c - 4 }, (_, k) => at(k + 4, i)));
        push(fromCenter(at(0, i), at(1, i), at(2, i), at(3, i)), best, cls);
      }
      break;
    }
    case 'fastestv2': {
      const anchors = o.anchors ?? FV2_ANCHORS;
      const strides = o.strides ?? [16, 32];
      const flat = tensors.length === 1;
      const levels = flat ? [] : [...tensors].sort((p, q) => q.dims[1] - p.dims[1]);
      let flatRow = 0;
      strides.forEach((s, l) => {
        const ny = Math.ceil(H / s);
        const nx = Math.ceil(W / s);
        const na = anchors[l].length / 2;
        for (let y = 0; y < ny; y++) {
          for (let x = 0; x < nx; x++) {
            const v = flat ? row(tensors[0], flatRow++) : row(levels[l], y * nx + x);
            const [best, cls] = argmax(v.slice(5 * na));
            for (let a = 0; a < na; a++) {
              const cx = (v[4 * a] * 2 - 0.5 + x) * s;
              const cy = (v[4 * a + 1] * 2 - 0.5 + y) * s;
              const w = (v[4 * a + 2] * 2) ** 2 * anchors[l][2 * a];
              const h = (v[4 * a + 3] * 2) ** 2 * anchors[l][2 * a + 1];
              push(fromCenter(cx, cy, w, h), v[4 * na + a] * best, cls);
            }
          }
        }
      });
      break;
    }
    case 'end2end': {
      const t = tensors[0];
      for (let r = 0; r < rowCount(t); r++) {
        const v = row(t, r);
        push([v[0], v[1], v[2], v[3]], v[4], Math.round(v[5]));
      }
      break;
    }
    case 'yolov7-nms': {
      const t = tensors[0];
      for (let r = 0; r < rowCount(t); r++) {
        const v = row(t, r);
        if (v[0] === 0) push([v[1], v[2], v[3], v[4]], v[6], Math.round(v[5]));
      }
      break;
    }
    default:
      throw new Error(`reference: unknown layout ${o.layout}`);
  }
  return out;
}

export function iou(a: number[], b: number[]): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/** The reference pipeline: candidates → threshold → sort → top-k → O(n²) NMS → cap → transform. */
export function referenceDecode(tensors: RefTensor[], o: RefOptions): RefDetection[] {
  const thr = Math.fround(Math.max(0, o.scoreThreshold)); // scores are float32: so is the comparison
  let list = candidates(tensors, o).filter(
    (c) => c.score > thr && Number.isFinite(c.score) && c.box.every(Number.isFinite) && c.cls >= 0,
  );
  list.sort((p, q) => q.score - p.score || p.order - q.order);
  list = list.slice(0, o.preNmsTopK);
  let kept: Candidate[] = [];
  if (o.layout === 'end2end' || o.layout === 'yolov7-nms') kept = list;
  else {
    for (const c of list) {
      const suppressed = kept.some((k) => (o.classAgnostic || k.cls === c.cls) && iou(k.box, c.box) > o.iouThreshold);
      if (!suppressed) kept.push(c);
    }
  }
  kept = kept.slice(0, o.maxDetections);
  const t = o.transform;
  return kept.map((k) => {
    if (!t) return { box: k.box, score: k.score, cls: k.cls };
    const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
    return {
      box: [
        clip((k.box[0] - t.padX) / t.scaleX, t.srcWidth),
        clip((k.box[1] - t.padY) / t.scaleY, t.srcHeight),
        clip((k.box[2] - t.padX) / t.scaleX, t.srcWidth),
        clip((k.box[3] - t.padY) / t.scaleY, t.srcHeight),
      ],
      score: k.score,
      cls: k.cls,
    };
  });
}
