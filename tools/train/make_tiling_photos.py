"""High-resolution photos of many small lights, for tiled inference (docs/contracts.md, contract 4).

Lights of 8 to 40 px in photos 1664 to 1920 px wide: shrunk to the model's
416 px input they are 2 to 10 px, where the shipped model loses most of them;
cut into input-sized tiles they keep their size.  Made with the dataset
generator (``generator.py``), so every photo is a function of its seed.

* ``--out DIR --count N``: the measurement set (``photo-NNN.{jpg,txt,json}``
  plus ``index.json``), alternating 1664x1248 and 1920x1080.  Used by
  ``npm run bench -- tiling``; keep it out of git (the default folder is
  ignored).
* ``--sample``: the demo's ``public/samples/small-lights-1920.{jpg,txt,json}``.

    python3 tools/train/make_tiling_photos.py --out bench-output/tiling-photos --count 24
    python3 tools/train/make_tiling_photos.py --sample
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np

from generator import CLASSES, REF_SIZE, encode_jpeg, generate_scene, to_yolo_lines

SIZES = ((1664, 1248), (1920, 1080))
LIGHT_PX = (8.0, 40.0)  # core diameter range in photo px
MEDIAN_PX = (10.0, 22.0)  # a scene's median light size, photo px
JPEG_QUALITY = 92


def make_photo(seed: int, w: int, h: int) -> tuple[np.ndarray, np.ndarray, bytes]:
    """One scene whose light sizes are given in photo px (the generator counts them at 416 px)."""
    to416 = REF_SIZE / max(w, h)
    img, labels = generate_scene(seed, w, h, max_lights=200,
                                 median_range=(MEDIAN_PX[0] * to416, MEDIAN_PX[1] * to416),
                                 size_range=(LIGHT_PX[0] * to416, LIGHT_PX[1] * to416), noise_max=0.015)
    return img, labels, encode_jpeg(img, JPEG_QUALITY)


def write(out: str, name: str, seed: int, img: np.ndarray, labels: np.ndarray, jpeg: bytes) -> dict:
    """Writes NAME.jpg, NAME.txt (YOLO labels) and NAME.json (boxes in photo px); returns its index entry."""
    h, w = img.shape[:2]
    with open(os.path.join(out, name + ".jpg"), "wb") as f:
        f.write(jpeg)
    with open(os.path.join(out, name + ".txt"), "w") as f:
        f.write(to_yolo_lines(labels, w, h))
    boxes = [{"x1": round(float(x1), 2), "y1": round(float(y1), 2), "x2": round(float(x2), 2),
              "y2": round(float(y2), 2), "class": int(c), "label": CLASSES[int(c)]} for c, x1, y1, x2, y2 in labels]
    desc = {"image": name + ".jpg", "width": w, "height": h, "seed": seed, "classes": list(CLASSES), "boxes": boxes}
    with open(os.path.join(out, name + ".json"), "w") as f:
        head = json.dumps({k: v for k, v in desc.items() if k != "boxes"}, indent=2)[:-2]
        rows = ",\n".join("    " + json.dumps(b) for b in boxes)
        f.write(head + ',\n  "boxes": [\n' + rows + "\n  ]\n}\n")
    side = np.maximum(labels[:, 3] - labels[:, 1], labels[:, 4] - labels[:, 2]) if len(labels) else np.zeros(1)
    print(f"{name}.jpg {w}x{h} seed {seed}: {len(labels)} lights, {len(jpeg) // 1024} KB, "
          f"light size min {side.min():.1f} median {np.median(side):.1f} max {side.max():.1f} px")
    return {"image": name + ".jpg", "width": w, "height": h, "seed": seed, "lights": len(labels)}


def make_set(out: str, count: int, base_seed: int) -> None:
    """The measurement set: `count` photos, sizes alternating, seeds base_seed, base_seed + 1, ..."""
    os.makedirs(out, exist_ok=True)
    index = []
    for k in range(count):
        w, h = SIZES[k % len(SIZES)]
        seed = base_seed + k
        img, labels, jpeg = make_photo(seed, w, h)
        index.append(write(out, f"photo-{k:03d}", seed, img, labels, jpeg))
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"generator": "tools/train/make_tiling_photos.py", "light_px": LIGHT_PX, "photos": index}, f, indent=1)


def make_sample(out: str, base_seed: int) -> None:
    """The demo photo: 1920x1080, the first seed from base_seed with 80-200 lights in a file under 900 kB."""
    seed = base_seed
    while True:
        img, labels, jpeg = make_photo(seed, 1920, 1080)
        if 80 <= len(labels) <= 200 and len(jpeg) <= 900_000 and img.mean() < 100:
            break
        seed += 1
    write(out, "small-lights-1920", seed, img, labels, jpeg)


def main() -> None:
    ap = argparse.ArgumentParser(description="High-resolution photos of many small lights (tiled inference).")
    ap.add_argument("--out", default="bench-output/tiling-photos")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--seed", type=int, default=31000, help="first seed (the sample searches from 32000)")
    ap.add_argument("--sample", action="store_true", help="write the demo photo to public/samples instead")
    args = ap.parse_args()
    if args.sample:
        make_sample("public/samples" if args.out == ap.get_default("out") else args.out, 32000)
    else:
        make_set(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
