"""In-memory YOLO dataset with cheap geometric augmentation for CPU training.

All images are decoded once into one uint8 array (8000 x 416 x 416 x 3 is
about 4 GB), so a batch is a few numpy slices: random crop, flips and
transposition (90 degree rotations); lights are symmetric and the classes
are colours, so these change nothing about the labels but their boxes.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
from PIL import Image


def read_yolo_labels(path: str, w: int, h: int) -> np.ndarray:
    """[n, 5] = class, x1, y1, x2, y2 in px from a YOLO label file."""
    if not os.path.exists(path):
        return np.zeros((0, 5), dtype=np.float32)
    rows = [list(map(float, line.split()[:5])) for line in open(path) if line.strip()]
    a = np.array(rows, dtype=np.float32).reshape(-1, 5)
    out = np.empty_like(a)
    out[:, 0] = a[:, 0]
    out[:, 1] = (a[:, 1] - a[:, 3] / 2) * w
    out[:, 2] = (a[:, 2] - a[:, 4] / 2) * h
    out[:, 3] = (a[:, 1] + a[:, 3] / 2) * w
    out[:, 4] = (a[:, 2] + a[:, 4] / 2) * h
    return out


class LightsDataset:
    """Images and labels of a folder made by ``generator.py`` (images/*.jpg, labels/*.txt)."""

    def __init__(self, root: str | list[str], limit: int | None = None, threads: int = 2):
        """``root``: one folder, or several (same image size) whose images are pooled, each
        limited to ``limit`` images."""
        roots = [root] if isinstance(root, str) else list(root)
        paths = []
        for r in roots:
            names = sorted(f[:-4] for f in os.listdir(os.path.join(r, "images")) if f.endswith(".jpg"))
            paths += [(r, n) for n in (names[:limit] if limit else names)]
        self.names = [n for _, n in paths]
        first = np.asarray(Image.open(os.path.join(paths[0][0], "images", paths[0][1] + ".jpg")).convert("RGB"))
        self.h, self.w = first.shape[:2]
        self.images = np.empty((len(paths), self.h, self.w, 3), dtype=np.uint8)

        def load(i: int) -> None:
            r, n = paths[i]
            self.images[i] = np.asarray(Image.open(os.path.join(r, "images", n + ".jpg")).convert("RGB"))

        with ThreadPoolExecutor(threads) as ex:
            list(ex.map(load, range(len(paths))))
        self.labels = [read_yolo_labels(os.path.join(r, "labels", n + ".txt"), self.w, self.h) for r, n in paths]

    def resize_to(self, size: int) -> None:
        """Downscales every (square) image and its labels to ``size`` px, as a letterbox would."""
        import cv2  # only needed here

        k = size / self.w
        self.images = np.stack([cv2.resize(im, (size, size), interpolation=cv2.INTER_AREA) for im in self.images])
        self.labels = [lab * np.array([1, k, k, k, k], np.float32) for lab in self.labels]
        self.h = self.w = size

    def __len__(self) -> int:
        return len(self.names)

    def batch(self, rng: np.random.Generator, bs: int, crop: int, min_visible: float = 0.4, zoom: float = 1.0,
              zoom_p: float = 0.5) -> tuple[torch.Tensor, torch.Tensor]:
        """A random augmented batch: (images [bs, 3, crop, crop] in 0..1, targets [nt, 6] =
        image index, class, cx, cy, w, h in px). ``zoom`` > 1: a fraction ``zoom_p`` of the
        crops are taken up to ``zoom`` x larger and downscaled to ``crop`` (lights smaller than
        in the data, as a full image letterboxed to a smaller input shows them)."""
        idx = rng.integers(0, len(self), size=bs)
        imgs = np.empty((bs, crop, crop, 3), dtype=np.uint8)
        targets = []
        for k, i in enumerate(idx):
            src = crop
            if zoom > 1 and rng.random() < zoom_p:
                src = int(rng.integers(crop, min(int(crop * zoom), self.w, self.h) + 1))
            ox = int(rng.integers(0, self.w - src + 1))
            oy = int(rng.integers(0, self.h - src + 1))
            im = self.images[i, oy:oy + src, ox:ox + src]
            lab = self.labels[i].copy()
            if len(lab):
                area0 = (lab[:, 3] - lab[:, 1]) * (lab[:, 4] - lab[:, 2])
                lab[:, [1, 3]] = np.clip(lab[:, [1, 3]] - ox, 0, src)
                lab[:, [2, 4]] = np.clip(lab[:, [2, 4]] - oy, 0, src)
                area1 = (lab[:, 3] - lab[:, 1]) * (lab[:, 4] - lab[:, 2])
                lab = lab[area1 >= min_visible * np.maximum(area0, 1e-6)]
            if src != crop:
                import cv2  # only needed for zoom

                im = cv2.resize(np.ascontiguousarray(im), (crop, crop), interpolation=cv2.INTER_AREA)
                lab[:, 1:] *= crop / src
                lab = lab[np.minimum(lab[:, 3] - lab[:, 1], lab[:, 4] - lab[:, 2]) >= 1.5]
            if rng.random() < 0.5:  # horizontal flip
                im = im[:, ::-1]
                lab[:, [1, 3]] = crop - lab[:, [3, 1]]
            if rng.random() < 0.5:  # vertical flip
                im = im[::-1]
                lab[:, [2, 4]] = crop - lab[:, [4, 2]]
            if rng.random() < 0.5:  # transpose
                im = im.transpose(1, 0, 2)
                lab = lab[:, [0, 2, 1, 4, 3]]
            imgs[k] = im
            if len(lab):
                t = np.zeros((len(lab), 6), dtype=np.float32)
                t[:, 0] = k
                t[:, 1] = lab[:, 0]
                t[:, 2] = (lab[:, 1] + lab[:, 3]) / 2
                t[:, 3] = (lab[:, 2] + lab[:, 4]) / 2
                t[:, 4] = lab[:, 3] - lab[:, 1]
                t[:, 5] = lab[:, 4] - lab[:, 2]
                targets.append(t)
        x = torch.from_numpy(imgs).permute(0, 3, 1, 2).float().div_(255.0)
        # mild photometric jitter per image: contrast and brightness
        gain = torch.from_numpy(rng.uniform(0.85, 1.15, size=(bs, 1, 1, 1)).astype(np.float32))
        bias = torch.from_numpy(rng.uniform(-0.04, 0.04, size=(bs, 1, 1, 1)).astype(np.float32))
        x = (x * gain + bias).clamp_(0, 1)
        t = torch.from_numpy(np.concatenate(targets)) if targets else torch.zeros((0, 6))
        return x, t
