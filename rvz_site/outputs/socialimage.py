"""The picture shown when a page is shared (Open Graph / Twitter card): the title on the
movement's colours, 1200x630 PNG, drawn with Pillow and kept in a content-addressed cache.

Same title, same bytes: Lato from the PyPI package font-lato (no system font that differs per
machine; Pillow's bundled font has no é, ë or ï, which Dutch titles need),
a fixed palette, no time stamps in the PNG. The cache key is a hash of everything that shapes
the picture (title, site name, this module's DESIGN version, Pillow's version), so a changed
title or design draws anew and an unchanged one is never redrawn. The cache is a plain folder
(`ImageCache`) that a general build cache can replace. Reads and writes files; renders no HTML.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..core.atomic import write_atomically
from ..core.model import OutputFile, Site
from ..core.parallel import map_indices, worker_count
from ..core.urls import article_url, home, output_path, social_image

WIDTH, HEIGHT = 1200, 630
DESIGN = "2"  # raise when the drawing below changes, so cached pictures are redrawn
MARGIN = 80
FOOTER = 70
STRIPE = 24
# The theme's colours (themes/rvz/static/css/site.css): teal ground, sand footer, orange stripe.
TEAL, WHITE, SAND, TEAL_DEEP, ORANGE = "#00606b", "#ffffff", "#f6efe6", "#00363d", "#e07b39"
TITLE_LEVELS, FOOTER_LEVELS = 128, 64  # palette entries for anti-aliased text on each ground


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _ramp(start: str, end: str, steps: int) -> list[int]:
    a, b = _rgb(start), _rgb(end)
    return [round(a[k] + (b[k] - a[k]) * i / (steps - 1)) for i in range(steps) for k in range(3)]


# A palette image (one byte a pixel) encodes about three times faster than RGB: the text is
# drawn as coverage masks, and each ground gets its own ramp of palette entries.
_PALETTE = (_ramp(TEAL, WHITE, TITLE_LEVELS) + _ramp(SAND, TEAL_DEEP, FOOTER_LEVELS)
            + list(_rgb(ORANGE)) * (256 - TITLE_LEVELS - FOOTER_LEVELS))
_TITLE_LUT = [v * TITLE_LEVELS // 256 for v in range(256)]
_FOOTER_LUT = [TITLE_LEVELS + v * FOOTER_LEVELS // 256 for v in range(256)]
_STRIPE_INDEX = 255


FONT = files("font_lato") / "files" / "Lato-Bold.ttf"


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    with as_file(FONT) as path:
        return ImageFont.truetype(str(path), size)


def _wrap(title: str, size: int, width: int) -> list[str]:
    font = _font(size)
    lines: list[str] = []
    for word in title.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(title: str) -> tuple[int, list[str]]:
    """The largest size at which the title fits in four lines; cut with … when even 44 px does not."""
    width = WIDTH - 2 * MARGIN
    for size in (68, 60, 52, 44):
        lines = _wrap(title, size, width)
        if len(lines) <= 4:
            return size, lines
    lines = _wrap(title, 44, width)[:4]
    return 44, [*lines[:3], lines[3].rstrip(",.;:") + " …"]


@lru_cache(maxsize=4)
def _footer(site_title: str) -> Image.Image:
    """The footer band, the same on every picture of a site: drawn once per process."""
    footer = Image.new("L", (WIDTH, FOOTER), 0)
    ImageDraw.Draw(footer).text((MARGIN, 18), site_title, font=_font(32), fill=255)
    return footer.point(_FOOTER_LUT)


def draw_social_image(title: str, site_title: str) -> bytes:
    size, lines = _fit(title)
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(mask).multiline_text((MARGIN, MARGIN), "\n".join(lines), font=_font(size), fill=255,
                                        spacing=size // 4)
    picture = mask.point(_TITLE_LUT)
    picture.paste(_footer(site_title), (0, HEIGHT - FOOTER))
    picture.paste(_STRIPE_INDEX, (0, 0, STRIPE, HEIGHT - FOOTER))
    picture.putpalette(_PALETTE)
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=3)
    return out.getvalue()


def image_key(title: str, site_title: str) -> str:
    material = "\0".join((DESIGN, PIL.__version__, site_title, title))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ImageCache:
    """Content-addressed: <folder>/<key[:2]>/<key>.png. Written atomically, so a stopped build
    never leaves half a picture behind."""

    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.png"

    def store(self, target: Path, data: bytes) -> None:
        write_atomically(target, data)


@dataclass(frozen=True, slots=True)
class SocialImage:
    path: str  # output path under public/, e.g. actueel/x/deelbeeld.png
    title: str


def social_image_files(wanted: Sequence[SocialImage], site_title: str, cache: ImageCache,
                       jobs: int = 1) -> list[OutputFile]:
    """The pictures as output files; those not in the cache are drawn on `jobs` processes (0: every
    core) first. A picture is the same bytes whichever process draws it."""
    targets = [cache.path(image_key(w.title, site_title)) for w in wanted]
    missing: dict[Path, str] = {}
    for target, w in zip(targets, wanted, strict=True):
        if target not in missing and not target.is_file():
            missing[target] = w.title
    todo = list(missing.items())

    def draw(indices: Sequence[int]) -> list[None]:
        # Each worker stores its own pictures (atomically), so 10,000 of them never travel back
        # to, or wait together in, the main process.
        for i in indices:
            cache.store(todo[i][0], draw_social_image(todo[i][1], site_title))
        return [None] * len(indices)

    map_indices(draw, len(todo), worker_count(jobs))
    return [OutputFile(w.path, copy_from=target) for w, target in zip(wanted, targets, strict=True)]


def wanted_images(site: Site) -> list[SocialImage]:
    """One picture per article and page, and one for the site that every other page shares."""
    wanted = [SocialImage(output_path(social_image(home())), site.config.title)]
    for article in (*site.articles, *site.pages):
        wanted.append(SocialImage(output_path(social_image(article_url(article.section, article.slug))),
                                  article.title))
    return wanted
