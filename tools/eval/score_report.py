"""Scores detections with the Python evaluator (tools/train/metrics.py), to cross-check the browser.

Input: an evaluation report JSON as the demo downloads it (``evalReportToJson``: per image the
detections, boxes in source px, and the decoded image size), or any JSON with
``{"images": [{"name", "width", "height", "detections": {"boxes", "scores", "classes"}}]}``.
The ground truth is read here from the YOLO label files (``--labels-root``: the folder the image names
(or its parent) are relative to; each ``.../images/x.jpg`` is paired with ``.../labels/x.txt``, else ``x.txt`` beside it),
so the browser's label parsing is checked too. Without ``--labels-root`` the report's own ground truth is used.

Prints one JSON line: map50, map5095 and the label count of metrics.py (COCO 101-point AP).

    python3 tools/eval/score_report.py report.json --labels-root tools/train/data/eval-seed3 --nc 4
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
from metrics import evaluate_map  # noqa: E402


def label_path(root: str, name: str) -> str | None:
    stem, _ = os.path.splitext(name)
    parts = stem.split("/")
    candidates = []
    if "images" in parts[:-1]:
        i = len(parts) - 1 - parts[::-1].index("images", 1)
        candidates.append("/".join(parts[:i] + ["labels"] + parts[i + 1:]) + ".txt")
    candidates.append(stem + ".txt")
    for c in candidates:
        # names of a picked folder start with the folder's own name: try them with and without it
        for rel in (c, c.split("/", 1)[-1]):
            path = os.path.join(root, rel)
            if os.path.exists(path):
                return path
    return None


def read_labels(path: str | None, w: int, h: int, nc: int) -> dict:
    boxes, classes = [], []
    if path is not None:
        with open(path) as f:
            for line in f:
                p = line.split()
                try:
                    c, cx, cy, bw, bh = int(p[0]), *map(float, p[1:5])
                except (ValueError, IndexError):
                    continue
                if len(p) != 5 or c >= nc or bw <= 0 or bh <= 0:
                    continue
                boxes.append([(cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h])
                classes.append(c)
    return {"boxes": np.array(boxes, dtype=np.float64).reshape(-1, 4), "classes": np.array(classes, dtype=np.int64)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--labels-root", default=None)
    ap.add_argument("--nc", type=int, default=None, help="number of classes (default: the report's classNames)")
    args = ap.parse_args()
    with open(args.report) as f:
        report = json.load(f)
    images = report.get("perImage") or report["images"]
    nc = args.nc or len(report.get("classNames", [])) or 1 + max(max(im["detections"]["classes"] or [0]) for im in images)
    preds, gts = [], []
    for im in images:
        d = im["detections"]
        preds.append({"boxes": np.array(d["boxes"], dtype=np.float64).reshape(-1, 4),
                      "scores": np.array(d["scores"], dtype=np.float64),
                      "classes": np.array(d["classes"], dtype=np.int64)})
        if args.labels_root:
            gts.append(read_labels(label_path(args.labels_root, im["name"]), im["width"], im["height"], nc))
        else:
            g = im["groundTruth"]
            gts.append({"boxes": np.array(g["boxes"], dtype=np.float64).reshape(-1, 4),
                        "classes": np.array(g["classes"], dtype=np.int64)})
    res = evaluate_map(preds, gts, nc=nc, class_names=[str(c) for c in range(nc)], size_bands={})
    print(json.dumps({"map50": res["map50"], "map5095": res["map5095"], "n_gt": res["n_gt"], "images": len(images)}))


if __name__ == "__main__":
    main()
