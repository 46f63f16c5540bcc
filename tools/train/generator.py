"""Procedural generator for the "wrgb" domain: photos of many small lights.

Every scene is a function of one integer seed, so datasets, sample photos and
clips are reproducible.  The four classes are glowing lights of colour

    0 = w (white), 1 = r (red), 2 = g (green), 3 = b (blue)

and a label is the bounding box of the light's bright core (the bulb), not of
its glow.  A scene is built in layers:

1. background: gradient + low-frequency colour noise + random shapes, blurred;
2. matte distractors: rectangles and lines of any hue (not lights), and the
   wires of light strings;
3. glowing distractors that are not lights: blobs of other hues (orange,
   yellow, purple, pink) and big soft glows without a core;
4. the lights (scattered, clustered, on strings, on rings, on LED grids), with
   bloom, hue / brightness jitter, whitish over-exposed cores, and sometimes a
   partial occluder that trims the label box;
5. camera: optional defocus blur, white balance / gamma jitter, sensor noise;
   JPEG artefacts come from saving the image as JPEG.

Sizes are expressed at 416 px: a scene rendered at another resolution scales
every length by ``max(width, height) / 416``.

Run ``python3 generator.py --help`` to pre-generate a YOLO-format dataset.
"""
from __future__ import annotations

import argparse
import io
import math
import os
from dataclasses import dataclass, field
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES = ("w", "r", "g", "b")
REF_SIZE = 416
PAD_VALUE = 114

# Hue ranges in degrees for the coloured classes; white is low saturation.
CLASS_HUES = {1: (-10.0, 10.0), 2: (105.0, 140.0), 3: (215.0, 245.0)}
# Hues of glowing distractors, clearly apart from the class hues.
DISTRACTOR_HUES = ((25.0, 42.0), (50.0, 65.0), (268.0, 292.0), (305.0, 330.0))


@dataclass
class Light:
    """One light to draw; lengths in pixels of the rendered image."""

    cx: float
    cy: float
    rx: float
    ry: float
    angle: float
    cls: int  # class index, or -1 for a glowing distractor (no label)
    color: np.ndarray  # RGB in 0..1
    intensity: float
    whiteness: float
    glow_amp: float
    glow_sigma: float
    has_core: bool = True
    occlude: bool = False

    def half_extent(self) -> tuple[float, float]:
        """Half width and half height of the axis-aligned box of the core ellipse."""
        c, s = math.cos(self.angle), math.sin(self.angle)
        hw = math.sqrt((self.rx * c) ** 2 + (self.ry * s) ** 2)
        hh = math.sqrt((self.rx * s) ** 2 + (self.ry * c) ** 2)
        return hw, hh


@dataclass
class Scene:
    """A laid-out scene: lights, distractor glows, wires (polylines)."""

    width: int
    height: int
    scale: float
    lights: list[Light] = field(default_factory=list)
    wires: list[tuple[list[tuple[float, float]], tuple[int, int, int], int]] = field(default_factory=list)


# --------------------------------------------------------------------------- colours


def hsv_to_rgb(h: float, s: float, v: float) -> np.ndarray:
    """HSV (h in degrees) to an RGB float array in 0..1."""
    h = (h % 360.0) / 60.0
    i = int(h) % 6
    f = h - int(h)
    p, q, t = v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f))
    rgb = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return np.array(rgb, dtype=np.float32)


def light_color(rng: np.random.Generator, cls: int) -> np.ndarray:
    """A jittered colour of class ``cls``."""
    if cls == 0:
        # warm to cool white
        return hsv_to_rgb(rng.uniform(0, 360), rng.uniform(0.0, 0.12), 1.0)
    lo, hi = CLASS_HUES[cls]
    return hsv_to_rgb(rng.uniform(lo, hi), rng.uniform(0.7, 1.0), 1.0)


def distractor_color(rng: np.random.Generator) -> np.ndarray:
    """A saturated colour of a hue that no class uses."""
    lo, hi = DISTRACTOR_HUES[rng.integers(len(DISTRACTOR_HUES))]
    return hsv_to_rgb(rng.uniform(lo, hi), rng.uniform(0.6, 1.0), 1.0)


def random_rgb255(rng: np.random.Generator, lo: int = 0, hi: int = 256) -> tuple[int, int, int]:
    """A random RGB triple of integers in [lo, hi)."""
    c = rng.integers(lo, hi, size=3)
    return int(c[0]), int(c[1]), int(c[2])


# --------------------------------------------------------------------------- background


def make_background(rng: np.random.Generator, w: int, h: int, scale: float) -> Image.Image:
    """Gradient + low-frequency noise + random shapes, blurred; an RGB PIL image."""
    dark = rng.random() < 0.7
    base_hi = 0.35 if dark else 0.85
    c0 = rng.uniform(0.0, base_hi, size=3) * rng.uniform(0.3, 1.0)
    c1 = rng.uniform(0.0, base_hi, size=3) * rng.uniform(0.3, 1.0)
    ang = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx * math.cos(ang) + yy * math.sin(ang)) / max(w, h)
    t = (t - t.min()) / max(t.max() - t.min(), 1e-6)
    img = c0[None, None, :] * (1 - t[..., None]) + c1[None, None, :] * t[..., None]
    # low-frequency colour noise
    g = int(rng.integers(3, 12))
    noise = rng.normal(0, rng.uniform(0.02, 0.15), size=(g, g, 3)).astype(np.float32)
    noise_img = Image.fromarray(np.clip((noise + 0.5) * 255, 0, 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    img = img + (np.asarray(noise_img, dtype=np.float32) / 255.0 - 0.5)
    pil = Image.fromarray(np.clip(img * 255, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(pil)
    bright = 255 if not dark else 140
    for _ in range(int(rng.integers(0, 14))):
        x0, y0 = rng.uniform(-0.2, 1.0) * w, rng.uniform(-0.2, 1.0) * h
        sw, sh = rng.uniform(0.05, 0.6) * w, rng.uniform(0.05, 0.6) * h
        col = random_rgb255(rng, 0, bright)
        kind = rng.integers(3)
        if kind == 0:
            draw.rectangle([x0, y0, x0 + sw, y0 + sh], fill=col)
        elif kind == 1:
            draw.ellipse([x0, y0, x0 + sw, y0 + sh], fill=col)
        else:
            pts = [(x0 + rng.uniform(0, sw), y0 + rng.uniform(0, sh)) for _ in range(int(rng.integers(3, 7)))]
            draw.polygon(pts, fill=col)
    blur = rng.uniform(0.0, 6.0) * scale
    if blur > 0.5:
        pil = pil.filter(ImageFilter.GaussianBlur(blur))
    return pil


def draw_matte_distractors(rng: np.random.Generator, pil: Image.Image, scale: float, n: int) -> None:
    """Sharp-edged rectangles and lines of any hue: things that are not lights."""
    draw = ImageDraw.Draw(pil)
    w, h = pil.size
    for _ in range(n):
        col = random_rgb255(rng, 0, 256)
        if rng.random() < 0.25:  # a saturated class-like hue, but matte
            cls = int(rng.integers(1, 4))
            c = light_color(rng, cls) * rng.uniform(0.4, 0.9)
            col = tuple(int(v * 255) for v in c)
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        if rng.random() < 0.55:
            sw = rng.uniform(6, 60) * scale
            sh = rng.uniform(6, 60) * scale
            draw.rectangle([x, y, x + sw, y + sh], fill=col)
        else:
            L = rng.uniform(20, 200) * scale
            a = rng.uniform(0, 2 * math.pi)
            width = max(1, int(round(rng.uniform(1, 4) * scale)))
            draw.line([x, y, x + L * math.cos(a), y + L * math.sin(a)], fill=col, width=width)


# --------------------------------------------------------------------------- layout


def sample_light(rng: np.random.Generator, cx: float, cy: float, d: float, cls: int, scale: float,
                 color: np.ndarray | None = None) -> Light:
    """A light of class ``cls`` and core diameter ``d`` (rendered px) at (cx, cy)."""
    r = d / 2.0
    aspect = 1.0 if rng.random() < 0.7 else rng.uniform(0.65, 1.0)
    col = light_color(rng, cls) if color is None else color
    return Light(
        cx=cx, cy=cy, rx=r, ry=r * aspect, angle=rng.uniform(0, math.pi), cls=cls, color=col,
        intensity=rng.uniform(0.65, 1.3),
        whiteness=rng.uniform(0.0, 0.8) if rng.random() < 0.6 else 0.0,
        glow_amp=rng.uniform(0.08, 0.45),
        glow_sigma=max(r * rng.uniform(0.6, 2.2), 0.8 * scale),
    )


def far_enough(lights: list[Light], cx: float, cy: float, r: float) -> bool:
    """True when a core of radius r at (cx, cy) would not overlap an existing core."""
    if not lights:
        return True
    pos = np.array([(l.cx, l.cy, max(l.rx, l.ry)) for l in lights], dtype=np.float32)
    dist = np.hypot(pos[:, 0] - cx, pos[:, 1] - cy)
    return bool(np.all(dist >= pos[:, 2] + r + 1.0))


def sample_sizes(rng: np.random.Generator, median: float, n: int, lo: float = 3.0, hi: float = 40.0) -> np.ndarray:
    """Core diameters at 416 px: log-normal around ``median``, clipped to lo..hi px (3..40)."""
    return np.clip(median * np.exp(rng.normal(0, 0.4, size=n)), lo, hi)


def layout_scene(rng: np.random.Generator, w: int, h: int, scale: float, max_lights: int = 200,
                 median_range: tuple[float, float] = (4.0, 26.0), size_range: tuple[float, float] = (3.0, 40.0)
                 ) -> Scene:
    """Places lights in groups (scatter, cluster, string, ring, grid) and glowing distractors.

    The scene's median light size (at 416 px) is log-uniform in ``median_range``;
    light sizes are clipped to ``size_range``.
    """
    scene = Scene(w, h, scale)
    lights = scene.lights
    area416 = (w / scale) * (h / scale)
    lo, hi = size_range
    median = math.exp(rng.uniform(math.log(median_range[0]), math.log(median_range[1])))
    density = rng.uniform(0.05, 0.35)  # fraction of the image covered by light cells
    target = int(np.clip(density * area416 / (2.2 * median) ** 2, 8, max_lights))
    n_groups = int(rng.integers(1, 6))
    tries = 0
    while len(lights) < target and tries < 40:
        tries += 1
        kind = rng.choice(["scatter", "cluster", "string", "ring", "grid"], p=[0.3, 0.2, 0.25, 0.12, 0.13])
        remaining = target - len(lights)
        n = int(max(3, min(remaining, rng.integers(5, 60) if n_groups > 1 else remaining)))
        group_d = float(sample_sizes(rng, median, 1, lo, hi)[0]) * scale
        same_color = rng.random() < 0.4
        pattern = rng.permutation(4)[: int(rng.integers(1, 5))]
        base_cls = int(rng.integers(4))
        base_col = light_color(rng, base_cls)

        def cls_at(i: int) -> tuple[int, np.ndarray | None]:
            if same_color:
                return base_cls, base_col if rng.random() < 0.7 else None
            if kind in ("string", "ring", "grid") and rng.random() < 0.8:
                return int(pattern[i % len(pattern)]), None
            return int(rng.integers(4)), None

        positions: list[tuple[float, float, float]] = []
        if kind == "scatter":
            ds = sample_sizes(rng, median, n, lo, hi) * scale
            for d in ds:
                positions.append((rng.uniform(0, w), rng.uniform(0, h), float(d)))
        elif kind == "cluster":
            ccx, ccy = rng.uniform(0, w), rng.uniform(0, h)
            spread = rng.uniform(2, 8) * group_d
            ds = sample_sizes(rng, group_d / scale, n, lo, hi) * scale
            for d in ds:
                positions.append((ccx + rng.normal(0, spread), ccy + rng.normal(0, spread), float(d)))
        elif kind == "string":
            d = group_d
            x0, y0 = rng.uniform(-0.1, 1.1) * w, rng.uniform(0, 1) * h
            length = rng.uniform(0.3, 1.2) * max(w, h)
            a = rng.uniform(-0.6, 0.6) + (0 if rng.random() < 0.7 else math.pi / 2)
            sag = rng.uniform(-0.25, 0.25) * length
            spacing = d * rng.uniform(1.4, 3.5)
            count = int(min(n * 2, length / spacing))
            pts = []
            for i in range(max(count, 2)):
                t = i / max(count - 1, 1)
                px = x0 + t * length * math.cos(a) - sag * 4 * t * (1 - t) * math.sin(a)
                py = y0 + t * length * math.sin(a) + sag * 4 * t * (1 - t) * math.cos(a)
                pts.append((px, py))
                positions.append((px, py, d * rng.uniform(0.9, 1.1)))
            if rng.random() < 0.8:
                wire_col = random_rgb255(rng, 0, 90)
                scene.wires.append((pts, wire_col, max(1, int(round(rng.uniform(0.5, 2.5) * scale)))))
        elif kind == "ring":
            d = group_d
            rad = rng.uniform(3, 12) * d
            ccx, ccy = rng.uniform(0, w), rng.uniform(0, h)
            count = int(min(max(6, 2 * math.pi * rad / (d * rng.uniform(1.4, 3.0))), 80))
            phase = rng.uniform(0, 2 * math.pi)
            for i in range(count):
                t = phase + 2 * math.pi * i / count
                positions.append((ccx + rad * math.cos(t), ccy + rad * math.sin(t), d))
        else:  # grid of LEDs
            d = group_d
            pitch = d * rng.uniform(1.5, 3.0)
            nx, ny = int(rng.integers(2, 10)), int(rng.integers(2, 8))
            x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
            for iy in range(ny):
                for ix in range(nx):
                    if rng.random() < 0.9:
                        positions.append((x0 + ix * pitch, y0 + iy * pitch, d))
        for i, (px, py, d) in enumerate(positions):
            if len(lights) >= max_lights:
                break
            if not (0 <= px < w and 0 <= py < h):
                continue
            if not far_enough(lights, px, py, d / 2):
                continue
            cls, col = cls_at(i)
            light = sample_light(rng, px, py, d, cls, scale, col)
            light.occlude = rng.random() < 0.08 and d > 5 * scale
            lights.append(light)
    # glowing distractors (not labelled): other hues, same look as lights
    for _ in range(int(rng.integers(0, 12))):
        d = float(np.clip(median * math.exp(rng.normal(0, 0.6)), 3, 60)) * scale
        px, py = rng.uniform(0, w), rng.uniform(0, h)
        if not far_enough(lights, px, py, d / 2):
            continue
        light = sample_light(rng, px, py, d, 0, scale, distractor_color(rng))
        light.cls = -1
        lights.append(light)
    # big soft glows of any hue without a core
    for _ in range(int(rng.integers(0, 4))):
        d = rng.uniform(40, 140) * scale
        col = hsv_to_rgb(rng.uniform(0, 360), rng.uniform(0, 1), 1.0)
        light = sample_light(rng, rng.uniform(0, w), rng.uniform(0, h), d, 0, scale, col)
        light.cls, light.has_core = -1, False
        light.glow_amp, light.glow_sigma = rng.uniform(0.1, 0.5), d * rng.uniform(0.3, 0.7)
        lights.append(light)
    return scene


# --------------------------------------------------------------------------- rendering


def render_light(img: np.ndarray, l: Light, scale: float) -> None:
    """Draws a light in place: anti-aliased core ellipse + additive gaussian bloom."""
    h, w, _ = img.shape
    reach = max(l.rx, l.ry) + min(3.0 * l.glow_sigma, 70.0 * scale)
    x0, x1 = max(int(l.cx - reach), 0), min(int(l.cx + reach) + 2, w)
    y0, y1 = max(int(l.cy - reach), 0), min(int(l.cy + reach) + 2, h)
    if x0 >= x1 or y0 >= y1:
        return
    dx = np.arange(x0, x1, dtype=np.float32) + 0.5 - l.cx
    dy = np.arange(y0, y1, dtype=np.float32)[:, None] + 0.5 - l.cy
    c, s = math.cos(l.angle), math.sin(l.angle)
    u = dx * c + dy * s
    v = -dx * s + dy * c
    rho_n = np.sqrt((u / l.rx) ** 2 + (v / l.ry) ** 2)  # 1 on the core's edge
    r_eff = math.sqrt(l.rx * l.ry)
    rho = rho_n * r_eff
    patch = img[y0:y1, x0:x1]
    col = l.color * l.intensity
    start = r_eff if l.has_core else 0.0  # bloom falls off from the core's edge: the edge stays visible
    glow = (l.glow_amp * np.exp(-0.5 * (np.maximum(rho - start, 0) / l.glow_sigma) ** 2))[..., None]
    if l.has_core:
        soft = 0.6 * max(scale, 1.0)
        alpha = np.clip((1.0 - rho_n) * r_eff / soft + 0.5, 0.0, 1.0)[..., None]
        wmix = (l.whiteness * np.clip(1.0 - rho_n, 0, 1) ** 0.7)[..., None]
        core = col * (1 - wmix) + l.intensity * wmix
        patch *= 1 - alpha
        patch += alpha * core + (1 - alpha) * glow * col
    else:
        patch += glow * col


def occlude_light(img: np.ndarray, l: Light, rng: np.random.Generator, others: list[tuple[float, float, float, float]]
                  ) -> tuple[float, float, float, float] | None:
    """Covers one side of a drawn light with an opaque shape; returns the trimmed core box.

    Returns None (and draws nothing) when the occluder would touch another light's box.
    """
    h, w, _ = img.shape
    hw, hh = l.half_extent()
    bx0, by0, bx1, by1 = l.cx - hw, l.cy - hh, l.cx + hw, l.cy + hh
    frac = rng.uniform(0.2, 0.5)
    reach = max(hw, hh) + min(3.0 * l.glow_sigma, 40.0)
    side = int(rng.integers(4))
    if side == 0:  # from the left
        cut = bx0 + frac * 2 * hw
        rect, box = (l.cx - reach, l.cy - reach, cut, l.cy + reach), (cut, by0, bx1, by1)
    elif side == 1:  # from the right
        cut = bx1 - frac * 2 * hw
        rect, box = (cut, l.cy - reach, l.cx + reach, l.cy + reach), (bx0, by0, cut, by1)
    elif side == 2:  # from the top
        cut = by0 + frac * 2 * hh
        rect, box = (l.cx - reach, l.cy - reach, l.cx + reach, cut), (bx0, cut, bx1, by1)
    else:  # from the bottom
        cut = by1 - frac * 2 * hh
        rect, box = (l.cx - reach, cut, l.cx + reach, l.cy + reach), (bx0, by0, bx1, cut)
    for ox0, oy0, ox1, oy1 in others:
        if ox0 < rect[2] and ox1 > rect[0] and oy0 < rect[3] and oy1 > rect[1]:
            return None
    x0, y0 = max(int(round(rect[0])), 0), max(int(round(rect[1])), 0)
    x1, y1 = min(int(round(rect[2])), w), min(int(round(rect[3])), h)
    if x0 >= x1 or y0 >= y1:
        return None
    # snap the cut to the pixel grid so the label matches the drawn edge
    if side == 0:
        box = (float(x1), box[1], box[2], box[3])
    elif side == 1:
        box = (box[0], box[1], float(x0), box[3])
    elif side == 2:
        box = (box[0], float(y1), box[2], box[3])
    else:
        box = (box[0], box[1], box[2], float(y0))
    shade = rng.uniform(0.0, 0.35, size=3).astype(np.float32)
    img[y0:y1, x0:x1] = shade + rng.normal(0, 0.02, size=(y1 - y0, x1 - x0, 1)).astype(np.float32)
    return box


def render_scene(rng: np.random.Generator, scene: Scene, n_matte: int) -> tuple[np.ndarray, np.ndarray]:
    """Renders a laid-out scene. Returns (float32 HxWx3 image, labels [n, 5] = cls x1 y1 x2 y2 px)."""
    w, h, scale = scene.width, scene.height, scene.scale
    pil = make_background(rng, w, h, scale)
    draw_matte_distractors(rng, pil, scale, n_matte)
    if scene.wires:
        draw = ImageDraw.Draw(pil)
        for pts, col, width in scene.wires:
            draw.line(pts, fill=col, width=width)
    img = np.asarray(pil, dtype=np.float32) / 255.0
    img = np.array(img)  # writable
    boxes: list[tuple[int, float, float, float, float]] = []
    drawn: list[tuple[float, float, float, float]] = []
    order = rng.permutation(len(scene.lights))  # distractors interleave with lights
    for i in order:
        l = scene.lights[i]
        render_light(img, l, scale)
        if l.cls < 0 or not l.has_core:
            if l.has_core:
                hw, hh = l.half_extent()
                drawn.append((l.cx - hw, l.cy - hh, l.cx + hw, l.cy + hh))
            continue
        hw, hh = l.half_extent()
        box = (l.cx - hw, l.cy - hh, l.cx + hw, l.cy + hh)
        if l.occlude:
            trimmed = occlude_light(img, l, rng, drawn)
            if trimmed is not None:
                box = trimmed
        drawn.append(box)
        boxes.append((l.cls, *box))
    labels = np.array(boxes, dtype=np.float32).reshape(-1, 5)
    if len(labels):
        labels[:, [1, 3]] = labels[:, [1, 3]].clip(0, w)
        labels[:, [2, 4]] = labels[:, [2, 4]].clip(0, h)
        keep = ((labels[:, 3] - labels[:, 1]) >= 1.5 * min(scale, 1.5)) & ((labels[:, 4] - labels[:, 2]) >= 1.5 * min(scale, 1.5))
        labels = labels[keep]
    return img, labels


def camera(rng: np.random.Generator, img: np.ndarray, scale: float, noise_max: float = 0.035) -> np.ndarray:
    """Defocus, white balance, gamma and sensor noise (sigma up to ``noise_max``); returns uint8 HxWx3."""
    gain = rng.uniform(0.9, 1.1, size=3).astype(np.float32) * rng.uniform(0.85, 1.15)
    img = np.clip(img * gain, 0, 1)
    gamma = rng.uniform(0.8, 1.25)
    img = img ** gamma
    u8 = (img * 255 + 0.5).astype(np.uint8)
    if rng.random() < 0.3:
        pil = Image.fromarray(u8).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7) * scale))
        u8 = np.asarray(pil)
    sigma = rng.uniform(0.0, noise_max)
    if sigma > 0.003:
        f = u8.astype(np.float32) / 255.0
        noise = rng.normal(0, 1, size=f.shape).astype(np.float32)
        if rng.random() < 0.5:  # luminance-only grain
            noise[..., 1:] = noise[..., :1]
        f += noise * sigma * np.sqrt(0.3 + f)
        u8 = (np.clip(f, 0, 1) * 255 + 0.5).astype(np.uint8)
    return u8


def generate_scene(seed: int, width: int, height: int, max_lights: int = 200,
                   median_range: tuple[float, float] = (4.0, 26.0), size_range: tuple[float, float] = (3.0, 40.0),
                   noise_max: float = 0.035) -> tuple[np.ndarray, np.ndarray]:
    """One scene of ``width`` x ``height`` px from ``seed`` (sizes in 416 px units, see ``layout_scene``).

    Returns (uint8 HxWx3 RGB image, labels [n, 5] float32 = class, x1, y1, x2, y2 in px).
    """
    rng = np.random.default_rng(seed)
    scale = max(width, height) / REF_SIZE
    scene = layout_scene(rng, width, height, scale, max_lights, median_range, size_range)
    img, labels = render_scene(rng, scene, int(rng.integers(0, 16)))
    return camera(rng, img, scale, noise_max), labels


RESIZE_METHODS = ("bilinear", "box", "nearest", "naive")


def resize(img: np.ndarray, w: int, h: int, method: str = "bilinear") -> np.ndarray:
    """Resizes an RGB uint8 image to w x h.

    "bilinear" and "box" are PIL's (antialiased), "nearest" is PIL's, "naive" is
    bilinear point sampling without antialiasing (like a plain shader or loop).
    """
    if method in ("bilinear", "box", "nearest"):
        pil_method = {"bilinear": Image.BILINEAR, "box": Image.BOX, "nearest": Image.NEAREST}[method]
        return np.asarray(Image.fromarray(img).resize((w, h), pil_method))
    if method != "naive":
        raise ValueError(f"unknown resize method {method!r}")
    H, W, _ = img.shape
    xs = (np.arange(w) + 0.5) * W / w - 0.5
    ys = (np.arange(h) + 0.5) * H / h - 0.5
    x0 = np.clip(np.floor(xs).astype(int), 0, W - 1)
    y0 = np.clip(np.floor(ys).astype(int), 0, H - 1)
    x1, y1 = np.clip(x0 + 1, 0, W - 1), np.clip(y0 + 1, 0, H - 1)
    fx = np.clip(xs - x0, 0, 1)[None, :, None]
    fy = np.clip(ys - y0, 0, 1)[:, None, None]
    f = img.astype(np.float32)
    top = f[y0][:, x0] * (1 - fx) + f[y0][:, x1] * fx
    bot = f[y1][:, x0] * (1 - fx) + f[y1][:, x1] * fx
    return (top * (1 - fy) + bot * fy + 0.5).astype(np.uint8)


def downsample(rng: np.random.Generator, img: np.ndarray, w: int, h: int) -> np.ndarray:
    """Resizes with a random method, as different apps / canvases would."""
    return resize(img, w, h, RESIZE_METHODS[int(rng.integers(4))])


def generate_training_image(seed: int, size: int = REF_SIZE) -> tuple[np.ndarray, np.ndarray, int]:
    """A letterboxed ``size`` x ``size`` training image.

    70 % are square scenes; 30 % are 4:3 / 16:9 / portrait scenes letterboxed
    with the pad value 114, as the element does.  15 % are rendered at 2-3x the
    resolution and downsampled with a random filter.

    Returns (uint8 image, labels [n, 5] = class x1 y1 x2 y2 in px, JPEG quality).
    """
    rng = np.random.default_rng(seed + 0x5EED)
    if rng.random() < 0.7:
        w = h = size
    else:
        ar = [4 / 3, 16 / 9, 3 / 2][int(rng.integers(3))]
        w, h = size, int(round(size / ar))
        if rng.random() < 0.3:
            w, h = h, w
    k = 1
    if rng.random() < 0.15:
        k = int(rng.integers(2, 4))
    img, labels = generate_scene(seed, w * k, h * k)
    if k > 1:
        img = downsample(rng, img, w, h)
        labels[:, 1:] /= k
    canvas = np.full((size, size, 3), PAD_VALUE, dtype=np.uint8)
    px, py = (size - w) // 2, (size - h) // 2
    canvas[py:py + h, px:px + w] = img
    labels[:, [1, 3]] += px
    labels[:, [2, 4]] += py
    return canvas, labels, int(rng.integers(50, 96))


def to_yolo_lines(labels: np.ndarray, w: int, h: int) -> str:
    """YOLO label text: ``class cx cy w h`` normalised to the image size."""
    lines = []
    for c, x1, y1, x2, y2 in labels:
        lines.append(f"{int(c)} {(x1 + x2) / 2 / w:.6f} {(y1 + y2) / 2 / h:.6f} {(x2 - x1) / w:.6f} {(y2 - y1) / h:.6f}")
    return "\n".join(lines) + ("\n" if lines else "")


def encode_jpeg(img: np.ndarray, quality: int) -> bytes:
    """JPEG bytes of an RGB uint8 image."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def _write_one(args: tuple[str, int, int]) -> int:
    out, index, seed = args
    img, labels, q = generate_training_image(seed)
    name = f"{index:06d}"
    with open(os.path.join(out, "images", name + ".jpg"), "wb") as f:
        f.write(encode_jpeg(img, q))
    with open(os.path.join(out, "labels", name + ".txt"), "w") as f:
        f.write(to_yolo_lines(labels, img.shape[1], img.shape[0]))
    return len(labels)


def main() -> None:
    ap = argparse.ArgumentParser(description="Pre-generate a wrgb dataset in YOLO format (images/*.jpg, labels/*.txt).")
    ap.add_argument("--out", required=True, help="output folder, e.g. tools/train/data/train")
    ap.add_argument("--n", type=int, default=6000, help="number of images")
    ap.add_argument("--seed", type=int, default=1, help="base seed; image i uses seed*1_000_000 + i")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "labels"), exist_ok=True)
    jobs = [(args.out, i, args.seed * 1_000_000 + i) for i in range(args.n)]
    with Pool(args.workers) as pool:
        counts = pool.map(_write_one, jobs, chunksize=16)
    print(f"wrote {args.n} images, {sum(counts)} lights ({sum(counts) / max(args.n, 1):.1f} per image) to {args.out}")


if __name__ == "__main__":
    main()
