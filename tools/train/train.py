"""Trains LightsNet on a pre-generated wrgb dataset, on CPU, within a time budget.

The learning rate follows a linear warm-up and a cosine decay over a time
budget (``--minutes``). By default the budget is measured in CPU time of the
process divided by the thread count (``--clock cpu``): about the wall time the
run takes on an idle machine, and independent of other load on a shared one
(there, wall time is longer but the run does the same work). ``--clock wall``
uses wall time instead. Steps, CPU and wall minutes are logged and stored.
An EMA of the weights is the model that is evaluated and exported.

    python3 tools/train/train.py --data tools/train/data/train --val tools/train/data/val \\
        --out tools/train/runs/wrgb --minutes 60
    # continue a stopped run (same arguments + --resume)
    python3 tools/train/train.py ... --resume
"""
from __future__ import annotations

import argparse
import copy
import warnings
import json
import math
import os
import time

import numpy as np
import torch

from dataset import LightsDataset
from evaluate import evaluate_dataset
from loss import YoloLoss
from model import LightsNet, count_parameters, load_anchors


class ModelEMA:
    """Exponential moving average of weights (and BN buffers), YOLOv5-style ramped decay."""

    def __init__(self, model: torch.nn.Module, decay: float = 0.998, tau: float = 300.0, updates: int = 0):
        self.ema = copy.deepcopy(model).eval()
        self.decay, self.tau, self.updates = decay, tau, updates
        for p in self.ema.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        msd = model.state_dict()
        for k, v in self.ema.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)
            else:
                v.copy_(msd[k])


def param_groups(model: torch.nn.Module, wd: float) -> list[dict]:
    """Weight decay on conv weights only (not on BN parameters and biases)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (decay if p.ndim == 4 else no_decay).append(p)
    return [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]


def lr_at(progress: float, step: int, lr0: float, warmup: int, final: float) -> float:
    """Linear warm-up over ``warmup`` steps, then cosine from lr0 to lr0 * final over the time budget."""
    cos = final + (1 - final) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
    return lr0 * cos * min(1.0, (step + 1) / warmup)


def save(path: str, state: dict) -> None:
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description="Train the wrgb light detector on CPU.")
    ap.add_argument("--data", default=["tools/train/data/train"], nargs="+", help="one or more dataset folders (pooled)")
    ap.add_argument("--val", default=["tools/train/data/val"], nargs="+",
                    help="one or more validation folders (pooled, each limited to --val-limit)")
    ap.add_argument("--out", default="tools/train/runs/wrgb")
    ap.add_argument("--anchors", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "anchors.json"))
    ap.add_argument("--minutes", type=float, default=60.0, help="training budget, see --clock")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="cpu: process CPU time / threads (idle-machine minutes); wall: wall-clock time")
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--crop", type=int, default=320, help="random square crop of the 416 images")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--final-lr", type=float, default=0.02, help="final lr as a fraction of --lr")
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--warmup", type=int, default=200, help="warm-up steps")
    ap.add_argument("--channels", type=int, nargs=4, default=[16, 32, 64, 128], help="widths at strides 2/4/8/16")
    ap.add_argument("--depth", type=int, nargs=3, default=[1, 2, 2])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N training images")
    ap.add_argument("--val-limit", type=int, default=100, help="validation images for periodic checks")
    ap.add_argument("--val-every", type=float, default=10.0, help="minutes between validations")
    ap.add_argument("--ckpt-every", type=float, default=3.0, help="minutes between checkpoints")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", default=None, help="start from this checkpoint's weights (warmstart.py), not from scratch")
    ap.add_argument("--zoom", type=float, default=1.0, help="some crops up to this x larger, downscaled (see dataset.py)")
    ap.add_argument("--zoom-p", type=float, default=0.5, help="the fraction of crops --zoom applies to")
    ap.add_argument("--box-gain", type=float, default=0.05, help="weight of the box (CIoU) loss")
    ap.add_argument("--val-size", type=int, default=None, help="downscale validation images to this input size")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore", message="The value of the smallest subnormal")
    torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    anchors = load_anchors(args.anchors)
    config = {"anchors": anchors, "channels": args.channels, "depth": args.depth, "strides": [4, 8, 16],
              "bs": args.bs, "crop": args.crop, "lr": args.lr, "final_lr": args.final_lr, "wd": args.wd,
              "warmup": args.warmup, "minutes": args.minutes, "seed": args.seed, "optimizer": "AdamW",
              "data": [os.path.abspath(d) for d in args.data], "init": args.init, "zoom": args.zoom,
              "zoom_p": args.zoom_p, "box_gain": args.box_gain,
              "val_size": args.val_size}
    model = LightsNet(nc=4, anchors=anchors, channels=tuple(args.channels), depth=tuple(args.depth))
    opt = torch.optim.AdamW(param_groups(model, args.wd), lr=args.lr, betas=(0.9, 0.999))
    if args.init and not args.resume:
        model.load_state_dict(torch.load(args.init, map_location="cpu")["model"])
        print(f"weights from {args.init}", flush=True)
    ema = ModelEMA(model)
    loss_fn = YoloLoss(model, box=args.box_gain)
    rng = np.random.default_rng(args.seed)
    step, elapsed, wall, best, history = 0, 0.0, 0.0, -1.0, []
    last_path, best_path = os.path.join(args.out, "last.pt"), os.path.join(args.out, "best.pt")
    if args.resume and os.path.exists(last_path):
        ck = torch.load(last_path, map_location="cpu")
        model.load_state_dict(ck["model"])
        ema.ema.load_state_dict(ck["ema"])
        ema.updates = ck["ema_updates"]
        opt.load_state_dict(ck["optimizer"])
        step, elapsed, best, history = ck["step"], ck["elapsed"], ck["best"], ck["history"]
        wall = ck.get("wall", elapsed)
        rng.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed from {last_path}: step {step}, {elapsed / 60:.1f} min done", flush=True)

    print(f"params {count_parameters(model)}; loading data...", flush=True)
    t0 = time.time()
    train = LightsDataset(args.data, limit=args.limit)
    val = LightsDataset(args.val, limit=args.val_limit) if args.val else None
    if val is not None and args.val_size:
        val.resize_to(args.val_size)
    print(f"{len(train)} train images, {len(val) if val else 0} val images loaded in {time.time() - t0:.0f} s",
          flush=True)

    def state() -> dict:
        return {"model": model.state_dict(), "ema": ema.ema.state_dict(), "ema_updates": ema.updates,
                "optimizer": opt.state_dict(), "step": step, "elapsed": elapsed, "wall": wall, "best": best,
                "history": history, "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                "config": config, "images_seen": step * args.bs}

    def validate() -> float:
        res = evaluate_dataset(ema.ema, val, bands={">=6": (6.0, float("inf"))}, conf=0.001)
        v6 = res["per_size_band"][">=6"]["map50"]
        history.append({"step": step, "minutes": round(elapsed / 60, 2), "map50": res["map50"],
                        "map5095": res["map5095"], "map50_ge6": v6})
        print(f"[val] step {step} {elapsed / 60:.1f} min: mAP@0.5 {res['map50']:.4f} mAP@0.5:0.95 "
              f"{res['map5095']:.4f} mAP@0.5(>=6px) {v6:.4f}", flush=True)
        return res["map50"]

    budget = args.minutes * 60
    last_ckpt = last_val = elapsed
    mean = torch.zeros(3)
    model.train()
    clock = time.time if args.clock == "wall" else (lambda: time.process_time() / args.threads)
    t_prev, w_prev = clock(), time.time()
    n_log = 0
    while elapsed < budget:
        lr = lr_at(elapsed / budget, step, args.lr, args.warmup, args.final_lr)
        for g in opt.param_groups:
            g["lr"] = lr
        x, targets = train.batch(rng, args.bs, args.crop, zoom=args.zoom, zoom_p=args.zoom_p)
        preds = model(x)
        loss, parts = loss_fn(preds, targets)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        ema.update(model)
        step += 1
        now, w_now = clock(), time.time()
        elapsed += now - t_prev
        wall += w_now - w_prev
        t_prev, w_prev = now, w_now
        mean += parts
        n_log += 1
        if step % 25 == 0:
            m = mean / n_log
            print(f"step {step} {elapsed / 60:.1f}/{args.minutes:.0f} min ({args.clock}; wall {wall / 60:.1f}) "
                  f"lr {lr:.2e} loss box {m[0]:.4f} obj {m[1]:.4f} cls {m[2]:.4f}", flush=True)
            mean.zero_()
            n_log = 0
        if val is not None and elapsed - last_val >= args.val_every * 60:
            score = validate()
            model.train()
            if score > best:
                best = score
                save(best_path, state())
            last_val = elapsed
            t_prev = clock()  # validation time does not count as training time (it does as wall time)
        if elapsed - last_ckpt >= args.ckpt_every * 60:
            save(last_path, state())
            last_ckpt = elapsed
            t_prev = clock()
    if val is not None and (not history or history[-1]["step"] != step):
        score = validate()
        if score >= best:
            best = score
            save(best_path, state())
    save(last_path, state())
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump({"steps": step, "images_seen": step * args.bs, "train_minutes": elapsed / 60, "clock": args.clock,
                   "wall_minutes": wall / 60, "best_val_map50": best,
                   "history": history, "config": config, "params": count_parameters(model)}, f, indent=2)
    print(f"done: {step} steps, {elapsed / 60:.1f} min ({args.clock}), wall {wall / 60:.1f} min, "
          f"best val mAP@0.5 {best:.4f}", flush=True)


if __name__ == "__main__":
    main()
