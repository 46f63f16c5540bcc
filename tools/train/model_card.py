"""Writes models/<name>.json: what the model is, how to feed it, how it was made, how good it is.

    python3 tools/train/model_card.py --onnx models/wrgb-416.onnx --summary tools/train/runs/wrgb/summary.json \
        --metrics tools/train/runs/wrgb/metrics.json --bench tools/train/runs/wrgb/bench.json \
        --check tools/train/runs/wrgb/check.json --out models/wrgb-416.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re

import onnx


def rounded(x, digits: int = 4):
    """Rounds floats in nested dicts / lists (and renames Python's n_gt to numGt)."""
    if isinstance(x, float):
        return round(x, digits)
    if isinstance(x, dict):
        return {("numGt" if k == "n_gt" else k): rounded(v, digits) for k, v in x.items()}
    if isinstance(x, list):
        return [rounded(v, digits) for v in x]
    return x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--summary", required=True, help="summary.json of the training run")
    ap.add_argument("--metrics", required=True, help="evaluate.py --json output (val + samples)")
    ap.add_argument("--bench", required=True, help="bench_onnx.mjs --json output")
    ap.add_argument("--check", required=True, help="check_onnx.mjs --json output")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "anchors.json"))
    ap.add_argument("--onnx-samples", nargs="*", default=[],
                    help="tools/eval/samples-map.ts --json outputs (ONNX end to end on the sample photos)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    data = open(args.onnx, "rb").read()
    model = onnx.load_from_string(data)
    meta = {p.key: p.value for p in model.metadata_props}
    out_dims = [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]
    in_dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    summary = json.load(open(args.summary))
    metrics = json.load(open(args.metrics))
    bench = json.load(open(args.bench))
    check = json.load(open(args.check))
    anchors_tool = json.load(open(args.anchors))
    cfg = summary["config"]
    label_dir = os.path.join(cfg["data"], "labels")
    n_train = len(os.listdir(os.path.join(cfg["data"], "images")))
    n_boxes = sum(sum(1 for line in open(os.path.join(label_dir, f)) if line.strip()) for f in os.listdir(label_dir))

    def pick(res: dict) -> dict:
        return rounded({"map50": res["map50"], "map5095": res["map5095"], "boxes": res["n_gt"],
                        "perClass": res["per_class"], "perSizeBand": res["per_size_band"],
                        **({"atScore0.25": res["at_score_0.25"]} if "at_score_0.25" in res else {})})

    card = {
        "name": os.path.splitext(os.path.basename(args.onnx))[0],
        "file": os.path.basename(args.onnx),
        "description": meta.get("description", ""),
        "version": meta.get("version", ""),
        "license": meta.get("license", "MIT"),
        "author": meta.get("author", ""),
        "task": "detect",
        "labels": ["w", "r", "g", "b"],
        "labelDescriptions": {"w": "white light", "r": "red light", "g": "green light", "b": "blue light"},
        "inputSize": [in_dims[3], in_dims[2]],
        "input": {"name": model.graph.input[0].name, "shape": in_dims, "dtype": "float32", "layout": "NCHW"},
        "output": {"name": model.graph.output[0].name, "shape": out_dims,
                   "rows": "cx, cy, w, h (input px), objectness, 4 class probabilities (sigmoid applied)"},
        "layout": "yolov5",
        "preprocessing": {"resize": "letterbox", "pad": 114, "channels": "RGB", "scale": 1 / 255, "mean": [0, 0, 0],
                          "std": [1, 1, 1], "centered": True},
        "postprocessing": {"score": "objectness * class probability", "scoreThreshold": 0.25,
                           "iouThreshold": 0.45, "nms": "per class"},
        "anchors": json.loads(meta["anchors"]),
        "strides": json.loads(meta["strides"]),
        "anchorTool": {"command": "npm run anchors -- tools/train/data/train/labels --n 9 --json tools/train/anchors.json",
                       "meanIoU": anchors_tool["meanIoU"], "boxes": anchors_tool["boxes"]},
        "architecture": {"family": "YOLOv5-style, depthwise-separable CSP backbone + PAN neck, LeakyReLU(0.1)",
                         "channels": cfg["channels"], "depth": cfg["depth"], "heads": 3},
        "parameters": summary["params"],
        "opset": model.opset_import[0].version,
        "fileSize": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "seed": {"trainData": 1, "valData": 2, "training": cfg["seed"], "samplePhotos": "7000+ (see public/samples/README.md)"},
        "training": {
            "data": f"{n_train} procedurally generated 416x416 images (tools/train/generator.py --seed 1), "
                    f"{n_boxes} lights ({n_boxes / n_train:.0f} per image)",
            "images": n_train,
            "steps": summary["steps"],
            "batch": cfg["bs"],
            "imagesSeen": summary["images_seen"],
            "epochs": round(summary["images_seen"] / n_train, 2),
            "crop": cfg["crop"],
            "augmentations": [
                f"random {cfg['crop']}x{cfg['crop']} crop", "horizontal flip", "vertical flip",
                "transpose (90 degree rotation)", "contrast x0.85-1.15, brightness +-0.04",
                "generator: hue / saturation / brightness jitter, white balance, gamma, defocus, sensor noise, "
                "JPEG quality 50-95, letterboxed 4:3/16:9/portrait scenes, 2-3x renders downsampled by random filters"],
            "optimizer": "AdamW (betas 0.9, 0.999)",
            "lr": cfg["lr"], "lrSchedule": f"linear warm-up {cfg['warmup']} steps, cosine to {cfg['final_lr']} x lr",
            "weightDecay": cfg["wd"], "ema": "decay 0.998 (ramped, tau 300 steps)",
            "loss": "YOLOv5: CIoU box (0.05), BCE objectness with IoU target (1.0; level weights 4, 1, 0.4), "
                    "BCE classes (0.5); anchor ratio < 4, 3 cells per target",
            "budgetClock": summary.get("clock", "wall"),
            "trainMinutes": round(summary["train_minutes"], 1),
            "wallMinutes": round(summary.get("wall_minutes", summary["train_minutes"]), 1),
            "machine": "2 CPU cores (shared), PyTorch 1.13 CPU, 2 threads",
        },
        "metrics": {
            "ap": "COCO-style 101-point interpolated AP; score = obj x cls > 0.001, class-wise NMS IoU 0.45, "
                  "max 1000 detections; size bands by the box's max side in 416-input px",
            "val": {"images": metrics["val"]["images"], "set": "500 fresh images, generator seed 2 (training: seed 1)",
                    **pick(metrics["val"])},
            "samplePhotos": {
                "note": "PyTorch, letterbox 416 with the named resize filter; boxes compared in source px",
                **{m: pick(r) for m, r in metrics.get("samples", {}).items()}},
            "samplePhotosOnnx": [rounded({"pipeline": o["pipeline"], "score": o["score"], "map50": o["map50"],
                                          "map5095": o["map5095"], "perClass": o["perClass"],
                                          "perSizeBand": o["perSizeBand"]})
                                 for o in (json.load(open(p)) for p in args.onnx_samples)],
        },
        "inference": {k: v for k, v in bench.items()},
        "onnxCheck": {"script": "node tools/train/check_onnx.mjs", "maxAbsDiffVsPyTorch": check["maxAbsDiff"],
                      "boxesPx": check["maxAbsDiffBoxesPx"], "boxesNormalised": check["maxAbsDiffBoxesNormalised"],
                      "probabilities": check["maxAbsDiffProbabilities"], "tolerance": check["tolerance"],
                      "pytorchFloat32VsFloat64": check["torchFloat32VsFloat64"], "ok": check["ok"]},
    }
    text = json.dumps(card, indent=2)
    # short lists of numbers / strings on one line
    text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "]", text)
    # small flat objects on one line
    text = re.sub(r"\{\s+([^\[\]{}]*?)\s+\}",
                  lambda m: "{" + re.sub(r"\s*\n\s*", " ", m.group(1)) + "}" if len(m.group(1)) < 160 else m.group(0), text)
    with open(args.out, "w") as f:
        f.write(text + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
