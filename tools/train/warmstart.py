"""Recovers trainable PyTorch weights from an exported LightsNet ONNX file (warm start).

The export folds BatchNorm into each convolution (``z = W x + b``); training needs
the unfolded ``BN(W x)``. The conv weights are copied and every BatchNorm is set
from the statistics of its own input on a batch of real data: with mean ``mu`` and
variance ``var`` of ``W x``, ``gamma = sqrt(var + eps)``, ``beta = mu + b`` and
running stats ``mu`` / ``var`` make ``BN(W x) = W x + b`` exactly, in train mode
for that batch and in eval mode. One forward pass with pre-hooks does every layer in
order, so each layer sees the inputs the folded network would give it.

    python3 tools/train/warmstart.py --onnx models/wrgb-416.onnx --data tools/train/data/real-train \\
        --out tools/train/runs/init.pt
"""
from __future__ import annotations

import argparse
import copy
import json

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from dataset import LightsDataset
from model import Conv, LightsNet, fuse_conv_bn


def onnx_weights(path: str) -> tuple[dict[str, np.ndarray], dict]:
    m = onnx.load(path)
    meta = {p.key: p.value for p in m.metadata_props}
    return {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}, meta


@torch.no_grad()
def warm_model(path: str, x: torch.Tensor, channels: tuple[int, ...], depth: tuple[int, ...]) -> LightsNet:
    """A LightsNet (BatchNorm unfolded) equal to the ONNX file's network."""
    w, meta = onnx_weights(path)
    anchors = json.loads(meta["anchors"])
    model = LightsNet(nc=4, anchors=anchors, channels=channels, depth=depth)
    folded_bias: dict[int, torch.Tensor] = {}  # id(bn) -> folded conv bias
    for name, mod in model.named_modules():
        if isinstance(mod, Conv):
            mod.conv.weight.copy_(torch.from_numpy(w[f"{name}.conv.weight"]))
            folded_bias[id(mod.bn)] = torch.from_numpy(w[f"{name}.conv.bias"])
    for i, conv in enumerate(model.detect.m):
        conv.weight.copy_(torch.from_numpy(w[f"detect.m.{i}.weight"]))
        conv.bias.copy_(torch.from_numpy(w[f"detect.m.{i}.bias"]))

    def calibrate(bn: torch.nn.BatchNorm2d, inputs: tuple[torch.Tensor]) -> None:
        z = inputs[0]
        mu = z.mean(dim=(0, 2, 3))
        var = z.var(dim=(0, 2, 3), unbiased=False)
        bn.weight.copy_((var + bn.eps).sqrt())
        bn.bias.copy_(mu + folded_bias[id(bn)])
        bn.running_mean.copy_(mu)
        bn.running_var.copy_(var)

    hooks = [m.bn.register_forward_pre_hook(calibrate) for m in model.modules() if isinstance(m, Conv)]
    model.train()
    model(x)
    for h in hooks:
        h.remove()
    return model.eval()



def main() -> None:
    ap = argparse.ArgumentParser(description="Warm-start checkpoint from an exported LightsNet ONNX file.")
    ap.add_argument("--onnx", default="models/wrgb-416.onnx")
    ap.add_argument("--data", required=True, help="a dataset folder for the BatchNorm statistics")
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=48, help="images for the statistics")
    ap.add_argument("--channels", type=int, nargs=4, default=[16, 32, 64, 128])
    ap.add_argument("--depth", type=int, nargs=3, default=[1, 2, 2])
    args = ap.parse_args()
    torch.set_num_threads(2)
    ds = LightsDataset(args.data, limit=args.n)
    x = torch.from_numpy(ds.images).permute(0, 3, 1, 2).float().div(255.0)
    model = warm_model(args.onnx, x, tuple(args.channels), tuple(args.depth))
    # check: the fused copy reproduces the ONNX file's folded weights
    w, _ = onnx_weights(args.onnx)
    ref = fuse_conv_bn(copy.deepcopy(model))
    err = max(float(np.abs(p.detach().numpy() - w[k]).max()) for k, p in ref.state_dict().items() if k in w)
    print(f"max |fused - onnx| over initializers: {err:.2e}")
    config = {"anchors": model.detect.anchors_px.view(3, -1).tolist(), "channels": args.channels,
              "depth": args.depth, "strides": [4, 8, 16], "init": args.onnx}
    torch.save({"model": model.state_dict(), "config": config}, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
