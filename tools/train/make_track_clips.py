"""Makes clips of moving lights with ground-truth tracks, for the tracker's evaluation and the demo.

Every clip (640x360, 20 fps, H.264 MP4; ``--webm`` adds VP9) mixes what makes tracking hard:

* pairs of lights that cross (head-on or at an angle), mostly of different colours, one of the same;
* dark posts the lights pass behind, hiding them for about 5 to 15 frames;
* lights that switch off for 5 to 15 frames and come back;
* lights entering and leaving through the frame edges at different times; a few static ones.

Next to ``NAME.mp4`` goes ``NAME.json``: ``{width, height, fps, objects: [{id, cls, kind}], frames:
[[[id, cls, x1, y1, x2, y2], ...], ...]}`` with, per frame, the visible lights' core boxes (the
generator's label convention) trimmed by the posts and the frame edges; a light less than half
visible is left out of that frame. Deterministic for a seed.

    python3 tools/train/make_track_clips.py --out bench-output/track-clips --seeds 1 2 3
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import subprocess
import tempfile

import numpy as np
from PIL import Image

from generator import REF_SIZE, draw_matte_distractors, make_background, render_light, sample_light

W, H, FPS = 640, 360, 20


@dataclasses.dataclass
class Mover:
    """A light, its path (frame -> centre) and the frames it is switched off."""

    id: int
    cls: int
    kind: str
    light: object
    path: object
    off: tuple[tuple[int, int], ...] = ()

    def on(self, f: int) -> bool:
        return not any(a <= f < b for a, b in self.off)


def visible_box(box: tuple[float, float, float, float], posts: list[tuple[float, float]]) -> tuple | None:
    """The part of ``box`` not hidden by posts (full-height x ranges) or the frame edges, if >= half."""
    x1, y1, x2, y2 = box
    pieces = [(max(x1, 0.0), min(x2, float(W)))]
    for a, b in posts:
        nxt = []
        for p, q in pieces:
            if b <= p or a >= q:
                nxt.append((p, q))
                continue
            if a > p:
                nxt.append((p, a))
            if b < q:
                nxt.append((b, q))
        pieces = nxt
    if not pieces:
        return None
    p, q = max(pieces, key=lambda r: r[1] - r[0])
    cy1, cy2 = max(y1, 0.0), min(y2, float(H))
    if q - p < 0.5 * (x2 - x1) or cy2 - cy1 < 0.5 * (y2 - y1) or q - p < 3 or cy2 - cy1 < 3:
        return None
    return (p, cy1, q, cy2)


def make_movers(rng: np.random.Generator, frames: int, scale: float, posts: list[tuple[float, float]]) -> list[Mover]:
    movers: list[Mover] = []

    def add(cls: int, kind: str, path, d: float | None = None, off=()):
        light = sample_light(rng, 0, 0, d if d is not None else rng.uniform(11, 17), cls, scale)
        light.whiteness = min(light.whiteness, 0.3)  # keep the colour readable: crossings are about colour
        movers.append(Mover(len(movers) + 1, cls, kind, light, path, tuple(off)))

    # crossing pairs: meet at (cx, cy) at frame fc, head-on or at an angle
    for k in range(4):
        cx, cy = rng.uniform(0.25, 0.75) * W, rng.uniform(0.25, 0.75) * H
        fc = rng.uniform(0.25, 0.75) * frames
        theta = rng.uniform(0, 2 * math.pi)
        turn = math.pi if k % 2 == 0 else rng.uniform(0.4, 1.2) * math.pi
        s1, s2 = rng.uniform(2.0, 3.5), rng.uniform(2.0, 3.5)
        c1 = int(rng.integers(4))
        c2 = c1 if k == 3 else int((c1 + rng.integers(1, 4)) % 4)
        for cls, ang, s in ((c1, theta, s1), (c2, theta + turn, s2)):
            add(cls, "crossing", lambda f, cx=cx, cy=cy, fc=fc, a=ang, s=s: (cx + s * (f - fc) * math.cos(a), cy + s * (f - fc) * math.sin(a)))
    # horizontal travellers: enter at one side at a random time, pass behind the posts, leave
    for k in range(5):
        y = rng.uniform(0.12, 0.88) * H
        s = rng.uniform(2.5, 4.5) * (1 if k % 2 == 0 else -1)
        f0 = rng.uniform(-0.2, 0.6) * frames
        x0 = -20.0 if s > 0 else W + 20.0
        add(int(rng.integers(4)), "traveller", lambda f, x0=x0, y=y, s=s, f0=f0: (x0 + s * (f - f0), y + 6 * math.sin(f / 23.0)))
    # blinkers: slow drift, switched off once or twice for 5-15 frames
    for _ in range(3):
        x, y = rng.uniform(0.1, 0.9) * W, rng.uniform(0.1, 0.9) * H
        vx, vy = rng.uniform(-0.6, 0.6), rng.uniform(-0.4, 0.4)
        off = []
        for _ in range(int(rng.integers(1, 3))):
            a = int(rng.uniform(0.1, 0.85) * frames)
            off.append((a, a + int(rng.integers(5, 16))))
        add(int(rng.integers(4)), "blinker", lambda f, x=x, y=y, vx=vx, vy=vy: (x + vx * f, y + vy * f), off=off)
    # static lights away from the posts
    for _ in range(3):
        while True:
            x = rng.uniform(0.05, 0.95) * W
            if all(x + 15 < a or x - 15 > b for a, b in posts):
                break
        y = rng.uniform(0.08, 0.92) * H
        add(int(rng.integers(4)), "static", lambda f, x=x, y=y: (x, y))
    return movers


def make_clip(seed: int, frames: int) -> tuple[list[np.ndarray], dict]:
    rng = np.random.default_rng(seed)
    scale = max(W, H) / REF_SIZE
    bg = make_background(rng, W, H, scale)
    bg = Image.fromarray((np.asarray(bg, dtype=np.float32) * 0.4).astype(np.uint8))
    draw_matte_distractors(rng, bg, scale, 4)
    base = np.asarray(bg, dtype=np.float32) / 255.0
    posts = sorted([(x, x + w) for x, w in ((rng.uniform(0.25, 0.35) * W, rng.uniform(28, 36)), (rng.uniform(0.62, 0.72) * W, rng.uniform(40, 50)))])
    post_shade = [rng.uniform(0.04, 0.12, size=3).astype(np.float32) for _ in posts]
    movers = make_movers(rng, frames, scale, posts)
    noise = np.random.default_rng(seed + 1)
    images, truth = [], []
    for f in range(frames):
        img = base.copy()
        rows = []
        for m in movers:
            x, y = m.path(f)
            light = dataclasses.replace(m.light, cx=x, cy=y)
            if not m.on(f):
                continue
            render_light(img, light, scale)
            hw, hh = light.half_extent()
            vis = visible_box((x - hw, y - hh, x + hw, y + hh), posts)
            if vis is not None:
                rows.append([m.id, m.cls, *(round(v, 2) for v in vis)])
        for (a, b), shade in zip(posts, post_shade):
            img[:, int(round(a)):int(round(b))] = shade
        img += noise.normal(0, 0.004, size=img.shape).astype(np.float32)
        images.append((np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8))
        truth.append(rows)
    meta = {"width": W, "height": H, "fps": FPS, "seed": seed, "posts": [[round(a, 2), round(b, 2)] for a, b in posts],
            "objects": [{"id": m.id, "cls": m.cls, "kind": m.kind} for m in movers], "frames": truth}
    return images, meta


def encode(images: list[np.ndarray], out_base: str, webm: bool) -> None:
    with tempfile.NamedTemporaryFile(suffix=".rgb", delete=False) as tmp:
        for fr in images:
            tmp.write(fr.tobytes())
        raw = tmp.name
    src = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", str(FPS), "-i", raw]
    common = ["ffmpeg", "-y", "-loglevel", "error"]
    try:
        subprocess.run(common + src + ["-c:v", "libx264", "-preset", "slow", "-crf", "21", "-pix_fmt", "yuv420p",
                                       "-movflags", "+faststart", "-an", out_base + ".mp4"], check=True)
        if webm:
            subprocess.run(common + src + ["-c:v", "libvpx-vp9", "-crf", "34", "-b:v", "0", "-pix_fmt", "yuv420p",
                                           "-deadline", "good", "-cpu-used", "2", "-row-mt", "1", "-an", out_base + ".webm"], check=True)
    finally:
        os.unlink(raw)


def main() -> None:
    ap = argparse.ArgumentParser(description="Clips of moving lights with ground-truth tracks.")
    ap.add_argument("--out", default="bench-output/track-clips")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--frames", type=int, default=240)
    ap.add_argument("--name", default="track-{seed}", help="file name pattern ({seed} is replaced)")
    ap.add_argument("--webm", action="store_true", help="also write a VP9 WebM")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for seed in args.seeds:
        images, meta = make_clip(seed, args.frames)
        base = os.path.join(args.out, args.name.format(seed=seed))
        encode(images, base, args.webm)
        with open(base + ".json", "w") as f:
            json.dump(meta, f, separators=(",", ":"))
        boxes = sum(len(r) for r in meta["frames"])
        print(f"{base}.mp4: {len(images)} frames, {len(meta['objects'])} lights, {boxes} visible boxes")


if __name__ == "__main__":
    main()
