"""Operating point of an exported model (issue 10): precision, recall and F1 of its boxes (IoU >= 0.5,
same class, each label matched once) on YOLO folders with lights, and false boxes per image on
folders without, (a) for a range of score thresholds and (b) at the default threshold 0.25 with an
objectness logit bias b added (obj' = sigmoid(logit(obj) + b): what ``export.py --obj-bias b`` folds
into the head's convolution, at no cost). Run on validation data to choose b so that the default
threshold sits at the best F1; never on the held-out sets.

    python3 tools/train/operating_point.py models/wrgb-416.onnx --lights tools/train/data/val-real \\
        --neg tools/train/data/val-neg --json op.json
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from PIL import Image

from eval_onnx import Runner, decode, letterbox, read_labels
from metrics import box_iou

THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 17)]
BIASES = [round(-0.25 * i, 2) for i in range(0, 13)]


def matched(pred: dict, gt_boxes: np.ndarray, gt_cls: np.ndarray) -> np.ndarray:
    """Per prediction (best score first), whether it is a true positive."""
    tp = np.zeros(len(pred["scores"]), bool)
    used = np.zeros(len(gt_boxes), bool)
    if len(gt_boxes) == 0 or len(tp) == 0:
        return tp
    m = box_iou(pred["boxes"], gt_boxes)
    for i in np.argsort(-pred["scores"], kind="stable"):
        cand = np.where((gt_cls == pred["classes"][i]) & ~used & (m[i] >= 0.5))[0]
        if len(cand):
            j = cand[np.argmax(m[i, cand])]
            used[j] = tp[i] = True
    return tp


def operating_point(ntp: int, npred: int, n_gt: int) -> dict:
    """Precision, recall and F1 (rounded) of ntp true boxes among npred against n_gt labels."""
    prec = ntp / npred if npred else 1.0
    rec = ntp / n_gt if n_gt else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description="Precision / recall / false boxes by score threshold.")
    ap.add_argument("model")
    ap.add_argument("--lights", nargs="*", default=[], help="YOLO folders with labelled lights")
    ap.add_argument("--neg", nargs="*", default=[], help="YOLO folders without lights")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    r = Runner(args.model, args.threads)
    lo = min(THRESHOLDS)
    scores, tps, n_gt, neg_scores, n_neg = [], [], 0, [], 0
    raw = []  # per image: the rows that can pass 0.25 with any bias tried, its labels in input px
    for folder, with_lights in [(f, True) for f in args.lights] + [(f, False) for f in args.neg]:
        for name in sorted(os.listdir(os.path.join(folder, "images"))):
            img = Image.open(os.path.join(folder, "images", name)).convert("RGB")
            lab = read_labels(os.path.join(folder, "labels", name.rsplit(".", 1)[0] + ".txt"), *img.size)
            x, s, px, py = letterbox(img, r.size)
            out = r.rows(x)
            out = out.reshape(-1, out.shape[-1])
            rows_ = out[(out[:, 4] * out[:, 5:].max(1)) > 0.25]  # a bias <= 0 only lowers scores
            g = lab[:, 1:5] * s + np.array([px, py, px, py], np.float32)
            gc = lab[:, 0].astype(np.int64)
            raw.append((rows_, g, gc, with_lights))
            p = decode(out[None], lo, 0.45)
            if with_lights:
                # matching at each threshold = matching the boxes above it (greedy, best first): the
                # per-box verdict at the lowest threshold holds for every higher one
                scores.append(p["scores"])
                tps.append(matched(p, g, gc))
                n_gt += len(lab)
            else:
                neg_scores.append(p["scores"])
                n_neg += 1
    sc = np.concatenate(scores) if scores else np.zeros(0)
    tp = np.concatenate(tps) if tps else np.zeros(0, bool)
    ns = np.concatenate(neg_scores) if neg_scores else np.zeros(0)
    rows = []
    for t in THRESHOLDS:
        keep = sc > t
        rows.append({"threshold": t, **operating_point(int(tp[keep].sum()), int(keep.sum()), n_gt),
                     "falseBoxesPerNegative": round(float((ns > t).sum()) / max(n_neg, 1), 3)})
        print(json.dumps(rows[-1]), flush=True)
    best = max(rows, key=lambda q: q["f1"])
    print("best F1", json.dumps(best))
    biased = []
    for b in BIASES:
        ntp = npred = fneg = 0
        for rows_, g, gc, with_lights in raw:
            q = rows_.copy()
            o = np.clip(q[:, 4].astype(np.float64), 1e-12, 1 - 1e-12)
            q[:, 4] = 1 / (1 + np.exp(-(np.log(o / (1 - o)) + b)))
            p = decode(q[None], 0.25, 0.45)
            if with_lights:
                ntp += int(matched(p, g, gc).sum())
                npred += len(p["scores"])
            else:
                fneg += len(p["scores"])
        biased.append({"objBias": b, **operating_point(ntp, npred, n_gt),
                       "falseBoxesPerNegative": round(fneg / max(n_neg, 1), 3)})
        print("at 0.25", json.dumps(biased[-1]), flush=True)
    best_b = max(biased, key=lambda q: q["f1"])
    print("best objectness bias", json.dumps(best_b))
    out = {"model": os.path.basename(args.model), "labels": n_gt, "negatives": n_neg, "rows": rows, "bestF1": best,
           "at025ByObjBias": biased, "bestObjBias": best_b}
    if args.json:
        json.dump(out, open(args.json, "w"), indent=2)


if __name__ == "__main__":
    main()
