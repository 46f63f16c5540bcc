"""Accuracy of exported ONNX files (any variant: float32, fp16, int8 QDQ, NMS in the graph) on the
issue-10 test sets, with onnxruntime (Python) and the decoder's semantics.

Sets (all optional):

- ``--syn``: synthetic held-out scenes (generator seed 2), square 416 images resized to the input;
- ``--lights``: lights composited into held-out real photos (``realscenes.py --photos heldout``);
- ``--neg``: held-out real photo crops without lights; plus ``--photos heldout``: the whole held-out
  photos, letterboxed. For these the number that matters is false boxes per photo at the default
  thresholds (score > 0.25, class-wise NMS IoU 0.45).

Scores: objectness x best class probability; mAP keeps scores > 0.001 (COCO 101-point AP,
``metrics.py``); size bands by the box's max side in model-input px. A model with NMS in the graph
([1, K, 6] rows) has its own baked-in score threshold, so its mAP is measured from that operating point.

    python3 tools/train/eval_onnx.py models/wrgb-416.onnx --syn tools/train/data/val \\
        --lights tools/train/data/heldout-lights --neg tools/train/data/heldout-neg --photos heldout --json m.json
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
from PIL import Image

from metrics import evaluate_map
from photo_sources import photo_paths

BANDS = {"<6": (0.0, 6.0), ">=6": (6.0, float("inf"))}


def nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> list[int]:
    """Greedy NMS of one class; indices kept, best first."""
    order = np.argsort(-scores, kind="stable")
    x1, y1, x2, y2 = boxes.T
    area = (x2 - x1) * (y2 - y1)
    keep = []
    while len(order):
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        w = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        h = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = w * h
        order = rest[inter / (area[i] + area[rest] - inter + 1e-9) <= iou]
    return keep


def decode(out: np.ndarray, conf: float, iou: float, max_det: int = 1000) -> dict:
    """[1, N, 5 + nc] decoded rows (or [1, K, 6] end2end rows) -> boxes x1y1x2y2, scores, classes."""
    rows = out.reshape(-1, out.shape[-1]).astype(np.float32)
    if rows.shape[1] == 6:  # NMS ran in the graph: x1 y1 x2 y2 score class
        keep = rows[:, 4] > conf
        r = rows[keep]
        return {"boxes": r[:, :4], "scores": r[:, 4], "classes": r[:, 5].round().astype(np.int64)}
    cls = rows[:, 5:] * rows[:, 4:5]
    classes = cls.argmax(1)
    scores = cls[np.arange(len(cls)), classes]
    keep = scores > conf
    rows, scores, classes = rows[keep], scores[keep], classes[keep]
    boxes = np.concatenate([rows[:, :2] - rows[:, 2:4] / 2, rows[:, :2] + rows[:, 2:4] / 2], 1)
    kept = []
    for c in np.unique(classes):
        idx = np.where(classes == c)[0]
        kept += [int(idx[k]) for k in nms(boxes[idx], scores[idx], iou)]
    kept = sorted(kept, key=lambda k: -scores[k])[:max_det]
    return {"boxes": boxes[kept], "scores": scores[kept], "classes": classes[kept].astype(np.int64)}


def letterbox(img: Image.Image, size: int) -> tuple[np.ndarray, float, int, int]:
    """RGB PIL image -> [1, 3, size, size] float32 0..1 (bilinear, pad 114), scale and offsets."""
    w, h = img.size
    s = min(size / w, size / h)
    nw, nh = int(round(w * s)), int(round(h * s))
    canvas = Image.new("RGB", (size, size), (114, 114, 114))
    px, py = (size - nw) // 2, (size - nh) // 2
    canvas.paste(img.resize((nw, nh), Image.BILINEAR), (px, py))
    x = np.asarray(canvas, np.float32).transpose(2, 0, 1)[None] / 255.0
    return np.ascontiguousarray(x), s, px, py


def read_labels(path: str, w: int, h: int) -> np.ndarray:
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return np.zeros((0, 5), np.float32)
    a = np.loadtxt(path, dtype=np.float32, ndmin=2)
    out = np.empty_like(a)
    out[:, 0] = a[:, 0]
    out[:, 1], out[:, 3] = (a[:, 1] - a[:, 3] / 2) * w, (a[:, 1] + a[:, 3] / 2) * w
    out[:, 2], out[:, 4] = (a[:, 2] - a[:, 4] / 2) * h, (a[:, 2] + a[:, 4] / 2) * h
    return out


def heads_to_rows(heads: list[np.ndarray], anchors: list[list[float]], strides: list[int]) -> np.ndarray:
    """Raw YOLOv5 heads [1, na, ny, nx, 5 + nc] (finest first) -> [1, N, 5 + nc] decoded rows, as the
    graph's Detect decode (model.py) and the project's ``yolov5-heads`` decoder compute them."""
    rows = []
    for p, a, stride in zip(heads, anchors, strides):
        _, na, ny, nx, no = p.shape
        y = 1 / (1 + np.exp(-p.astype(np.float64)))
        gy, gx = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
        grid = (np.stack((gx, gy), -1)[None, None] - 0.5) * stride
        xy = y[..., 0:2] * (2 * stride) + grid
        wh = (y[..., 2:4] * 2) ** 2 * np.asarray(a, np.float64).reshape(1, na, 1, 1, 2)
        rows.append(np.concatenate((xy, wh, y[..., 4:]), -1).reshape(1, -1, no))
    return np.concatenate(rows, 1).astype(np.float32)


class Runner:
    def __init__(self, path: str, threads: int):
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        self.sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        self.input = self.sess.get_inputs()[0]
        self.size = int(self.input.shape[2])
        self.ms: list[float] = []
        meta = self.sess.get_modelmeta().custom_metadata_map
        self.heads = len(self.sess.get_outputs()) > 1  # raw heads (export.py --heads)
        self.anchors = json.loads(meta["anchors"]) if self.heads else None
        self.strides = json.loads(meta["strides"]) if self.heads else None

    def rows(self, x: np.ndarray) -> np.ndarray:
        """The model's output as [1, N, 5 + nc] decoded rows (or its [1, K, 6] end2end rows)."""
        t0 = time.perf_counter()
        outs = self.sess.run(None, {self.input.name: x})
        self.ms.append((time.perf_counter() - t0) * 1000)
        return heads_to_rows(outs, self.anchors, self.strides) if self.heads else outs[0]

    def run(self, img: Image.Image, conf: float, iou: float) -> tuple[dict, float, int, int]:
        x, s, px, py = letterbox(img, self.size)
        return decode(self.rows(x), conf, iou), s, px, py


def eval_folder(r: Runner, folder: str, limit: int | None) -> dict:
    """mAP on a dataset folder (boxes compared in model-input px) and false boxes on its empty images."""
    names = sorted(f[:-4] for f in os.listdir(os.path.join(folder, "images")) if f.endswith(".jpg"))[:limit]
    preds, gts, false_boxes, n_empty = [], [], 0, 0
    for n in names:
        img = Image.open(os.path.join(folder, "images", n + ".jpg")).convert("RGB")
        lab = read_labels(os.path.join(folder, "labels", n + ".txt"), *img.size)
        p, s, px, py = r.run(img, 0.001, 0.45)
        g = lab[:, 1:5] * s + np.array([px, py, px, py], np.float32)
        preds.append(p)
        gts.append({"boxes": g, "classes": lab[:, 0].astype(np.int64)})
        if len(lab) == 0:
            n_empty += 1
            false_boxes += int((p["scores"] > 0.25).sum())
    res = evaluate_map(preds, gts, size_bands=BANDS) if any(len(g["boxes"]) for g in gts) else {}
    out = {"images": len(names), "boxes": int(sum(len(g["boxes"]) for g in gts))}
    if res:
        out.update({"map50": round(res["map50"], 4), "map5095": round(res["map5095"], 4),
                    "map50_ge6": round(res["per_size_band"][">=6"]["map50"], 4),
                    "map50_lt6": round(res["per_size_band"]["<6"]["map50"], 4),
                    "perClassAp50": {k: round(v["ap50"], 4) for k, v in res["per_class"].items()}})
    if n_empty:
        out.update({"emptyImages": n_empty, "falseBoxesPerImage": round(false_boxes / n_empty, 3)})
    return out


def eval_photos(r: Runner, paths: list[str]) -> dict:
    """False boxes per whole photo (no lights in them) at score > 0.25, NMS 0.45."""
    counts = {}
    for p in paths:
        img = Image.open(p).convert("RGB")
        img.thumbnail((1600, 1600))  # a camera-sized frame; the letterbox shrinks it anyway
        d, *_ = r.run(img, 0.25, 0.45)
        counts[os.path.basename(p)] = int(len(d["scores"]))
    return {"photos": len(paths), "falseBoxesPerPhoto": round(sum(counts.values()) / max(len(paths), 1), 3),
            "perPhoto": counts}


def main() -> None:
    ap = argparse.ArgumentParser(description="Accuracy of ONNX variants on the issue-10 sets.")
    ap.add_argument("models", nargs="+")
    ap.add_argument("--syn", default=None)
    ap.add_argument("--lights", default=None)
    ap.add_argument("--neg", default=None)
    ap.add_argument("--photos", default=None, help="photo split of photo_sources.py (whole photos, no lights)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    report = {}
    for m in args.models:
        r = Runner(m, args.threads)
        res: dict = {"file": os.path.basename(m), "bytes": os.path.getsize(m), "input": r.size}
        for key, folder in (("synthetic", args.syn), ("realLights", args.lights), ("realNegatives", args.neg)):
            if folder:
                res[key] = eval_folder(r, folder, args.limit)
        if args.photos:
            res["realPhotos"] = eval_photos(r, photo_paths(args.photos))
        res["ortCpuMedianMs"] = round(float(np.median(r.ms)), 2)
        report[os.path.basename(m)] = res
        print(json.dumps(res), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
