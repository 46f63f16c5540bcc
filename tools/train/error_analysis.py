"""Where a model's errors on a labelled folder are (issue 10): mAP@0.5 per size band, class-agnostic
AP (is colour the problem?), AP at IoU 0.3 (is localisation?), a confusion table at the default
threshold, the size and centre bias of matched boxes per size band, and mAP by NMS IoU. The
numbers of models/README.md, "Where the remaining error is", come from it.

    python3 tools/train/error_analysis.py models/wrgb-416.onnx tools/train/data/heldout-lights --limit 100
"""
from __future__ import annotations

import argparse
import os

import numpy as np
from PIL import Image

from eval_onnx import Runner, decode, letterbox, nms, read_labels
from metrics import box_iou, evaluate_map

BANDS = {"<6": (0.0, 6.0), "6-9": (6.0, 9.0), "9-14": (9.0, 14.0), "14-24": (14.0, 24.0), ">=24": (24.0, float("inf")),
         ">=6": (6.0, float("inf"))}
NAMES = ["w", "r", "g", "b"]


def bands(res: dict) -> str:
    return ", ".join(f"{k} {v['map50']:.4f} ({v['n_gt']})" for k, v in res["per_size_band"].items())


def class_agnostic(preds: list[dict], iou: float) -> list[dict]:
    out = []
    for p in preds:
        keep = nms(p["boxes"], p["scores"], iou) if len(p["scores"]) else []
        out.append({"boxes": p["boxes"][keep], "scores": p["scores"][keep], "classes": np.zeros(len(keep), np.int64)})
    return out


def confusion(preds: list[dict], gts: list[dict], conf: float, min_size: float) -> np.ndarray:
    """Rows: true class; columns: the class of the best-overlapping box above ``conf`` (IoU >= 0.5), or a miss."""
    table = np.zeros((len(NAMES), len(NAMES) + 1), int)
    for p, g in zip(preds, gts):
        m = p["scores"] > conf
        boxes, classes = p["boxes"][m].astype(np.float64), p["classes"][m]
        for gb, gc in zip(g["boxes"].astype(np.float64), g["classes"]):
            if max(gb[2] - gb[0], gb[3] - gb[1]) < min_size:
                continue
            if len(boxes) == 0:
                table[gc, -1] += 1
                continue
            iou = box_iou(gb[None], boxes)[0]
            j = int(iou.argmax())
            table[gc, classes[j] if iou[j] >= 0.5 else -1] += 1
    return table


def box_bias(preds: list[dict], gts: list[dict], conf: float) -> list[str]:
    """Per size band: mean and spread of log(pred w / true w), log(h ratio) and the centre offset / size,
    over each true box's best-overlapping box above ``conf`` (IoU >= 0.2)."""
    rec = []
    for p, g in zip(preds, gts):
        m = p["scores"] > conf
        boxes = p["boxes"][m].astype(np.float64)
        if len(boxes) == 0 or len(g["boxes"]) == 0:
            continue
        iou = box_iou(g["boxes"].astype(np.float64), boxes)
        for i, gb in enumerate(g["boxes"].astype(np.float64)):
            j = int(iou[i].argmax())
            if iou[i, j] < 0.2:
                continue
            pb = boxes[j]
            gw, gh, pw, ph = gb[2] - gb[0], gb[3] - gb[1], pb[2] - pb[0], pb[3] - pb[1]
            rec.append((max(gw, gh), np.log(pw / gw), np.log(ph / gh), (pb[0] + pb[2] - gb[0] - gb[2]) / 2 / gw,
                        (pb[1] + pb[3] - gb[1] - gb[3]) / 2 / gh, iou[i, j]))
    a = np.array(rec).reshape(-1, 6)
    lines = []
    for name, (lo, hi) in BANDS.items():
        b = a[(a[:, 0] >= lo) & (a[:, 0] < hi)]
        if len(b) and name != ">=6":
            lines.append(f"  {name:>5} px: n {len(b):5d}, log w ratio {b[:, 1].mean():+.3f} ± {b[:, 1].std():.3f}, "
                         f"log h ratio {b[:, 2].mean():+.3f} ± {b[:, 2].std():.3f}, centre dx {b[:, 3].mean():+.3f} ± "
                         f"{b[:, 3].std():.3f}, dy {b[:, 4].mean():+.3f} ± {b[:, 4].std():.3f}, mean IoU {b[:, 5].mean():.3f}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("folder", help="a YOLO folder (images/, labels/) such as realscenes.py writes")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--nms-ious", type=float, nargs="*", default=[0.3, 0.45, 0.55, 0.65])
    args = ap.parse_args()
    r = Runner(args.model, args.threads)
    names = sorted(f[:-4] for f in os.listdir(os.path.join(args.folder, "images")) if f.endswith(".jpg"))[:args.limit]
    outputs, gts = [], []
    for n in names:
        img = Image.open(os.path.join(args.folder, "images", n + ".jpg")).convert("RGB")
        lab = read_labels(os.path.join(args.folder, "labels", n + ".txt"), *img.size)
        x, s, px, py = letterbox(img, r.size)
        outputs.append(r.rows(x))
        gts.append({"boxes": lab[:, 1:5] * s + np.array([px, py, px, py], np.float32), "classes": lab[:, 0].astype(np.int64)})
    preds = [decode(o, 0.001, 0.45) for o in outputs]
    res = evaluate_map(preds, gts, size_bands=BANDS)
    print(f"{os.path.basename(args.model)} on {len(names)} images of {args.folder}")
    print(f"mAP@0.5 {res['map50']:.4f}; per size band (input px): {bands(res)}")
    print("AP@0.5 per class: " + ", ".join(f"{k} {v['ap50']:.4f}" for k, v in res["per_class"].items()))
    ga = [{"boxes": g["boxes"], "classes": np.zeros(len(g["boxes"]), np.int64)} for g in gts]
    print(f"class-agnostic: {bands(evaluate_map(class_agnostic(preds, 0.45), ga, size_bands=BANDS))}")
    at03 = evaluate_map(preds, gts, size_bands=BANDS, thresholds=np.array([0.3]))
    print("at IoU 0.3: " + ", ".join(f"{k} {v['map5095']:.4f}" for k, v in at03["per_size_band"].items()))
    table = confusion(preds, gts, 0.25, 6.0)
    print("lights >= 6 px at score 0.25, rows true class, columns found as " + " ".join(NAMES) + " / missed:")
    for c, row in zip(NAMES, table):
        print(f"  {c}: " + " ".join(f"{v:5d}" for v in row) + f"   missed {row[-1] / max(row.sum(), 1):.1%}")
    found = table[:, :-1]
    print(f"  wrong colour among the found: {(found.sum() - np.trace(found)) / max(found.sum(), 1):.1%}")
    print("box bias of the matched boxes (score > 0.1):")
    print("\n".join(box_bias([decode(o, 0.1, 0.45) for o in outputs], gts, 0.1)))
    for iou in args.nms_ious:
        rr = evaluate_map([decode(o, 0.001, iou) for o in outputs], gts, size_bands={">=6": BANDS[">=6"]})
        print(f"NMS IoU {iou}: mAP@0.5 {rr['map50']:.4f}, lights >= 6 px {rr['per_size_band']['>=6']['map50']:.4f}")


if __name__ == "__main__":
    main()
