"""COCO-style detection metrics: mAP@0.5 and mAP@0.5:0.95 with 101-point
interpolated AP, per class and per size band.

This is the reference the TypeScript module ``src/eval/map.ts`` mirrors;
both follow the same rules (see ``evaluate_map``), and
``tools/eval/fixtures/crosscheck.json`` holds a case evaluated by this code.

Matching (per image, class and IoU threshold), as pycocotools does:

* detections are taken by descending score (stable sort: ties keep input order);
* each takes the unmatched ground-truth box of its class with the highest IoU,
  if that IoU is >= the threshold (non-ignored boxes are preferred over
  ignored ones); otherwise it is a false positive;
* a second detection of an already-matched box is a false positive (duplicate).

Size bands (by the box's max side, in the model-input pixel space): ground
truth outside the band is ignored; a detection matched to an ignored box is
ignored; an unmatched detection is ignored when its own size is outside the band.

AP: detections of all images are concatenated in image order and stably sorted
by descending score; precision is made monotone (running max from the right) and
sampled at the 101 recall points 0, 0.01, ..., 1 (the first detection index with
recall >= r; 0 beyond the last). Classes with no ground truth (in the band) are
left out of the means.
"""
from __future__ import annotations

import numpy as np

CLASS_NAMES = ("w", "r", "g", "b")
IOU_THRESHOLDS = np.round(np.linspace(0.5, 0.95, 10), 2)
# name -> [min, max) of the box's max side in 416-input px
SIZE_BANDS = {"<6": (0.0, 6.0), "6-12": (6.0, 12.0), "12-24": (12.0, 24.0), ">=24": (24.0, float("inf")),
              ">=6": (6.0, float("inf"))}


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix [n, m] of boxes x1 y1 x2 y2."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    iw = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    ih = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = iw * ih
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def max_side(boxes: np.ndarray) -> np.ndarray:
    """Max of width and height of boxes x1 y1 x2 y2."""
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return np.maximum(boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1])


def _match_image(det_boxes, det_scores, det_sizes, gt_boxes, gt_ignore, thresholds):
    """Greedy COCO matching for one image and class, at every IoU threshold.

    Returns (scores, sizes) of the detections sorted by descending score, and
    boolean arrays tp, ignored of shape [n_thresholds, n_detections].
    """
    order = np.argsort(-det_scores, kind="mergesort")
    det_boxes, det_scores, det_sizes = det_boxes[order], det_scores[order], det_sizes[order]
    g_order = np.argsort(gt_ignore.astype(np.int8), kind="mergesort")  # non-ignored first
    gt_boxes, gt_ignore = gt_boxes[g_order], gt_ignore[g_order]
    ious = box_iou(det_boxes, gt_boxes)
    tp = np.zeros((len(thresholds), len(det_boxes)), dtype=bool)
    ign = np.zeros((len(thresholds), len(det_boxes)), dtype=bool)
    if len(det_boxes) == 0 or len(gt_boxes) == 0:
        return det_scores, det_sizes, tp, ign
    for t, thr in enumerate(thresholds):
        thr = min(float(thr), 1 - 1e-10)
        cand = ious >= thr
        matched = np.zeros(len(gt_boxes), dtype=bool)
        # only detections with some IoU >= thr can match; GTs below thr never become the match
        for d in np.nonzero(cand.any(1))[0]:
            best, m = thr, -1
            for g in np.nonzero(cand[d])[0]:
                if matched[g]:
                    continue
                if m > -1 and not gt_ignore[m] and gt_ignore[g]:
                    break
                if ious[d, g] < best:
                    continue
                best, m = ious[d, g], g
            if m == -1:
                continue
            matched[m] = True
            ign[t, d] = gt_ignore[m]
            tp[t, d] = not gt_ignore[m]
    return det_scores, det_sizes, tp, ign


def average_precision(scores: np.ndarray, tp: np.ndarray, n_gt: int) -> float:
    """101-point interpolated AP of detections (already filtered of ignored ones)."""
    if n_gt == 0:
        return -1.0
    if len(scores) == 0:
        return 0.0
    order = np.argsort(-scores, kind="mergesort")
    tp = tp[order].astype(np.float64)
    tps = np.cumsum(tp)
    fps = np.cumsum(1 - tp)
    rc = tps / n_gt
    pr = tps / np.maximum(tps + fps, np.finfo(np.float64).eps)
    pr = np.maximum.accumulate(pr[::-1])[::-1]
    rec_thrs = np.linspace(0, 1, 101)
    inds = np.searchsorted(rc, rec_thrs, side="left")
    q = np.array([pr[i] if i < len(pr) else 0.0 for i in inds])
    return float(q.mean())


def _ap_table(preds, gts, nc, thresholds, band, size_fn):
    """AP [n_thresholds, nc] (-1 where a class has no ground truth in the band) and GT counts."""
    lo, hi = band
    ap = np.full((len(thresholds), nc), -1.0)
    n_gts = np.zeros(nc, dtype=int)
    for c in range(nc):
        per_thr = [([], [], []) for _ in thresholds]
        n_gt = 0
        for i, (p, g) in enumerate(zip(preds, gts)):
            pm = np.asarray(p["classes"]) == c
            gm = np.asarray(g["classes"]) == c
            d_boxes = np.asarray(p["boxes"], dtype=np.float64).reshape(-1, 4)[pm]
            d_scores = np.asarray(p["scores"], dtype=np.float64)[pm]
            g_boxes = np.asarray(g["boxes"], dtype=np.float64).reshape(-1, 4)[gm]
            g_size = size_fn(g_boxes, i)
            d_size = size_fn(d_boxes, i)
            g_ignore = (g_size < lo) | (g_size >= hi)
            n_gt += int((~g_ignore).sum())
            sc, sz, tp, ign = _match_image(d_boxes, d_scores, d_size, g_boxes, g_ignore, thresholds)
            ign = ign | (~tp & ~ign & ((sz < lo) | (sz >= hi))[None])
            for t in range(len(thresholds)):
                per_thr[t][0].append(sc[~ign[t]])
                per_thr[t][1].append(tp[t][~ign[t]])
        n_gts[c] = n_gt
        for t in range(len(thresholds)):
            s = np.concatenate(per_thr[t][0]) if per_thr[t][0] else np.zeros(0)
            tp = np.concatenate(per_thr[t][1]) if per_thr[t][1] else np.zeros(0, dtype=bool)
            ap[t, c] = average_precision(s, tp, n_gt)
    return ap, n_gts


def evaluate_map(preds, gts, nc: int = 4, class_names=CLASS_NAMES, size_bands=None, size_fn=None,
                 thresholds=IOU_THRESHOLDS) -> dict:
    """mAP@0.5 and mAP@0.5:0.95 overall, per class and per size band.

    preds: per image {"boxes": [n, 4] x1y1x2y2, "scores": [n], "classes": [n]}
    gts:   per image {"boxes": [m, 4] x1y1x2y2, "classes": [m]}
    size_fn(boxes, image_index) -> sizes used for the bands (default: max side of the box).
    """
    size_bands = SIZE_BANDS if size_bands is None else size_bands
    size_fn = size_fn or (lambda boxes, i: max_side(boxes))
    thresholds = np.asarray(thresholds, dtype=np.float64)
    i50 = int(np.argmin(np.abs(thresholds - 0.5)))
    ap, n_gts = _ap_table(preds, gts, nc, thresholds, (0.0, float("inf")), size_fn)
    valid = n_gts > 0
    result = {
        "map50": float(ap[i50, valid].mean()) if valid.any() else -1.0,
        "map5095": float(ap[:, valid].mean()) if valid.any() else -1.0,
        "n_gt": int(n_gts.sum()),
        "per_class": {},
        "per_size_band": {},
    }
    for c in range(nc):
        name = class_names[c] if c < len(class_names) else str(c)
        result["per_class"][name] = {"ap50": float(ap[i50, c]),
                                     "ap5095": float(ap[:, c].mean()) if n_gts[c] else -1.0,
                                     "n_gt": int(n_gts[c])}
    for name, band in size_bands.items():
        bap, bn = _ap_table(preds, gts, nc, thresholds, band, size_fn)
        valid = bn > 0
        result["per_size_band"][name] = {
            "map50": float(bap[i50, valid].mean()) if valid.any() else -1.0,
            "map5095": float(bap[:, valid].mean()) if valid.any() else -1.0,
            "n_gt": int(bn.sum()),
        }
    return result
