"""The real photographs the wrgb model trains and is tested on: Debian wallpaper packages.

Two splits from different packages (different photographers and subjects), so the
held-out numbers measure photos the model never saw:

- ``train``: lomiri-wallpapers (-16.04, -20.04 and the base package: Ubuntu community
  photos, CC-BY / CC-BY-SA / CC0), ukui-wallpapers, sway-backgrounds,
  plasma-workspace-wallpapers (largest file of each wallpaper), gnome-backgrounds;
- ``train15``: the training photos added in 1.5, a split of their own so that ``train``
  (and every composite set made from it with a given seed) stays what it was: the nature
  photos of lxqt-themes (11 wallpapers) and palapeli-data (4 puzzle photos; its night
  photo of a lit bridge is left out: real lights, unlabelled);
- ``heldout``: mate-backgrounds ``nature/`` (12 photos: flowers, water drops, grass,
  dune, storm...), never used for training or tuning.

Every file's copyright and licence is the package's ``/usr/share/doc/<pkg>/copyright``
(listed in models/README.md). ``python3 tools/train/photo_sources.py --fetch``
downloads the packages with ``apt-get download`` and unpacks them under
``tools/train/data/pkgs`` (no root install needed).
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "data", "pkgs")
TRAIN_PACKAGES = ("lomiri-wallpapers", "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04", "ukui-wallpapers",
                  "sway-backgrounds", "plasma-workspace-wallpapers", "gnome-backgrounds")
TRAIN15_PACKAGES = ("lxqt-themes", "palapeli-data")
# lxqt-themes: its photographs only (the rest are logos and flat graphics)
LXQT_PHOTOS = ("Butterfly-Kenneth-Wimer.jpg", "Valendas.png", "after-the-rain.jpg", "appleflower.png", "beam.png",
               "butterfly.png", "cloud.png", "drop.png", "flowers.png", "fog.jpg", "this-is-not-windows.jpg")
# palapeli-data: cincinnati-bridge.jpg is a night photo full of real, unlabelled lights
PALAPELI_PHOTOS = ("castle-maintenon.jpg", "citrus-fruits.jpg", "european-honey-bee.jpg", "panther-chameleon-female.jpg")
HELDOUT_PACKAGES = ("mate-backgrounds",)
EXTS = (".jpg", ".jpeg", ".png", ".webp")


def _images(pkg: str) -> list[str]:
    base = os.path.join(ROOT, "x", pkg, "usr", "share")
    out = []
    for path in sorted(glob.glob(os.path.join(base, "**", "*"), recursive=True)):
        if path.lower().endswith(EXTS) and "/doc/" not in path and "screenshot" not in os.path.basename(path):
            out.append(path)
    return out


def _largest_per_folder(paths: list[str], depth_marker: str) -> list[str]:
    """Plasma ships each wallpaper in up to 12 sizes (``<name>/contents/images/WxH.jpg``): keep the largest."""
    best: dict[str, tuple[int, str]] = {}
    for p in paths:
        key = p.split(depth_marker)[0]
        size = os.path.getsize(p)
        if key not in best or size > best[key][0]:
            best[key] = (size, p)
    return sorted(p for _, p in best.values())


def photo_paths(split: str) -> list[str]:
    """Image files of a split (``train``, ``train15`` or ``heldout``)."""
    if split == "heldout":
        return [p for p in _images("mate-backgrounds") if "/nature/" in p]
    if split not in ("train", "train15"):
        raise ValueError(f"unknown split {split!r}")
    out: list[str] = []
    for pkg in TRAIN_PACKAGES if split == "train" else TRAIN15_PACKAGES:
        imgs = _images(pkg)
        if pkg == "plasma-workspace-wallpapers":
            imgs = _largest_per_folder(imgs, "/contents/")
        elif pkg == "sway-backgrounds":
            imgs = sorted(imgs, key=os.path.getsize)[-1:]  # one design in 8 sizes
        elif pkg == "lxqt-themes":
            imgs = [p for p in imgs if "/wallpapers/" in p and os.path.basename(p) in LXQT_PHOTOS]
        elif pkg == "palapeli-data":
            imgs = [p for p in imgs if os.path.basename(p) in PALAPELI_PHOTOS]
        out += imgs
    return out


def fetch() -> None:
    """apt-get download + dpkg-deb -x of every package into ROOT/x/<pkg>."""
    os.makedirs(ROOT, exist_ok=True)
    for pkg in TRAIN_PACKAGES + TRAIN15_PACKAGES + HELDOUT_PACKAGES:
        dest = os.path.join(ROOT, "x", pkg)
        if os.path.isdir(dest):
            continue
        subprocess.run(["apt-get", "download", pkg], cwd=ROOT, check=True)
        deb = sorted(glob.glob(os.path.join(ROOT, f"{pkg}_*.deb")))[-1]
        os.makedirs(dest, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", deb, dest], check=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Real photo sources for the wrgb model.")
    ap.add_argument("--fetch", action="store_true", help="download and unpack the packages")
    args = ap.parse_args()
    if args.fetch:
        fetch()
    for split in ("train", "heldout"):
        paths = photo_paths(split)
        print(f"{split}: {len(paths)} photos")
        for p in paths:
            print("  " + os.path.relpath(p, ROOT))
