"""Variants of an exported wrgb model (issue 10): float16, static int8 QDQ, and NMS in the graph.

Runs with Python's ``onnx`` and ``onnxruntime`` (pip; the Debian torch is not needed):

- ``fp16``: every weight and activation in float16, inputs and outputs kept float32
  (``onnxruntime.transformers.float16``);
- ``int8``: static QDQ quantisation (uint8 activations, int8 per-channel weights), calibrated on
  letterboxed images of the training sources; the Detect decode (sigmoid, grid, anchors) and the
  three 1x1 head convolutions stay float32 so that box coordinates keep their precision;
- ``nms``: the float32 graph (``--decoded``'s when the model is raw heads) plus class-wise ``NonMaxSuppression`` (best class only, score > 0.1,
  IoU 0.45, at most 1000 per class), output ``[1, K, 6]`` = x1 y1 x2 y2 score class in input px:
  the ``end2end`` layout the decoder reads.

Metadata (names, anchors, strides, ...) is copied from the source model.

    python3 tools/train/export_variants.py models/wrgb-416.onnx --calib tools/train/data/real-train \\
        tools/train/data/syn-train --out-dir models
"""
from __future__ import annotations

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

# Kept in the graph: scores above 0.1, so a page can go down to 0.1 (the decoder applies the page's
# threshold to these rows). With the objectness calibration of round 4 the default 0.25 sits at the
# best validation F1; a baked-in 0.25 would leave no room below it.
SCORE_THRESHOLD = 0.1
IOU_THRESHOLD = 0.45
MAX_PER_CLASS = 1000


def copy_metadata(src: onnx.ModelProto, dst: onnx.ModelProto, variant: str) -> None:
    del dst.metadata_props[:]
    for p in src.metadata_props:
        e = dst.metadata_props.add()
        e.key, e.value = p.key, p.value
    e = dst.metadata_props.add()
    e.key, e.value = "variant", variant


def to_fp16(src_path: str, out: str) -> None:
    from onnxruntime.transformers.float16 import convert_float_to_float16

    src = onnx.load(src_path)
    m = convert_float_to_float16(onnx.load(src_path), keep_io_types=True)
    copy_metadata(src, m, "fp16")
    onnx.save(m, out)


def calibration_images(folders: list[str], size: int, n: int, seed: int = 0) -> list[np.ndarray]:
    """``n`` images of the training folders (square), resized to the input: [1, 3, size, size] float32."""
    from PIL import Image

    paths = []
    for f in folders:
        d = os.path.join(f, "images")
        paths += [os.path.join(d, x) for x in sorted(os.listdir(d)) if x.endswith(".jpg")]
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(paths), size=min(n, len(paths)), replace=False)
    out = []
    for i in pick:
        im = Image.open(paths[i]).convert("RGB").resize((size, size), Image.BILINEAR)
        out.append(np.ascontiguousarray(np.asarray(im, np.float32).transpose(2, 0, 1)[None] / 255.0))
    return out


def to_int8(src_path: str, out: str, calib: list[np.ndarray]) -> None:
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    src = onnx.load(src_path)
    input_name = src.graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it = iter(calib)

        def get_next(self):
            x = next(self.it, None)
            return None if x is None else {input_name: x}

    pre = out + ".pre.onnx"
    quant_pre_process(src_path, pre, skip_symbolic_shape=True)
    # the Detect head convs and the decode stay float32 (boxes in px need more than 8 bits)
    exclude = [n.name for n in onnx.load(pre).graph.node if n.name.startswith("/detect/")]
    quantize_static(pre, out, Reader(), quant_format=QuantFormat.QDQ, activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=exclude)
    os.remove(pre)
    m = onnx.load(out)
    copy_metadata(src, m, "int8-qdq")
    onnx.save(m, out)


def with_nms(src_path: str, out: str) -> None:
    """Appends best-class masking + NonMaxSuppression + gathers: output [1, K, 6]."""
    m = onnx.load(src_path)
    g = m.graph
    y = g.output[0].name  # [1, N, 5 + nc]: cx cy w h obj cls...
    nc = g.output[0].type.tensor_type.shape.dim[2].dim_value - 5
    c = lambda name, arr, dt=TensorProto.INT64: g.initializer.append(  # noqa: E731
        helper.make_tensor(name, dt, [len(arr)], arr))
    c("nms_s0", [0]), c("nms_s2", [2]), c("nms_s4", [4]), c("nms_s5", [5]), c("nms_end", [5 + nc])
    c("nms_ax2", [2]), c("nms_half", [0.5], TensorProto.FLOAT)
    g.initializer.extend([
        helper.make_tensor("nms_max", TensorProto.INT64, [1], [MAX_PER_CLASS]),
        helper.make_tensor("nms_iou", TensorProto.FLOAT, [1], [IOU_THRESHOLD]),
        helper.make_tensor("nms_thr", TensorProto.FLOAT, [1], [SCORE_THRESHOLD]),
        helper.make_tensor("nms_col1", TensorProto.INT64, [1], [1]),
        helper.make_tensor("nms_col2", TensorProto.INT64, [1], [2]),
    ])
    nodes = [
        helper.make_node("Slice", [y, "nms_s0", "nms_s2", "nms_ax2"], ["nms_xy"]),
        helper.make_node("Slice", [y, "nms_s2", "nms_s4", "nms_ax2"], ["nms_wh"]),
        helper.make_node("Slice", [y, "nms_s4", "nms_s5", "nms_ax2"], ["nms_obj"]),
        helper.make_node("Slice", [y, "nms_s5", "nms_end", "nms_ax2"], ["nms_cls"]),
        helper.make_node("Mul", ["nms_wh", "nms_half"], ["nms_hwh"]),
        helper.make_node("Sub", ["nms_xy", "nms_hwh"], ["nms_p1"]),
        helper.make_node("Add", ["nms_xy", "nms_hwh"], ["nms_p2"]),
        helper.make_node("Concat", ["nms_p1", "nms_p2"], ["nms_boxes"], axis=2),  # [1, N, 4]
        helper.make_node("Mul", ["nms_cls", "nms_obj"], ["nms_sc"]),  # [1, N, nc]
        helper.make_node("ReduceMax", ["nms_sc"], ["nms_best"], axes=[2], keepdims=1),
        helper.make_node("GreaterOrEqual", ["nms_sc", "nms_best"], ["nms_isbest"]),
        helper.make_node("Cast", ["nms_isbest"], ["nms_mask"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["nms_sc", "nms_mask"], ["nms_sc1"]),  # scores of the best class only
        helper.make_node("Transpose", ["nms_sc1"], ["nms_scT"], perm=[0, 2, 1]),  # [1, nc, N]
        helper.make_node("NonMaxSuppression", ["nms_boxes", "nms_scT", "nms_max", "nms_iou", "nms_thr"],
                         ["nms_sel"], center_point_box=0),  # [K, 3] = batch, class, box
        helper.make_node("Gather", ["nms_sel", "nms_col1"], ["nms_selc"], axis=1),  # [K, 1]
        helper.make_node("Gather", ["nms_sel", "nms_col2"], ["nms_selb"], axis=1),  # [K, 1]
        helper.make_node("Squeeze", ["nms_selb", "nms_col1"], ["nms_bi"]),  # [K]
        helper.make_node("Squeeze", ["nms_boxes", "nms_s0"], ["nms_boxes0"]),  # [N, 4]
        helper.make_node("Squeeze", ["nms_sc1", "nms_s0"], ["nms_sc0"]),  # [N, nc]
        helper.make_node("Gather", ["nms_boxes0", "nms_bi"], ["nms_kb"], axis=0),  # [K, 4]
        helper.make_node("Gather", ["nms_sc0", "nms_bi"], ["nms_ks"], axis=0),  # [K, nc]
        helper.make_node("ReduceMax", ["nms_ks"], ["nms_kscore"], axes=[1], keepdims=1),  # [K, 1]
        helper.make_node("Cast", ["nms_selc"], ["nms_kcls"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["nms_kb", "nms_kscore", "nms_kcls"], ["nms_rows"], axis=1),  # [K, 6]
        helper.make_node("Unsqueeze", ["nms_rows", "nms_s0"], ["output0_nms"]),  # [1, K, 6]
    ]
    g.node.extend(nodes)
    del g.output[:]
    g.output.append(helper.make_tensor_value_info("output0_nms", TensorProto.FLOAT, [1, "K", 6]))
    src = onnx.load(src_path)
    copy_metadata(src, m, "nms-in-graph")
    e = m.metadata_props.add()
    e.key, e.value = "nmsScoreThreshold", repr(SCORE_THRESHOLD)
    for p in m.metadata_props:
        if p.key == "layout":
            p.value = "end2end"
    onnx.checker.check_model(m)
    onnx.save(m, out)


def main() -> None:
    ap = argparse.ArgumentParser(description="fp16, int8 QDQ and NMS-in-graph variants of an exported model.")
    ap.add_argument("model")
    ap.add_argument("--out-dir", default="models")
    ap.add_argument("--stem", default=None, help="output name stem (default: the model's)")
    ap.add_argument("--calib", nargs="+", default=[], help="dataset folders for int8 calibration")
    ap.add_argument("--calib-n", type=int, default=64)
    ap.add_argument("--only", nargs="+", default=["fp16", "int8", "nms"])
    ap.add_argument("--decoded", default=None,
                    help="the same weights exported with decoded rows (export.py without --heads): the NMS "
                         "variant is built on them when the model is raw heads")
    args = ap.parse_args()
    stem = args.stem or os.path.basename(args.model)[:-5]
    size = onnx.load(args.model).graph.input[0].type.tensor_type.shape.dim[2].dim_value
    if "fp16" in args.only:
        to_fp16(args.model, os.path.join(args.out_dir, f"{stem}-fp16.onnx"))
    if "int8" in args.only:
        to_int8(args.model, os.path.join(args.out_dir, f"{stem}-int8.onnx"), calibration_images(args.calib, size, args.calib_n))
    if "nms" in args.only:
        with_nms(args.decoded or args.model, os.path.join(args.out_dir, f"{stem}-nms.onnx"))
    for v in args.only:
        p = os.path.join(args.out_dir, f"{stem}-{v}.onnx")
        print(f"{p}: {os.path.getsize(p)} bytes")


if __name__ == "__main__":
    main()
