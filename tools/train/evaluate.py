"""Evaluates a checkpoint: mAP@0.5 and mAP@0.5:0.95 (COCO 101-point AP), per class and size band.

The PyTorch model is run with the decode of the exported graph (``Detect.decode``)
and the same post-processing semantics as the project's decoder:

* score = objectness x class probability of the best class, kept when > ``--conf``
  (0.001 for mAP);
* class-wise NMS: a box is suppressed when its IoU with a kept box of the same
  class is > ``--iou`` (0.45);
* at most ``--max-det`` (1000) detections per image, 30000 candidates before NMS.

Examples::

    # the 500-image validation set (generated with seed 2; training uses seed 1)
    python3 tools/train/evaluate.py --ckpt tools/train/runs/wrgb/best.pt --data tools/train/data/val
    # the sample photos, letterboxed to 416 (sizes for the bands are measured at 416)
    python3 tools/train/evaluate.py --ckpt tools/train/runs/wrgb/best.pt --samples public/samples
"""
from __future__ import annotations

import argparse
import glob
import json
import os

import numpy as np
import torch
import torchvision
from PIL import Image

from dataset import LightsDataset, read_yolo_labels
from generator import resize
from metrics import CLASS_NAMES, evaluate_map, max_side

PAD = 114


def letterbox(img: np.ndarray, size: int = 416, method: str = "bilinear") -> tuple[np.ndarray, tuple[float, int, int]]:
    """Resizes keeping the aspect ratio and centres on a size x size canvas of 114.

    Returns (canvas, (scale, pad_x, pad_y)): input = source * scale + pad.
    ``method``: see ``generator.resize`` (bilinear, box, nearest, naive).
    """
    h, w = img.shape[:2]
    scale = min(size / w, size / h)
    nw, nh = int(round(w * scale)), int(round(h * scale))
    resized = img if (nw, nh) == (w, h) else resize(img, nw, nh, method)
    canvas = np.full((size, size, 3), PAD, dtype=np.uint8)
    px, py = (size - nw) // 2, (size - nh) // 2
    canvas[py:py + nh, px:px + nw] = resized
    return canvas, (scale, px, py)


def postprocess(out: torch.Tensor, conf: float = 0.001, iou: float = 0.45, max_det: int = 1000,
                pre_nms: int = 30000) -> list[dict]:
    """Decoded rows [bs, N, 5 + nc] -> per image {boxes x1y1x2y2, scores, classes} (numpy)."""
    results = []
    for rows in out:
        cls_scores = rows[:, 5:] * rows[:, 4:5]
        scores, classes = cls_scores.max(1)
        keep = scores > conf
        rows, scores, classes = rows[keep], scores[keep], classes[keep]
        if scores.numel() > pre_nms:
            top = scores.topk(pre_nms).indices
            rows, scores, classes = rows[top], scores[top], classes[top]
        boxes = torch.cat((rows[:, :2] - rows[:, 2:4] / 2, rows[:, :2] + rows[:, 2:4] / 2), 1)
        kept = torchvision.ops.batched_nms(boxes, scores, classes, iou)[:max_det]
        results.append({"boxes": boxes[kept].numpy(), "scores": scores[kept].numpy(),
                        "classes": classes[kept].numpy().astype(np.int64)})
    return results


@torch.no_grad()
def predict(model: torch.nn.Module, images: np.ndarray, bs: int = 8, **pp) -> list[dict]:
    """Runs the model on uint8 images [n, S, S, 3]; returns post-processed detections in input px."""
    model.eval()
    preds = []
    for i in range(0, len(images), bs):
        x = torch.from_numpy(np.ascontiguousarray(images[i:i + bs])).permute(0, 3, 1, 2).float() / 255.0
        raw = model(x)
        preds.extend(postprocess(model.detect.decode(raw), **pp))
    return preds


def evaluate_dataset(model: torch.nn.Module, ds: LightsDataset, limit: int | None = None, bands=None, **pp) -> dict:
    """Metrics on (the first ``limit`` images of) a 416 dataset; sizes measured in its px."""
    n = len(ds) if limit is None else min(limit, len(ds))
    preds = predict(model, ds.images[:n], **pp)
    gts = [{"boxes": ds.labels[i][:, 1:5], "classes": ds.labels[i][:, 0].astype(np.int64)} for i in range(n)]
    return evaluate_map(preds, gts, size_bands=bands)


def load_samples(folder: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, uint8 image, labels [n, 5] = class x1 y1 x2 y2 in source px) of every sample photo."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*.jpg"))):
        img = np.asarray(Image.open(path).convert("RGB"))
        lab = read_yolo_labels(path[:-4] + ".txt", img.shape[1], img.shape[0])
        out.append((os.path.basename(path), img, lab))
    return out


def evaluate_samples(model: torch.nn.Module, folder: str, size: int = 416, method: str = "bilinear", **pp) -> dict:
    """Metrics on the sample photos run through letterbox-``size``; boxes compared in source px,
    size bands measured at the model input (source size x scale)."""
    samples = load_samples(folder)
    preds, gts, scales = [], [], []
    for _, img, lab in samples:
        canvas, (scale, px, py) = letterbox(img, size, method)
        p = predict(model, canvas[None], **pp)[0]
        b = p["boxes"].copy()
        b[:, [0, 2]] = np.clip((b[:, [0, 2]] - px) / scale, 0, img.shape[1])
        b[:, [1, 3]] = np.clip((b[:, [1, 3]] - py) / scale, 0, img.shape[0])
        preds.append({**p, "boxes": b})
        gts.append({"boxes": lab[:, 1:5], "classes": lab[:, 0].astype(np.int64)})
        scales.append(scale)
    res = evaluate_map(preds, gts, size_fn=lambda boxes, i: max_side(boxes) * scales[i])
    res["images"] = [name for name, _, _ in samples]
    return res


def recall_at(preds: list[dict], gts: list[dict], score: float = 0.25, iou: float = 0.5) -> dict:
    """Precision and recall of detections with score > ``score`` at IoU ``iou`` (greedy, per class)."""
    tp = fp = n_gt = 0
    from metrics import box_iou
    for p, g in zip(preds, gts):
        keep = p["scores"] > score
        for c in range(len(CLASS_NAMES)):
            db = p["boxes"][keep & (p["classes"] == c)]
            gb = g["boxes"][g["classes"] == c]
            n_gt += len(gb)
            used = np.zeros(len(gb), dtype=bool)
            ious = box_iou(db, gb)
            for d in range(len(db)):
                cand = np.where(~used & (ious[d] >= iou), ious[d], -1)
                if len(gb) and cand.max() >= iou:
                    used[int(cand.argmax())] = True
                    tp += 1
                else:
                    fp += 1
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(n_gt, 1), "score_threshold": score, "iou": iou}


def format_metrics(res: dict) -> str:
    """Human-readable table."""
    lines = [f"all: mAP@0.5 {res['map50']:.4f}  mAP@0.5:0.95 {res['map5095']:.4f}  ({res['n_gt']} boxes)"]
    for name, v in res["per_class"].items():
        lines.append(f"  class {name:>5}: AP@0.5 {v['ap50']:.4f}  AP@0.5:0.95 {v['ap5095']:.4f}  ({v['n_gt']})")
    for name, v in res["per_size_band"].items():
        lines.append(f"  size {name:>6}: mAP@0.5 {v['map50']:.4f}  mAP@0.5:0.95 {v['map5095']:.4f}  ({v['n_gt']})")
    return "\n".join(lines)


def write_crosscheck(path: str, model: torch.nn.Module, ds: LightsDataset, n_images: int, top_k: int) -> None:
    """A small case for src/eval/map.ts: real predictions (rounded) and the metrics of this code."""
    preds = predict(model, ds.images[:n_images], conf=0.001)
    case_preds, case_gts = [], []
    for i, p in enumerate(preds):
        k = min(top_k, len(p["scores"]))
        case_preds.append({"boxes": np.round(p["boxes"][:k], 2).tolist(), "scores": np.round(p["scores"][:k], 4).tolist(),
                           "classes": p["classes"][:k].tolist()})
        case_gts.append({"boxes": np.round(ds.labels[i][:, 1:5], 2).tolist(),
                         "classes": ds.labels[i][:, 0].astype(int).tolist()})
    as_np = ([{k: np.array(v) for k, v in p.items()} for p in case_preds],
             [{k: np.array(v) for k, v in g.items()} for g in case_gts])
    res = evaluate_map(*as_np)
    with open(path, "w") as f:
        json.dump({"description": "predictions of the wrgb model on validation images and the metrics that "
                                  "tools/train/metrics.py computes for them (COCO 101-point AP, size bands by max "
                                  "side in 416 px); tools/eval/map.ts must agree",
                   "predictions": case_preds, "groundTruth": case_gts, "expected": res}, f, separators=(",", ":"))
    print(f"wrote {path}: {n_images} images, map50 {res['map50']:.4f}, map5095 {res['map5095']:.4f}")


def main() -> None:
    from export import load_model

    ap = argparse.ArgumentParser(description="mAP of a checkpoint on a 416 dataset and/or the sample photos.")
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--data", default=None, help="dataset folder (images/, labels/) at 416")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--samples", default=None, help="folder of sample photos (*.jpg + YOLO *.txt)")
    ap.add_argument("--resize", default="bilinear", help="letterbox resize for samples: bilinear, nearest, naive, all")
    ap.add_argument("--conf", type=float, default=0.001)
    ap.add_argument("--iou", type=float, default=0.45)
    ap.add_argument("--json", default=None, help="write the metrics here")
    ap.add_argument("--crosscheck", default=None, help="write a TS cross-check case here")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, ckpt = load_model(args.ckpt)
    out: dict = {"checkpoint": os.path.abspath(args.ckpt), "conf": args.conf, "nms_iou": args.iou,
                 "ap": "COCO 101-point interpolated", "size_bands": "max side of the box in 416-input px"}
    if args.data:
        ds = LightsDataset(args.data, limit=args.limit)
        n = len(ds)
        preds = predict(model, ds.images, conf=args.conf, iou=args.iou)
        gts = [{"boxes": ds.labels[i][:, 1:5], "classes": ds.labels[i][:, 0].astype(np.int64)} for i in range(n)]
        res = evaluate_map(preds, gts)
        res["images"] = n
        res["at_score_0.25"] = recall_at(preds, gts)
        print(f"== {args.data} ({n} images)\n{format_metrics(res)}\n  at score > 0.25: {res['at_score_0.25']}")
        out["val"] = res
        if args.crosscheck:
            write_crosscheck(args.crosscheck, model, ds, n_images=6, top_k=100)
    if args.samples:
        methods = ["bilinear", "nearest", "naive"] if args.resize == "all" else [args.resize]
        out["samples"] = {}
        for m in methods:
            res = evaluate_samples(model, args.samples, method=m, conf=args.conf, iou=args.iou)
            print(f"== {args.samples} (letterbox 416, {m})\n{format_metrics(res)}")
            out["samples"][m] = res
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
