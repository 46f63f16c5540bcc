"""Makes the demo media in public/samples/ with the dataset generator.

* ``lights-N.jpg``  high-resolution photos (JPEG quality 90) with dozens of lights,
  most of them >= 7 px after letterboxing to 416 (>= ~21 px at 1280 px);
* ``lights-N.txt``  their labels in YOLO format (class cx cy w h, normalised);
* ``lights-N.json`` the same boxes in source pixels;
* ``lights-clip.mp4`` / ``lights-clip.webm``  a 6 s 640x360 clip at 20 fps:
  strings of LEDs that sway and chase, a turning ring, twinkling and moving
  lights, plus orange / yellow glows that are not lights (H.264 and VP9).

Photo seeds are searched from ``--seed`` upwards until a scene meets the
criteria (light count, sizes, darkness, file size): deterministic, so the same
command makes the same files.

    python3 tools/train/make_samples.py --out public/samples
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
from PIL import Image, ImageDraw

from generator import (CLASSES, Light, REF_SIZE, draw_matte_distractors, distractor_color, encode_jpeg, generate_scene,
                       hsv_to_rgb, light_color, make_background, render_light, sample_light, to_yolo_lines)

PHOTO_SIZES = ((1280, 960), (1600, 1200), (1280, 720), (960, 1280))
JPEG_QUALITY = 90
MAX_JPEG_BYTES = 400_000


def photo_ok(img: np.ndarray, labels: np.ndarray, jpeg: bytes) -> bool:
    """Dozens of lights, >= 90 % of them >= 7 px at 416, a darkish scene, a small file."""
    if not 30 <= len(labels) <= 160 or len(jpeg) > MAX_JPEG_BYTES:
        return False
    scale = REF_SIZE / max(img.shape[:2])
    side = np.maximum(labels[:, 3] - labels[:, 1], labels[:, 4] - labels[:, 2]) * scale
    return bool((side >= 7).mean() >= 0.9 and img.mean() < 100)


def make_photos(out: str, base_seed: int) -> list[dict]:
    """Writes lights-N.{jpg,txt,json}; returns their descriptions."""
    made = []
    seed = base_seed
    for n, (w, h) in enumerate(PHOTO_SIZES, start=1):
        while True:
            img, labels = generate_scene(seed, w, h, median_range=(9.0, 20.0), size_range=(7.0, 40.0), noise_max=0.012)
            jpeg = encode_jpeg(img, JPEG_QUALITY)
            seed += 1
            if photo_ok(img, labels, jpeg):
                break
        name = f"lights-{n}"
        with open(os.path.join(out, name + ".jpg"), "wb") as f:
            f.write(jpeg)
        with open(os.path.join(out, name + ".txt"), "w") as f:
            f.write(to_yolo_lines(labels, w, h))
        boxes = [{"x1": round(float(x1), 2), "y1": round(float(y1), 2), "x2": round(float(x2), 2),
                  "y2": round(float(y2), 2), "class": int(c), "label": CLASSES[int(c)]}
                 for c, x1, y1, x2, y2 in labels]
        desc = {"image": name + ".jpg", "width": w, "height": h, "seed": seed - 1, "classes": list(CLASSES),
                "boxes": boxes}
        with open(os.path.join(out, name + ".json"), "w") as f:
            head = json.dumps({k: v for k, v in desc.items() if k != "boxes"}, indent=2)[:-2]
            rows = ",\n".join("    " + json.dumps(b) for b in boxes)
            f.write(head + ',\n  "boxes": [\n' + rows + "\n  ]\n}\n")
        side = np.maximum(labels[:, 3] - labels[:, 1], labels[:, 4] - labels[:, 2]) * REF_SIZE / max(w, h)
        print(f"{name}.jpg {w}x{h} seed {seed - 1}: {len(labels)} lights, {len(jpeg) // 1024} KB, "
              f"size at 416: min {side.min():.1f} median {np.median(side):.1f} px")
        made.append({k: desc[k] for k in ("image", "width", "height", "seed")} | {"lights": len(labels)})
    return made


@dataclasses.dataclass
class Animated:
    """A light and how it moves / blinks: position(t) -> (x, y), level(t) -> 0..1."""

    light: Light
    position: object
    level: object


def make_clip_frames(seed: int, w: int, h: int, fps: int, seconds: float) -> list[np.ndarray]:
    """Renders the clip's frames (uint8 RGB)."""
    rng = np.random.default_rng(seed)
    scale = max(w, h) / REF_SIZE
    bg = make_background(rng, w, h, scale)
    bg = Image.fromarray((np.asarray(bg, dtype=np.float32) * 0.45).astype(np.uint8))  # night
    draw_matte_distractors(rng, bg, scale, 5)
    items: list[Animated] = []
    strings = []
    # strings of LEDs: catenaries that sway, chase patterns
    for k in range(3):
        x0, x1 = rng.uniform(-0.05, 0.15) * w, rng.uniform(0.85, 1.05) * w
        y0, y1 = rng.uniform(0.1, 0.75) * h, rng.uniform(0.1, 0.75) * h
        count = int(rng.integers(12, 19))
        sag0, amp, freq, ph = rng.uniform(0.05, 0.15) * h, rng.uniform(4, 10), rng.uniform(0.2, 0.45), rng.uniform(0, 6.3)
        pattern = rng.permutation(4)[: int(rng.integers(2, 5))]
        d = rng.uniform(12, 17)
        chase = rng.uniform(0.6, 1.4)

        def pos(t: float, i: int, x0=x0, x1=x1, y0=y0, y1=y1, count=count, sag0=sag0, amp=amp, freq=freq, ph=ph):
            u = (i + 0.5) / count
            sag = sag0 + amp * math.sin(2 * math.pi * freq * t + ph)
            return x0 + u * (x1 - x0), y0 + u * (y1 - y0) + 4 * sag * u * (1 - u)

        def level(t: float, i: int, chase=chase, n=len(pattern)):
            return 1.0 if (int(t * chase * 4) - i) % (n + 1) != 0 else 0.1

        strings.append((pos, count))
        for i in range(count):
            cls = int(pattern[i % len(pattern)])
            light = sample_light(rng, 0, 0, d, cls, scale)
            items.append(Animated(light, lambda t, i=i, p=pos: p(t, i), lambda t, i=i, lv=level: lv(t, i)))
    # a turning ring
    cx, cy, rad, count = rng.uniform(0.3, 0.7) * w, rng.uniform(0.35, 0.65) * h, 0.17 * h, 14
    for i in range(count):
        light = sample_light(rng, 0, 0, 11.0, [1, 2, 3, 0][i % 4], scale)
        items.append(Animated(
            light,
            lambda t, i=i: (cx + rad * math.cos(2 * math.pi * (i / count + 0.12 * t)),
                            cy + rad * math.sin(2 * math.pi * (i / count + 0.12 * t))),
            lambda t: 1.0))
    # twinkling scattered lights
    for _ in range(12):
        x, y = rng.uniform(0.03, 0.97) * w, rng.uniform(0.05, 0.95) * h
        f, ph = rng.uniform(0.3, 1.2), rng.uniform(0, 6.3)
        light = sample_light(rng, 0, 0, rng.uniform(10, 22), int(rng.integers(4)), scale)
        items.append(Animated(light, lambda t, x=x, y=y: (x, y),
                              lambda t, f=f, ph=ph: 0.15 + 0.85 * (0.5 + 0.5 * math.sin(2 * math.pi * f * t + ph)) ** 2))
    # moving lights (Lissajous paths)
    for _ in range(3):
        ax, ay, fx, fy, ph = rng.uniform(0.2, 0.4) * w, rng.uniform(0.2, 0.4) * h, rng.uniform(0.05, 0.15), \
            rng.uniform(0.08, 0.2), rng.uniform(0, 6.3)
        light = sample_light(rng, 0, 0, rng.uniform(12, 20), int(rng.integers(4)), scale)
        items.append(Animated(light, lambda t, ax=ax, ay=ay, fx=fx, fy=fy, ph=ph: (
            w / 2 + ax * math.sin(2 * math.pi * fx * t + ph), h / 2 + ay * math.sin(2 * math.pi * fy * t)),
            lambda t: 1.0))
    # glows that are not lights: orange / yellow / purple blobs, and soft big glows
    statics = []
    for _ in range(5):
        light = sample_light(rng, rng.uniform(0, w), rng.uniform(0, h), rng.uniform(10, 30), 0, scale,
                             distractor_color(rng))
        light.cls = -1
        statics.append(light)
    for _ in range(2):
        light = sample_light(rng, rng.uniform(0, w), rng.uniform(0, h), 90 * scale, 0, scale,
                             hsv_to_rgb(rng.uniform(0, 360), 0.5, 1.0))
        light.cls, light.has_core, light.glow_amp, light.glow_sigma = -1, False, 0.25, 40 * scale
        statics.append(light)

    base = np.asarray(bg, dtype=np.float32) / 255.0
    for light in statics:
        render_light(base, light, scale)
    base_u8 = Image.fromarray((np.clip(base, 0, 1) * 255 + 0.5).astype(np.uint8))
    frames = []
    noise_rng = np.random.default_rng(seed + 1)
    for f in range(int(round(seconds * fps))):
        t = f / fps
        pil = base_u8.copy()
        draw = ImageDraw.Draw(pil)
        for pos, count in strings:
            pts = [pos(t, i - 0.5) for i in range(count + 2)]
            draw.line(pts, fill=(25, 22, 20), width=2)
        img = np.asarray(pil, dtype=np.float32) / 255.0
        img = np.array(img)
        for it in items:
            x, y = it.position(t)
            k = it.level(t)
            l = dataclasses.replace(it.light, cx=x, cy=y, intensity=it.light.intensity * max(k, 0.3),
                                    glow_amp=it.light.glow_amp * k * k, whiteness=it.light.whiteness * k)
            render_light(img, l, scale)
        img += noise_rng.normal(0, 0.004, size=img.shape).astype(np.float32)
        frames.append((np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8))
    return frames


def encode_clip(frames: list[np.ndarray], fps: int, out_base: str) -> None:
    """H.264 MP4 (yuv420p, +faststart) and VP9 WebM with ffmpeg, from raw RGB frames."""
    h, w, _ = frames[0].shape
    with tempfile.NamedTemporaryFile(suffix=".rgb", delete=False) as tmp:
        for fr in frames:
            tmp.write(fr.tobytes())
        raw = tmp.name
    src = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", raw]
    common = ["ffmpeg", "-y", "-loglevel", "error"]
    try:
        subprocess.run(common + src + ["-c:v", "libx264", "-preset", "slow", "-crf", "23", "-pix_fmt", "yuv420p",
                                       "-movflags", "+faststart", "-an", out_base + ".mp4"], check=True)
        subprocess.run(common + src + ["-c:v", "libvpx-vp9", "-crf", "36", "-b:v", "0", "-pix_fmt", "yuv420p",
                                       "-deadline", "good", "-cpu-used", "2", "-row-mt", "1", "-an",
                                       out_base + ".webm"], check=True)
    finally:
        os.unlink(raw)


def main() -> None:
    ap = argparse.ArgumentParser(description="Make the sample photos and clip of public/samples.")
    ap.add_argument("--out", default="public/samples")
    ap.add_argument("--seed", type=int, default=7000, help="first photo seed tried")
    ap.add_argument("--clip-seed", type=int, default=9001)
    ap.add_argument("--fps", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--no-clip", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    photos = make_photos(args.out, args.seed)
    info = {"photos": photos, "generator": "tools/train/generator.py", "photo_seed_start": args.seed}
    if not args.no_clip:
        frames = make_clip_frames(args.clip_seed, 640, 360, args.fps, args.seconds)
        encode_clip(frames, args.fps, os.path.join(args.out, "lights-clip"))
        info["clip"] = {"seed": args.clip_seed, "width": 640, "height": 360, "fps": args.fps,
                        "seconds": args.seconds, "frames": len(frames)}
        for ext in ("mp4", "webm"):
            print(f"lights-clip.{ext}: {os.path.getsize(os.path.join(args.out, 'lights-clip.' + ext)) // 1024} KB")
    print(json.dumps(info))


if __name__ == "__main__":
    main()
