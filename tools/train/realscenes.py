"""Real photographs as backgrounds: wrgb lights composited into them, and hard negatives.

Issue 10: a model trained on procedural backgrounds fires on windows, sky and white
cars in real photos. This writes a YOLO dataset (images/*.jpg, labels/*.txt,
square ``--size`` px, the layout ``dataset.py`` reads) from openly licensed photos
(Debian wallpaper packages, see ``photo_sources.py`` and models/README.md):

- a random crop of a photo (any scale, aspect, flip), colour / exposure jitter, and
  sometimes dimmed to a night scene (lights are mostly seen in dim rooms);
- with probability ``--p-lights``: lights laid out and rendered by ``generator.py``
  (scattered, clusters, strings, rings, LED grids; bloom, whitish cores), plus the
  realism the procedural scenes lack: glare streaks, unlabelled bokeh discs,
  over-exposure, and motion blur (the label box is stretched by the blur);
- otherwise the photo alone: a negative with an empty label file.

Image ``i`` uses seed ``seed * 1_000_000 + i``: reproducible given the same photos.

    python3 tools/train/realscenes.py --photos train --out tools/train/data/real-train --n 2000 --seed 11
"""
from __future__ import annotations

import argparse
import math
import os
from multiprocessing import Pool

import cv2
import numpy as np

import generator as g
from photo_sources import photo_paths

MAX_SIDE = 1800  # photos are decoded once per worker and downscaled to this (crops rarely need more)
_CACHE: dict[str, np.ndarray] = {}


def load_photo(path: str) -> np.ndarray:
    """RGB uint8, longest side <= MAX_SIDE, cached per process."""
    if path not in _CACHE:
        im = cv2.imread(path, cv2.IMREAD_COLOR)
        if im is None:
            raise OSError(f"cannot read {path}")
        h, w = im.shape[:2]
        k = MAX_SIDE / max(h, w)
        if k < 1:
            im = cv2.resize(im, (int(w * k), int(h * k)), interpolation=cv2.INTER_AREA)
        _CACHE[path] = cv2.cvtColor(im, cv2.COLOR_BGR2RGB)
    return _CACHE[path]


def photo_crop(rng: np.random.Generator, photo: np.ndarray, w: int, h: int, min_crop: float = 0.1) -> np.ndarray:
    """A random crop (``min_crop``-100 % of the photo's short side, log-uniform) resized to w x h, maybe mirrored."""
    H, W = photo.shape[:2]
    frac = math.exp(rng.uniform(math.log(min_crop), 0.0))
    ch = max(int(min(H, W * h / w) * frac), 8)
    cw = max(int(ch * w / h), 8)
    cw, ch = min(cw, W), min(ch, H)
    x0, y0 = int(rng.integers(0, W - cw + 1)), int(rng.integers(0, H - ch + 1))
    crop = photo[y0:y0 + ch, x0:x0 + cw]
    interp = cv2.INTER_AREA if cw > w else cv2.INTER_LINEAR
    out = cv2.resize(crop, (w, h), interpolation=interp)
    if rng.random() < 0.5:
        out = out[:, ::-1]
    return np.ascontiguousarray(out)


def photo_jitter(rng: np.random.Generator, img: np.ndarray, with_lights: bool) -> np.ndarray:
    """Float 0..1 image with exposure / saturation / tint jitter; dims it to a night scene sometimes."""
    f = img.astype(np.float32) / 255.0
    grey = f.mean(axis=2, keepdims=True)
    f = grey + (f - grey) * rng.uniform(0.5, 1.4)  # saturation
    f *= rng.uniform(0.85, 1.15, size=3).astype(np.float32)  # tint
    night = rng.random() < (0.5 if with_lights else 0.3)
    f *= rng.uniform(0.08, 0.5) if night else rng.uniform(0.7, 1.3)
    return np.clip(f, 0, 1)


def add_glare(rng: np.random.Generator, img: np.ndarray, l: g.Light) -> None:
    """Star-filter streaks through a light's centre (additive, unlabelled)."""
    h, w, _ = img.shape
    layer = np.zeros((h, w), np.float32)
    n = int(rng.choice([2, 3, 4]))
    length = max(l.rx, l.ry) * rng.uniform(3, 9)
    a0 = rng.uniform(0, math.pi)
    for k in range(n):
        a = a0 + math.pi * k / n
        dx, dy = math.cos(a) * length, math.sin(a) * length
        cv2.line(layer, (int(l.cx - dx), int(l.cy - dy)), (int(l.cx + dx), int(l.cy + dy)), 1.0, 1, cv2.LINE_AA)
    layer = cv2.GaussianBlur(layer, (0, 0), 0.8)
    img += layer[..., None] * l.color[None, None, :] * rng.uniform(0.2, 0.6)


def add_bokeh(rng: np.random.Generator, img: np.ndarray, n: int) -> None:
    """Out-of-focus discs (diameter 40-120 px, translucent, unlabelled): defocused lights, not bulbs."""
    h, w, _ = img.shape
    for _ in range(n):
        r = rng.uniform(20, 60)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        col = g.hsv_to_rgb(rng.uniform(0, 360), rng.uniform(0, 0.9), 1.0)
        layer = np.zeros((h, w), np.float32)
        cv2.circle(layer, (int(cx), int(cy)), int(r), 1.0, -1, cv2.LINE_AA)
        layer = cv2.GaussianBlur(layer, (0, 0), rng.uniform(1, 4))
        img += layer[..., None] * col[None, None, :] * rng.uniform(0.08, 0.3)


def add_drops(rng: np.random.Generator, img: np.ndarray, n: int) -> None:
    """Water drops (unlabelled hard negatives, issue 10: the held-out RainDrops / LadyBird photos
    drew most false boxes): a disc showing the background flipped and blurred (refraction), a
    darker rim, and a small white specular highlight off the centre, sometimes a fainter caustic
    opposite it. A bulb is a bright core with a coloured glow; a drop is a textured disc with a
    glint at its edge."""
    h, w, _ = img.shape
    light_dir = rng.uniform(0, 2 * math.pi)  # one light source per scene: glints share a side
    for _ in range(n):
        r = float(math.exp(rng.uniform(math.log(3), math.log(28))))
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        x0, y0 = int(max(cx - r - 2, 0)), int(max(cy - r - 2, 0))
        x1, y1 = int(min(cx + r + 3, w)), int(min(cy + r + 3, h))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        d = np.sqrt((xx - cx) ** 2 + ((yy - cy) * rng.uniform(0.8, 1.25)) ** 2) / r
        inside = np.clip((1.0 - d) * r, 0, 1)[..., None]  # anti-aliased disc mask
        patch = img[y0:y1, x0:x1]
        refr = cv2.GaussianBlur(np.ascontiguousarray(patch[::-1, ::-1]), (0, 0), max(r / 6, 0.5))
        rim = np.clip(1 - np.abs(d - 0.85) * 6, 0, 1)[..., None] * rng.uniform(0.2, 0.6)
        drop = refr * rng.uniform(0.7, 1.15) * (1 - rim)
        a = light_dir + rng.normal(0, 0.3)
        hx, hy = cx + math.cos(a) * r * rng.uniform(0.3, 0.6), cy + math.sin(a) * r * rng.uniform(0.3, 0.6)
        hr = max(r * rng.uniform(0.08, 0.25), 0.7)
        glint = np.exp(-((xx - hx) ** 2 + (yy - hy) ** 2) / (2 * hr * hr))[..., None]
        tint = 1.0 - rng.uniform(0, 0.15, size=3).astype(np.float32)
        drop = drop + glint * rng.uniform(0.7, 1.6) * tint
        if rng.random() < 0.5:
            cxx, cyy = cx - math.cos(a) * r * 0.55, cy - math.sin(a) * r * 0.55
            drop = drop + np.exp(-((xx - cxx) ** 2 + (yy - cyy) ** 2) / (2 * (hr * 1.8) ** 2))[..., None] * 0.3
        patch[:] = patch * (1 - inside) + drop * inside


def motion_blur(rng: np.random.Generator, img: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Linear camera-shake blur of 3-9 px; label boxes grow by the blur's extent."""
    length = int(rng.integers(3, 10))
    a = rng.uniform(0, math.pi)
    k = np.zeros((length, length), np.float32)
    c = (length - 1) / 2
    dx, dy = math.cos(a) * c, math.sin(a) * c
    cv2.line(k, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1.0, 1)
    k /= k.sum()
    out = cv2.filter2D(img, -1, k)
    if len(labels):
        ex, ey = abs(dx), abs(dy)
        labels[:, 1] -= ex
        labels[:, 3] += ex
        labels[:, 2] -= ey
        labels[:, 4] += ey
    return out


def render_lights(rng: np.random.Generator, img: np.ndarray, scale: float) -> np.ndarray:
    """Lays out and draws lights on ``img`` (float, in place); returns labels [n, 5] = cls x1 y1 x2 y2."""
    h, w, _ = img.shape
    max_lights = int(rng.choice([12, 40, 120, 200]))
    scene = g.layout_scene(rng, w, h, scale, max_lights=max_lights)
    if scene.wires:
        for pts, col, width in scene.wires:
            p = np.array(pts, np.int32).reshape(-1, 1, 2)
            cv2.polylines(img, [p], False, tuple(c / 255 for c in col), width, cv2.LINE_AA)
    boxes, drawn = [], []
    hot = rng.random() < 0.25  # over-exposed scene: brighter, whiter cores
    for i in rng.permutation(len(scene.lights)):
        l = scene.lights[i]
        if hot and l.has_core:
            l.intensity *= rng.uniform(1.2, 1.8)
            l.whiteness = max(l.whiteness, rng.uniform(0.4, 0.9))
            l.glow_amp *= 1.5
        g.render_light(img, l, scale)
        hw, hh = l.half_extent()
        box = (l.cx - hw, l.cy - hh, l.cx + hw, l.cy + hh)
        if l.cls < 0 or not l.has_core:
            if l.has_core:
                drawn.append(box)
            continue
        if l.occlude:
            trimmed = g.occlude_light(img, l, rng, drawn)
            if trimmed is not None:
                box = trimmed
        elif max(hw, hh) > 3 and rng.random() < 0.06:
            add_glare(rng, img, l)
        drawn.append(box)
        boxes.append((l.cls, *box))
    return np.array(boxes, np.float32).reshape(-1, 5)


def make_image(seed: int, photos: list[str], size: int, p_lights: float, effects: bool = True,
               min_crop: float = 0.1, p_drops: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """One square image (uint8), its labels [n, 5] in px, and its JPEG quality. ``effects``: False
    leaves out bokeh discs and motion blur (plain photos for a negatives test set). ``min_crop``:
    the smallest crop, as a fraction of the photo's short side; ``p_drops``: chance of water
    drops (``add_drops``) on the photo, under any lights."""
    rng = np.random.default_rng(seed + 0xBEEF)
    w = h = size
    if rng.random() < 0.25:  # a letterboxed non-square scene, as the element feeds it
        ar = [4 / 3, 16 / 9, 3 / 2][int(rng.integers(3))]
        w, h = size, int(round(size / ar))
        if rng.random() < 0.3:
            w, h = h, w
    photo = load_photo(photos[int(rng.integers(len(photos)))])
    with_lights = rng.random() < p_lights
    img = photo_jitter(rng, photo_crop(rng, photo, w, h, min_crop), with_lights)
    labels = np.zeros((0, 5), np.float32)
    if rng.random() < p_drops:
        add_drops(rng, img, int(rng.integers(3, 60)))
    if with_lights:
        labels = render_lights(rng, img, 1.0)
    if effects and rng.random() < 0.15:
        add_bokeh(rng, img, int(rng.integers(1, 8)))
    if effects and rng.random() < 0.12:
        img = motion_blur(rng, img, labels)
    u8 = g.camera(rng, np.clip(img, 0, 1), 1.0)
    if len(labels):
        labels[:, [1, 3]] = labels[:, [1, 3]].clip(0, w)
        labels[:, [2, 4]] = labels[:, [2, 4]].clip(0, h)
        keep = ((labels[:, 3] - labels[:, 1]) >= 1.5) & ((labels[:, 4] - labels[:, 2]) >= 1.5)
        labels = labels[keep]
    canvas = np.full((size, size, 3), g.PAD_VALUE, np.uint8)
    px, py = (size - w) // 2, (size - h) // 2
    canvas[py:py + h, px:px + w] = u8
    labels[:, [1, 3]] += px
    labels[:, [2, 4]] += py
    return canvas, labels, int(rng.integers(50, 96))


_PHOTOS: list[str] = []


def _init(photos: list[str]) -> None:
    global _PHOTOS
    _PHOTOS = photos


def _write_one(args: tuple[str, int, int, int, float, bool, float, float]) -> tuple[int, int]:
    out, index, seed, size, p_lights, effects, min_crop, p_drops = args
    img, labels, q = make_image(seed, _PHOTOS, size, p_lights, effects, min_crop, p_drops)
    name = f"{index:06d}"
    with open(os.path.join(out, "images", name + ".jpg"), "wb") as f:
        f.write(g.encode_jpeg(img, q))
    with open(os.path.join(out, "labels", name + ".txt"), "w") as f:
        f.write(g.to_yolo_lines(labels, size, size))
    return len(labels), int(len(labels) == 0)


def main() -> None:
    ap = argparse.ArgumentParser(description="Lights composited into real photos, and photo negatives (YOLO format).")
    ap.add_argument("--photos", required=True, help="photo split from photo_sources.py: train, train15 (the photos added in 1.5) or heldout")
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--p-lights", type=float, default=0.65, help="fraction of images with lights (others: negatives)")
    ap.add_argument("--plain", action="store_true", help="no bokeh discs or motion blur")
    ap.add_argument("--min-crop", type=float, default=0.1,
                    help="smallest crop (fraction of the short side); 0.5+ gives whole-photo-like scenes, "
                         "as the held-out false-box count sees them (issue 10)")
    ap.add_argument("--drops", type=float, default=0.0, help="fraction of images with water drops (unlabelled)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    photos = photo_paths(args.photos)
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "labels"), exist_ok=True)
    jobs = [(args.out, i, args.seed * 1_000_000 + i, args.size, args.p_lights, not args.plain, args.min_crop, args.drops)
            for i in range(args.n)]
    with Pool(args.workers, initializer=_init, initargs=(photos,)) as pool:
        res = pool.map(_write_one, jobs, chunksize=8)
    n_lights, n_neg = sum(r[0] for r in res), sum(r[1] for r in res)
    print(f"wrote {args.n} images from {len(photos)} photos: {n_lights} lights, {n_neg} without lights -> {args.out}")


if __name__ == "__main__":
    main()
