"""Averages the EMA weights of two checkpoints trained from the same start (a "model soup") into a
checkpoint that export.py and evaluate.py read like any other. Version 1.7 of the shipped model is
such an average (models/README.md, "Training data").

    python3 tools/train/soup.py runs/a/best.pt runs/b/last.pt runs/soup.pt
"""
from __future__ import annotations

import argparse

import torch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("out")
    args = ap.parse_args()
    a = torch.load(args.a, map_location="cpu")
    b = torch.load(args.b, map_location="cpu")
    if a["config"]["channels"] != b["config"]["channels"] or a["config"]["depth"] != b["config"]["depth"]:
        raise SystemExit("the two checkpoints are not the same network")
    # integer buffers (BatchNorm's batch counters) are taken from the first checkpoint
    ema = {k: (v + b["ema"][k]) / 2 if v.is_floating_point() else v for k, v in a["ema"].items()}
    torch.save({**a, "ema": ema, "model": ema, "soup": [args.a, args.b]}, args.out)
    print(f"average of {args.a} and {args.b} -> {args.out}")


if __name__ == "__main__":
    main()
