// Seeded random YOLO outputs for every layout, with dense clusters of overlapping boxes so that NMS,
// ties across classes and the thresholds all matter.

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface RandomCase {
  layout: string;
  tensors: { data: Float32Array; dims: number[] }[];
  inputWidth: number;
  inputHeight: number;
  anchors?: number[][];
  strides?: number[];
}

const logit = (p: number) => Math.log(p / (1 - p));

/** A probability that is mostly low, sometimes high (about `hot` of the time). */
function prob(r: () => number, hot: number): number {
  return r() < hot ? 0.3 + 0.7 * r() : 0.3 * r() * r();
}

/** Cluster centres in input px; candidates jitter around them so they overlap. */
function clusters(r: () => number, w: number, h: number, n: number): [number, number, number, number][] {
  return Array.from({ length: n }, () => [r() * w, r() * h, 8 + r() * w * 0.3, 8 + r() * h * 0.3]);
}

export function randomCase(layout: string, seed: number, nc = 6, size = 160): RandomCase {
  const r = rng(seed);
  const W = size;
  const H = size;
  const cl = clusters(r, W, H, 12);
  const jitterBox = (): [number, number, number, number] => {
    const [cx, cy, w, h] = cl[Math.floor(r() * cl.length)];
    return [cx + (r() - 0.5) * w * 0.3, cy + (r() - 0.5) * h * 0.3, w * (0.8 + 0.4 * r()), h * (0.8 + 0.4 * r())];
  };
  switch (layout) {
    case 'yolov5': {
      const n = 3 * (400 + 100 + 25); // a 160-px YOLOv5: 3 anchors x (20² + 10² + 5²)
      const cols = 5 + nc;
      const data = new Float32Array(n * cols);
      for (let i = 0; i < n; i++) {
        const b = jitterBox();
        data.set(b, i * cols);
        data[i * cols + 4] = prob(r, 0.3);
        for (let k = 0; k < nc; k++) data[i * cols + 5 + k] = prob(r, 0.4);
      }
      return { layout, tensors: [{ data, dims: [1, n, cols] }], inputWidth: W, inputHeight: H };
    }
    case 'yolov8': {
      const n = 400 + 100 + 25;
      const c = 4 + nc;
      const data = new Float32Array(n * c);
      for (let i = 0; i < n; i++) {
        const b = jitterBox();
        for (let k = 0; k < 4; k++) data[k * n + i] = b[k];
        for (let k = 0; k < nc; k++) data[(4 + k) * n + i] = prob(r, 0.15);
      }
      return { layout, tensors: [{ data, dims: [1, c, n] }], inputWidth: W, inputHeight: H };
    }
    case 'yolox': {
      const n = 400 + 100 + 25;
      const cols = 5 + nc;
      const data = new Float32Array(n * cols);
      for (let i = 0; i < n; i++) {
        data[i * cols] = r() * 2 - 0.5;
        data[i * cols + 1] = r() * 2 - 0.5;
        data[i * cols + 2] = r() * 2.5 - 0.2; // mostly large boxes, so neighbouring cells overlap
        data[i * cols + 3] = r() * 2.5 - 0.2;
        data[i * cols + 4] = prob(r, 0.3);
        for (let k = 0; k < nc; k++) data[i * cols + 5 + k] = prob(r, 0.4);
      }
      return { layout, tensors: [{ data, dims: [1, n, cols] }], inputWidth: W, inputHeight: H };
    }
    case 'yolov5-undecoded': {
      const n = 3 * (400 + 100 + 25);
      const cols = 5 + nc;
      const data = new Float32Array(n * cols);
      // box sizes biased large ((2·s)² ≥ 0.64 x anchor) so neighbouring cells overlap
      for (let i = 0; i < data.length; i++) {
        const j = i % cols;
        data[i] = j >= 4 ? prob(r, 0.3) : j >= 2 ? 0.4 + 0.6 * r() : r();
      }
      return { layout, tensors: [{ data, dims: [1, n, cols] }], inputWidth: W, inputHeight: H };
    }
    case 'yolov5-heads': {
      const no = 5 + nc;
      const tensors = [5, 20, 10].map((g) => {
        const data = new Float32Array(3 * g * g * no);
        for (let i = 0; i < data.length; i++) {
          const j = i % no;
          data[i] = j >= 4 ? logit(prob(r, 0.3)) : j >= 2 ? r() * 3 : r() * 6 - 3;
        }
        return { data, dims: [1, 3, g, g, no] };
      });
      return { layout, tensors, inputWidth: W, inputHeight: H }; // given coarse-first on purpose
    }
    case 'fastestv2': {
      const cols = 15 + nc;
      const make = (g: number) => {
        const data = new Float32Array(g * g * cols);
        for (let i = 0; i < data.length; i++) {
          const j = i % cols;
          data[i] = j < 12 ? (j % 4 >= 2 ? 0.4 + 0.6 * r() : r()) : j < 15 ? prob(r, 0.3) : prob(r, 0.4);
        }
        return { data, dims: [1, g, g, cols] };
      };
      return { layout, tensors: [make(W / 32), make(W / 16)], inputWidth: W, inputHeight: H };
    }
    case 'fastestv2-flat': {
      const c = randomCase('fastestv2', seed, nc, size);
      const [coarse, fine] = c.tensors;
      const cols = fine.dims[3];
      const data = new Float32Array(fine.data.length + coarse.data.length);
      data.set(fine.data);
      data.set(coarse.data, fine.data.length);
      return { ...c, layout: 'fastestv2', tensors: [{ data, dims: [data.length / cols, cols] }] };
    }
    case 'end2end': {
      const k = 300;
      const data = new Float32Array(k * 6);
      for (let i = 0; i < k; i++) {
        const [cx, cy, w, h] = jitterBox();
        data.set([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, prob(r, 0.3), Math.floor(r() * nc)], i * 6);
      }
      return { layout, tensors: [{ data, dims: [1, k, 6] }], inputWidth: W, inputHeight: H };
    }
    case 'yolov7-nms': {
      const k = 200;
      const data = new Float32Array(k * 7);
      for (let i = 0; i < k; i++) {
        const [cx, cy, w, h] = jitterBox();
        data.set([r() < 0.9 ? 0 : 1, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, Math.floor(r() * nc), prob(r, 0.5)], i * 7);
      }
      return { layout, tensors: [{ data, dims: [k, 7] }], inputWidth: W, inputHeight: H };
    }
    default:
      throw new Error(`no random case for ${layout}`);
  }
}
