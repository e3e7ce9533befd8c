"""The markup plan: which widths and formats each photo gets, under which addresses.

The widths follow the theme's layout (themes/rvz/static/css/site.css): an article's column is
at most 45.5rem (728 px) wide, so 800 px serves it on a plain screen and 1456 px (twice 728) on
a sharp one; phones (360-430 px wide) take 480 px, or 800 px at twice the pixels. A photo is
never made wider than it is. (1456, not 1600: a 12 MP phone photo held upright is 3000 px wide,
and up to 1500 px its JPEG decodes at half its size, four times faster.) The addresses carry
part of the key (the source's bytes and these settings), so a photo replaced under the same
name gets new addresses and no reader sees a stale copy.
Nothing here decodes a pixel: `survey` reads facts through read.py, or from the store when the
same bytes were encoded before.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import PIL
from PIL import features

from ...core.fingerprint import digest
from ...core.model import MediaFile, Picture, Pictures, PictureSource
from ...core.urls import media_url
from .read import PhotoFacts, read_facts
from .store import PhotoStore

WIDTHS = (480, 800, 1200, 1456)
LARGE = 1200  # feeds, JSON-LD and share pictures take this width
# Raise when an encoder setting below or in encode.py changes, so every photo is made anew.
ENCODER = ("2: each width from the next larger; jpeg q78 progressive optimized, webp q75 m2, "
           "avif q55 speed 10 one thread, png optimized")
MIME = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


@cache
def avif_written() -> bool:
    """Whether this Pillow can write AVIF; the formats, and so the key, depend on it."""
    return bool(features.check("avif"))


def photo_key(data: bytes) -> str:
    return digest(ENCODER, PIL.__version__, f"avif={avif_written()}", data)


def original_key(key: str) -> str:
    """The store entry of a photo's stripped original, made only when an article links to it."""
    return digest(key, "original")


def widths_for(width: int) -> tuple[int, ...]:
    """The widths a photo `width` px wide is published in: the theme's, up to its own."""
    top = min(width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w < top), top)


def height_at(facts: PhotoFacts, width: int) -> int:
    return max(1, round(facts.height * width / facts.width))


@dataclass(frozen=True, slots=True)
class PhotoPlan:
    rel: str  # under content/media
    key: str
    facts: PhotoFacts
    original: bool  # an article links to it as a download: publish it too, stripped
    path: Path  # the source file

    @property
    def url(self) -> str:
        return media_url(self.rel)

    @property
    def widths(self) -> tuple[int, ...]:
        return widths_for(self.facts.width)

    @property
    def fallback(self) -> str:
        return "png" if self.facts.alpha else "jpg"

    @property
    def formats(self) -> tuple[str, ...]:
        return (*(("avif",) if avif_written() else ()), "webp", self.fallback)

    @property
    def large_width(self) -> int:
        return max(w for w in self.widths if w <= LARGE)  # the smallest is at most 480

    @property
    def original_name(self) -> str:
        return "original." + {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[self.facts.format]

    def variant_url(self, width: int, fmt: str) -> str:
        """/media/beelden/tuin-1a2b3c4d-800.webp for /media/beelden/tuin.jpg."""
        folder, name = posixpath.split(self.rel)
        stem = posixpath.splitext(name)[0]
        return media_url(posixpath.join(folder, f"{stem}-{self.key[:8]}-{width}.{fmt}"))

    def files(self) -> list[tuple[str, str]]:
        """(name in the store entry, address on the site) of every width in every format."""
        return [(f"{w}.{fmt}", self.variant_url(w, fmt)) for fmt in self.formats for w in self.widths]

    def picture(self, sizes: dict[str, int] | None = None) -> Picture:
        """What the pages are told; `sizes` (bytes of each stored file) once the files are made."""
        sizes = sizes or {}
        widths = self.widths
        middle = min(widths, key=lambda w: abs(w - WIDTHS[1]))
        large = self.large_width
        return Picture(
            url=self.url, width=self.facts.width, height=self.facts.height,
            sources=tuple(PictureSource(MIME[fmt], ", ".join(f"{self.variant_url(w, fmt)} {w}w" for w in widths))
                          for fmt in self.formats),
            src=self.variant_url(middle, self.fallback),
            large=self.variant_url(large, self.fallback), large_width=large,
            large_height=height_at(self.facts, large), large_bytes=sizes.get(f"{large}.{self.fallback}", 0),
            large_mime=MIME[self.fallback],
            original=self.url if self.original else None,
            original_bytes=sizes.get(self.original_name, 0))


@dataclass(frozen=True, slots=True)
class Surveyed:
    media: MediaFile
    key: str
    facts: PhotoFacts


# Per process, by file and its size and time: a build reads each photo's bytes once although
# both the check (build/imagecheck.py) and the publishing stage (encode.py) ask.
_SEEN: dict[tuple[str, int, int], tuple[str, PhotoFacts]] = {}


def survey(media: Iterable[MediaFile], store: PhotoStore | None) -> dict[str, Surveyed]:
    """The key and facts of every raster file in `media`, by its address (/media/…)."""
    found: dict[str, Surveyed] = {}
    for item in media:
        if not item.is_photo:
            continue
        try:
            stat = os.stat(item.path)
            seen = _SEEN.get((str(item.path), stat.st_size, stat.st_mtime_ns))
            if seen is None:
                data = Path(item.path).read_bytes()
                key = photo_key(data)
                manifest = store.manifest(key) if store else None
                facts = (PhotoFacts(manifest["width"], manifest["height"], manifest["format"], manifest["alpha"])
                         if manifest else read_facts(data))
                del data
                seen = _SEEN[(str(item.path), stat.st_size, stat.st_mtime_ns)] = (key, facts)
        except OSError:
            seen = ("", PhotoFacts(0, 0, "", False, "dit bestand kon niet gelezen worden"))
        found[media_url(item.rel)] = Surveyed(item, *seen)
    return found


def plan_pictures(surveyed: dict[str, Surveyed], originals: Iterable[str]) -> dict[str, PhotoPlan]:
    """A plan for every readable photo; `originals`: the addresses articles link to as downloads."""
    wanted = set(originals)
    return {url: PhotoPlan(s.media.rel, s.key, s.facts, url in wanted, s.media.path)
            for url, s in sorted(surveyed.items()) if not s.facts.fault}


def pictures_of(plans: dict[str, PhotoPlan], sizes: dict[str, dict[str, int]] | None = None) -> Pictures:
    return Pictures({url: plan.picture((sizes or {}).get(url)) for url, plan in sorted(plans.items())})
