"""Exports a trained checkpoint to ONNX in a standard YOLOv5 layout and adds metadata.

    input  ``images``  [1, 3, S, S] float32, RGB, 0..1, letterboxed (pad 114/255)
    output ``output0`` [1, N, 5 + nc]: cx, cy, w, h (input px), obj, class probs (sigmoid)
    or, with ``--heads``, ``output0..2`` [1, na, ny, nx, 5 + nc]: the raw head logits, finest
    first (``yolov5-heads``, YOLOv5's export without ``--grid``); the decoder does the sigmoid
    and the grid / anchor decode for the rows that pass its threshold, which in onnxruntime-web
    costs a fraction of the ~10 elementwise passes over every row the in-graph decode makes
    (1.5-2 ms of a 13 ms inference, round 4).

It also writes a reference input/output pair (raw little-endian float32, outputs concatenated in
order) and PyTorch's float64 output of the same graph, for ``check_onnx.mjs``.

    python3 tools/train/export.py --ckpt tools/train/runs/wrgb/best.pt --out models/wrgb-416.onnx
"""
from __future__ import annotations

import argparse
import json
import os
import warnings

import numpy as np
import onnx
import torch

from model import LightsNet, count_parameters, fuse_conv_bn

CLASS_NAMES = {0: "w", 1: "r", 2: "g", 3: "b"}


def load_model(ckpt_path: str) -> tuple[LightsNet, dict]:
    """Builds the model of a checkpoint and loads its EMA weights (the ones evaluated)."""
    ckpt = torch.load(ckpt_path, map_location="cpu")
    cfg = ckpt["config"]
    model = LightsNet(nc=len(CLASS_NAMES), anchors=cfg["anchors"], channels=tuple(cfg["channels"]),
                      depth=tuple(cfg["depth"]))
    model.load_state_dict(ckpt["ema"] if ckpt.get("ema") is not None else ckpt["model"])
    model.eval()
    return model, ckpt


DESCRIPTION = ("yolo-detector wrgb-416: YOLOv5-style detector of white/red/green/blue lights, "
               "trained on procedurally generated images")


def add_metadata(path: str, anchors: list[list[float]], strides: list[int], size: int, extra: dict[str, str]) -> None:
    """Writes ModelProto.metadata_props as Ultralytics-style strings."""
    m = onnx.load(path)
    props = {
        "names": repr(CLASS_NAMES),
        "imgsz": repr([size, size]),
        "stride": str(max(strides)),
        "task": "detect",
        "anchors": json.dumps(anchors),
        "strides": json.dumps(strides),
        "layout": "yolov5",
        "description": DESCRIPTION,
        "author": "yolo-detector project",
        "version": "1.0.0",
        "license": "MIT",
        **extra,
    }
    del m.metadata_props[:]
    for k, v in props.items():
        entry = m.metadata_props.add()
        entry.key, entry.value = k, v
    m.producer_name = "yolo-detector tools/train/export.py"
    onnx.checker.check_model(m)
    onnx.save(m, path)


def reference_input(size: int, image_path: str | None) -> torch.Tensor:
    """A letterboxed real image when given, else a seeded random tensor."""
    if image_path:
        from PIL import Image
        from evaluate import letterbox
        img = np.asarray(Image.open(image_path).convert("RGB"))
        lb, _ = letterbox(img, size)
        return torch.from_numpy(lb).permute(2, 0, 1)[None].float() / 255.0
    g = torch.Generator().manual_seed(0)
    return torch.rand(1, 3, size, size, generator=g)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default="models/wrgb-416.onnx")
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--description", default=DESCRIPTION, help="metadata description")
    ap.add_argument("--version", default="1.0.0", help="metadata version")
    ap.add_argument("--ref-image", default=None, help="image for the reference pair (default: seeded noise)")
    ap.add_argument("--heads", action="store_true",
                    help="export the raw heads (layout yolov5-heads) instead of the decoded rows")
    ap.add_argument("--obj-bias", type=float, default=0.0,
                    help="added to every objectness logit (folded into the head's conv bias: no cost); "
                         "chosen on validation data by operating_point.py so that the default score "
                         "threshold 0.25 sits at the best F1")
    ap.add_argument("--ref-dir", default=None, help="where to write ref_input.bin / ref_output.bin "
                                                    "(default: tools/train/runs/export)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    warnings.filterwarnings("ignore", category=UserWarning)  # torch 1.13 shape-inference chatter
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)

    model, ckpt = load_model(args.ckpt)
    n_params = count_parameters(model)
    fuse_conv_bn(model)  # the graph PyTorch runs for the reference is the one exported
    if args.obj_bias:
        d = model.detect
        with torch.no_grad():
            for conv in d.m:
                conv.bias.view(d.na, d.no)[:, 4] += args.obj_bias
    model.detect.export = not args.heads  # raw heads: Detect.forward returns the permuted maps
    cfg = ckpt["config"]
    strides = [int(s) for s in model.detect.strides.tolist()]
    dummy = torch.zeros(1, 3, args.size, args.size)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    names = [f"output{i}" for i in range(len(strides))] if args.heads else ["output0"]
    torch.onnx.export(model, dummy, args.out, input_names=["images"], output_names=names,
                      opset_version=args.opset, do_constant_folding=True)
    add_metadata(args.out, cfg["anchors"], strides, args.size,
                 {"params": str(n_params), "description": args.description, "version": args.version,
                  "layout": "yolov5-heads" if args.heads else "yolov5",
                  **({"objectnessBias": repr(args.obj_bias)} if args.obj_bias else {})})

    ref_dir = args.ref_dir or os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "export")
    os.makedirs(ref_dir, exist_ok=True)
    x = reference_input(args.size, args.ref_image)
    flat = lambda out: torch.cat([t.reshape(-1) for t in out]) if isinstance(out, list) else out.reshape(-1)
    with torch.no_grad():
        out = model(x)
        shapes = [list(t.shape) for t in out] if isinstance(out, list) else [list(out.shape)]
        y = flat(out)
        # float32 noise floor: the same PyTorch model in float64
        y64_full = flat(model.double()(x.double()))
        y64 = y64_full.float()
        model.float()
    floor = (y - y64).abs().view(-1, shapes[0][-1])
    noise = ({"logits": float(floor.max())} if args.heads else
             {"boxes_px": float(floor[:, :4].max()), "probabilities": float(floor[:, 4:].max())})
    x.numpy().astype("<f4").tofile(os.path.join(ref_dir, "ref_input.bin"))
    y.numpy().astype("<f4").tofile(os.path.join(ref_dir, "ref_output.bin"))
    # the same graph in float64: the exact answer check_onnx.mjs compares onnxruntime's float32 with
    y64_full.numpy().astype("<f8").tofile(os.path.join(ref_dir, "ref_output64.bin"))
    with open(os.path.join(ref_dir, "ref.json"), "w") as f:
        json.dump({"input_shape": list(x.shape), "output_shape": shapes[0], "output_shapes": shapes,
                   "output_names": names, "model": os.path.abspath(args.out),
                   "torch_float32_vs_float64_max_abs_diff": noise}, f)
    print(f"exported {args.out} ({os.path.getsize(args.out)} bytes), outputs {shapes}, "
          f"params {n_params} ({count_parameters(model)} after folding BN); reference pair in {ref_dir}; "
          f"PyTorch float32 vs float64 max abs diff: {', '.join(f'{k} {v:.2e}' for k, v in noise.items())}")


if __name__ == "__main__":
    main()
