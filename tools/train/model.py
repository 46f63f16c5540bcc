"""A small YOLOv5-style detector for tiny lights: depthwise-separable CSP backbone,
PAN neck, and three anchor-based heads at strides 4, 8 and 16.

``Detect`` returns raw head maps while training and, after ``export_mode()``,
the standard YOLOv5 output: one tensor [1, N, 5 + nc] with rows
``cx, cy, w, h`` (input px), objectness and class probabilities, both sigmoid.
"""
from __future__ import annotations

import json
import math
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_STRIDES = (4, 8, 16)


def load_anchors(path: str = os.path.join(HERE, "anchors.json")) -> list[list[float]]:
    """Per-level anchors [[w0, h0, w1, h1, w2, h2], ...] in input px, from ``npm run anchors -- --json``."""
    with open(path) as f:
        levels = json.load(f)["levels"]
    return [[v for wh in level for v in wh] for level in levels]


class Conv(nn.Module):
    """Conv2d + BatchNorm + activation (LeakyReLU 0.1: onnxruntime fuses it into the conv)."""

    def __init__(self, c_in: int, c_out: int, k: int = 1, s: int = 1, groups: int = 1, act: bool = True):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, s, k // 2, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.03)
        self.act = nn.LeakyReLU(0.1, inplace=True) if act else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.bn(self.conv(x)))


class DWConv(nn.Module):
    """Depthwise 3x3 (stride s) followed by a pointwise 1x1: a depthwise-separable conv."""

    def __init__(self, c_in: int, c_out: int, s: int = 1):
        super().__init__()
        self.dw = Conv(c_in, c_in, 3, s, groups=c_in)
        self.pw = Conv(c_in, c_out, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pw(self.dw(x))


class Bottleneck(nn.Module):
    """Residual depthwise-separable block."""

    def __init__(self, c: int):
        super().__init__()
        self.body = DWConv(c, c)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class C3(nn.Module):
    """CSP block (YOLOv5 C3) with depthwise-separable bottlenecks."""

    def __init__(self, c_in: int, c_out: int, n: int = 1):
        super().__init__()
        c_ = c_out // 2
        self.cv1 = Conv(c_in, c_, 1)
        self.cv2 = Conv(c_in, c_, 1)
        self.m = nn.Sequential(*(Bottleneck(c_) for _ in range(n)))
        self.cv3 = Conv(2 * c_, c_out, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.cv3(torch.cat((self.m(self.cv1(x)), self.cv2(x)), 1))


class SPPF(nn.Module):
    """Spatial pyramid pooling (fast): context for the coarsest level."""

    def __init__(self, c: int, k: int = 5):
        super().__init__()
        c_ = c // 2
        self.cv1 = Conv(c, c_, 1)
        self.cv2 = Conv(c_ * 4, c, 1)
        self.pool = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.cv1(x)
        y1 = self.pool(x)
        y2 = self.pool(y1)
        return self.cv2(torch.cat((x, y1, y2, self.pool(y2)), 1))


class Detect(nn.Module):
    """YOLOv5 Detect head: 1x1 convs to na * (5 + nc) channels per level, and the decode."""

    def __init__(self, nc: int, anchors: list[list[float]], strides: tuple[int, ...], channels: tuple[int, ...]):
        super().__init__()
        self.nc, self.no, self.nl = nc, nc + 5, len(anchors)
        self.na = len(anchors[0]) // 2
        self.register_buffer("strides", torch.tensor(strides, dtype=torch.float32))
        a = torch.tensor(anchors, dtype=torch.float32).view(self.nl, self.na, 2)
        self.register_buffer("anchors_px", a)  # input px
        self.m = nn.ModuleList(nn.Conv2d(c, self.na * self.no, 1) for c in channels)
        self.export = False
        self.export_size: tuple[int, int] | None = None
        self._init_biases()

    def _init_biases(self) -> None:
        """YOLOv5-style priors: objectness ~ 8 objects per 640 image per level scaled for
        dense scenes, classes ~ uniform."""
        for conv, s in zip(self.m, self.strides.tolist()):
            b = conv.bias.view(self.na, -1)
            b.data[:, 4] += math.log(40 / (416 / s) ** 2)
            b.data[:, 5:] += math.log(0.6 / (self.nc - 0.99))

    def forward(self, xs: list[torch.Tensor]) -> list[torch.Tensor] | torch.Tensor:
        outs = []
        for i, x in enumerate(xs):
            x = self.m[i](x)
            bs, _, ny, nx = x.shape
            outs.append(x.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous())
        if not self.export:
            return outs
        return self.decode(outs)

    def decode(self, outs: list[torch.Tensor]) -> torch.Tensor:
        """Raw maps -> [bs, N, 5 + nc]: cx cy w h (input px), obj and classes (sigmoid)."""
        z = []
        for i, p in enumerate(outs):
            bs, na, ny, nx, no = p.shape
            stride = float(self.strides[i])
            yv, xv = torch.meshgrid(torch.arange(ny, dtype=torch.float32), torch.arange(nx, dtype=torch.float32),
                                    indexing="ij")
            grid = (torch.stack((xv, yv), 2).view(1, 1, ny, nx, 2) - 0.5) * stride
            anchor_grid = self.anchors_px[i].view(1, na, 1, 1, 2)
            y = p.sigmoid()
            xy = y[..., 0:2] * (2 * stride) + grid
            wh = (y[..., 2:4] * 2) ** 2 * anchor_grid
            z.append(torch.cat((xy, wh, y[..., 4:]), -1).view(bs, -1, no))
        return torch.cat(z, 1)


class LightsNet(nn.Module):
    """Backbone (strides 2..16) + PAN neck + Detect at strides 4, 8, 16.

    ``channels`` are the widths at strides 2, 4, 8, 16; ``depth`` the bottlenecks of
    the backbone stages at strides 4, 8, 16.
    """

    def __init__(self, nc: int = 4, anchors: list[list[float]] | None = None,
                 channels: tuple[int, int, int, int] = (16, 32, 64, 128), depth: tuple[int, int, int] = (1, 2, 2)):
        super().__init__()
        anchors = anchors if anchors is not None else load_anchors()
        c0, c1, c2, c3 = channels
        self.stem = Conv(3, c0, 3, 2)  # /2
        self.down1 = DWConv(c0, c1, 2)  # /4
        self.stage1 = C3(c1, c1, depth[0])
        self.down2 = DWConv(c1, c2, 2)  # /8
        self.stage2 = C3(c2, c2, depth[1])
        self.down3 = DWConv(c2, c3, 2)  # /16
        self.stage3 = nn.Sequential(C3(c3, c3, depth[2]), SPPF(c3))
        # top-down
        self.lat3 = Conv(c3, c2, 1)
        self.td2 = C3(2 * c2, c2, 1)
        self.lat2 = Conv(c2, c1, 1)
        self.td1 = C3(2 * c1, c1, 1)
        # bottom-up
        self.bu1 = DWConv(c1, c1, 2)
        self.pan2 = C3(2 * c1, c2, 1)
        self.bu2 = DWConv(c2, c2, 2)
        self.pan3 = C3(2 * c2, c3, 1)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.detect = Detect(nc, anchors, DEFAULT_STRIDES, (c1, c2, c3))

    def forward(self, x: torch.Tensor):
        p2 = self.stage1(self.down1(self.stem(x)))
        p3 = self.stage2(self.down2(p2))
        p4 = self.stage3(self.down3(p3))
        l3 = self.lat3(p4)
        n3 = self.td2(torch.cat((self.up(l3), p3), 1))
        l2 = self.lat2(n3)
        o2 = self.td1(torch.cat((self.up(l2), p2), 1))
        o3 = self.pan2(torch.cat((self.bu1(o2), l2), 1))
        o4 = self.pan3(torch.cat((self.bu2(o3), l3), 1))
        return self.detect([o2, o3, o4])


def fuse_conv_bn(model: nn.Module) -> nn.Module:
    """Folds every BatchNorm into its convolution (in place, for inference and export)."""
    for m in model.modules():
        if isinstance(m, Conv) and isinstance(m.bn, nn.BatchNorm2d):
            conv, bn = m.conv, m.bn
            std = (bn.running_var + bn.eps).sqrt()
            fused = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                              groups=conv.groups, bias=True)
            fused.weight.data = conv.weight.data * (bn.weight.data / std).view(-1, 1, 1, 1)
            fused.bias.data = bn.bias.data - bn.running_mean * bn.weight.data / std
            m.conv, m.bn = fused, nn.Identity()
    return model


def count_parameters(model: nn.Module) -> int:
    """Number of parameters (BatchNorm included, as in the PyTorch checkpoint)."""
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    import time

    torch.set_num_threads(2)
    anchors = [[3, 3, 5, 5, 7, 7], [9, 9, 12, 12, 16, 16], [21, 21, 28, 28, 38, 38]]
    import sys
    ch = tuple(int(v) for v in sys.argv[1].split(",")) if len(sys.argv) > 1 else (16, 32, 64, 128)
    dp = tuple(int(v) for v in sys.argv[2].split(",")) if len(sys.argv) > 2 else (1, 2, 2)
    m = LightsNet(anchors=anchors, channels=ch, depth=dp).eval()
    print("params", count_parameters(m))
    x = torch.rand(1, 3, 416, 416)
    with torch.no_grad():
        outs = m(x)
        print([tuple(o.shape) for o in outs])
        t = time.time()
        for _ in range(5):
            m(x)
        print("fwd ms", (time.time() - t) / 5 * 1000)
