"""Demo photos of real scenes (issue 10): one real photo without lights, one with lights composited in.

Both come from openly licensed photos of the Debian package lomiri-wallpapers-16.04
(see public/samples/README.md for authors and licences):

- ``real-1.jpg``: "seeding" by Clemens Engelhardt (CC0-1.0), dandelions against the sun, downscaled
  to 1280 px wide; no lights, so every box the model draws on it is a false one (empty labels);
- ``real-lights-1.jpg``: "Wine" by Jakub Mede (CC-BY-4.0), a room, dimmed to evening light, with
  strings of lights drawn by ``realscenes.render_lights`` at 9-20 px (at 416); labels are the
  rendered boxes.

    python3 tools/train/make_real_samples.py --out public/samples
"""
from __future__ import annotations

import argparse
import json
import os

import cv2
import numpy as np

import generator as g
from photo_sources import ROOT

PHOTOS = {
    "real-1": "x/lomiri-wallpapers-16.04/usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg",
    "real-lights-1": "x/lomiri-wallpapers-16.04/usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg",
}


def load(path: str, long_side: int) -> np.ndarray:
    im = cv2.cvtColor(cv2.imread(os.path.join(ROOT, path)), cv2.COLOR_BGR2RGB)
    h, w = im.shape[:2]
    k = long_side / max(h, w)
    return cv2.resize(im, (int(round(w * k)), int(round(h * k))), interpolation=cv2.INTER_AREA)


def write(out: str, name: str, img: np.ndarray, labels: np.ndarray, source: str) -> None:
    h, w = img.shape[:2]
    with open(os.path.join(out, name + ".jpg"), "wb") as f:
        f.write(g.encode_jpeg(img, 90))
    with open(os.path.join(out, name + ".txt"), "w") as f:
        f.write(g.to_yolo_lines(labels, w, h))
    boxes = [{"x1": round(float(x1), 2), "y1": round(float(y1), 2), "x2": round(float(x2), 2),
              "y2": round(float(y2), 2), "class": int(c), "label": g.CLASSES[int(c)]} for c, x1, y1, x2, y2 in labels]
    desc = {"image": name + ".jpg", "width": w, "height": h, "source": source, "classes": list(g.CLASSES),
            "boxes": boxes}
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(desc, f, indent=1)
    print(f"{name}.jpg {w}x{h}: {len(labels)} lights")


def with_lights(img: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Dims the photo to evening light and draws strings / clusters of lights (sizes in 416 units)."""
    rng = np.random.default_rng(seed)
    h, w = img.shape[:2]
    scale = max(w, h) / g.REF_SIZE
    f = (img.astype(np.float32) / 255.0) * 0.35
    scene = g.layout_scene(rng, w, h, scale, max_lights=80, median_range=(7.0, 12.0), size_range=(7.0, 24.0))
    for pts, col, width in scene.wires:
        cv2.polylines(f, [np.array(pts, np.int32).reshape(-1, 1, 2)], False, tuple(c / 255 for c in col), width,
                      cv2.LINE_AA)
    boxes = []
    for light in scene.lights:
        light.occlude = False
        g.render_light(f, light, scale)
        if light.cls >= 0 and light.has_core:
            hw, hh = light.half_extent()
            boxes.append((light.cls, light.cx - hw, light.cy - hh, light.cx + hw, light.cy + hh))
    labels = np.array(boxes, np.float32).reshape(-1, 5)
    labels[:, [1, 3]] = labels[:, [1, 3]].clip(0, w)
    labels[:, [2, 4]] = labels[:, [2, 4]].clip(0, h)
    u8 = (np.clip(f, 0, 1) * 255 + 0.5).astype(np.uint8)
    return u8, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="public/samples")
    ap.add_argument("--seed", type=int, default=8004)
    args = ap.parse_args()
    plain = load(PHOTOS["real-1"], 1280)
    write(args.out, "real-1", plain, np.zeros((0, 5), np.float32), PHOTOS["real-1"].split("/")[-1])
    img, labels = with_lights(load(PHOTOS["real-lights-1"], 1280), args.seed)
    write(args.out, "real-lights-1", img, labels, PHOTOS["real-lights-1"].split("/")[-1])


if __name__ == "__main__":
    main()
