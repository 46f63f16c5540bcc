"""Hard-negative mining (issue 10, round 3): the training photos without lights on which a model
still fires, as a training set of their own.

Runs an exported model (onnxruntime, the decoder's semantics, ``eval_onnx.py``) on every image of
one or more pools of light-free scenes (``realscenes.py --photos train --p-lights 0``), ranks them
by how strongly it fires (the sum of its kept scores above ``--conf``), and hard-links the worst
``--keep`` into a new YOLO folder with empty labels. Only training photos go in: the held-out
photos and ``../shared/fixtures`` are never mined.

    python3 tools/train/mine_negatives.py models/wrgb-416.onnx tools/train/data/negpool-a \\
        tools/train/data/negpool-b --out tools/train/data/neg-hard --keep 600
"""
from __future__ import annotations

import argparse
import json
import os

from PIL import Image

from eval_onnx import Runner


def main() -> None:
    ap = argparse.ArgumentParser(description="Hard negatives: light-free training scenes the model fires on.")
    ap.add_argument("model")
    ap.add_argument("pools", nargs="+", help="YOLO folders whose images have no lights (empty labels)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", type=int, default=600)
    ap.add_argument("--conf", type=float, default=0.1, help="scores above this count towards an image's rank")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    r = Runner(args.model, args.threads)
    ranked: list[tuple[float, int, str]] = []
    for pool in args.pools:
        folder = os.path.join(pool, "images")
        for name in sorted(os.listdir(folder)):
            label = os.path.join(pool, "labels", name.rsplit(".", 1)[0] + ".txt")
            if os.path.exists(label) and os.path.getsize(label) > 0:
                continue  # has lights: not a negative
            path = os.path.join(folder, name)
            d, *_ = r.run(Image.open(path).convert("RGB"), args.conf, 0.45)
            ranked.append((float(d["scores"].sum()), int((d["scores"] > 0.25).sum()), path))
    ranked.sort(key=lambda t: -t[0])
    kept = [t for t in ranked[: args.keep] if t[0] > 0]

    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "labels"), exist_ok=True)
    for i, (_, _, path) in enumerate(kept):
        dst = os.path.join(args.out, "images", f"{i:06d}.jpg")
        if os.path.exists(dst):
            os.remove(dst)
        os.link(path, dst)
        open(os.path.join(args.out, "labels", f"{i:06d}.txt"), "w").close()
    firing = sum(1 for t in ranked if t[1] > 0)
    summary = {"model": args.model, "pools": args.pools, "scanned": len(ranked), "firingAt025": firing,
               "falseBoxesAt025": sum(t[1] for t in ranked), "kept": len(kept),
               "keptFalseBoxesAt025": sum(t[1] for t in kept), "medianMs": sorted(r.ms)[len(r.ms) // 2] if r.ms else 0}
    json.dump(summary, open(os.path.join(args.out, "mining.json"), "w"), indent=2)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
