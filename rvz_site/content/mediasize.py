"""The width and height an image in content/media/ shows at, so every <img> can say it before it loads.

A browser that knows an image's size keeps its place while it loads; without it the text below
jumps down (layout shift). SVG gives its size in the root element's width/height (or viewBox);
a raster image in its header, which Pillow reads without decoding the pixels. Anything else, or
a file that does not say, gets None: the page is still built, only without the two attributes.
"""

from __future__ import annotations

import re
from pathlib import Path

RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*$")  # a bare number or px; not % or em
_HEAD_BYTES = 4096  # the root element of an SVG stands in its first lines


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}\s*=\s*(["\'])(.*?)\1', tag, re.IGNORECASE | re.DOTALL)
    return found.group(2) if found else None


def _length(value: str | None) -> float | None:
    found = _LENGTH.match(value) if value is not None else None
    return float(found.group(1)) if found else None


def svg_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from an SVG's start: its width/height in px, else the viewBox's proportions."""
    found = _SVG_TAG.search(head)
    if found is None:
        return None
    tag = found.group().decode("utf-8", "replace")
    width, height = _length(_attribute(tag, "width")), _length(_attribute(tag, "height"))
    if width and height:
        return round(width), round(height)
    box = (_attribute(tag, "viewBox") or "").replace(",", " ").split()
    try:
        box_width, box_height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    return (round(box_width), round(box_height)) if box_width > 0 and box_height > 0 else None


def image_size(path: Path) -> tuple[int, int] | None:
    suffix = path.suffix.lower()
    try:
        if suffix == ".svg":
            with path.open("rb") as file:
                return svg_size(file.read(_HEAD_BYTES))
        if suffix in RASTER:
            from PIL import Image, UnidentifiedImageError  # only sites with photos pay for the import

            try:
                with Image.open(path) as image:
                    return image.size
            except (UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError):
                return None  # not an image after all: the page builds without the size
    except OSError:
        return None
    return None
