"""Make the published photo files: oriented, in sRGB, every piece of metadata left behind.

A photo is decoded once (a JPEG at the smallest scale that still covers its widest version,
which for a 12 MP photo is a quarter of the pixels and of the time), turned as its EXIF
orientation says, converted to sRGB, and written in each width and format with an empty `info`:
no EXIF (and so no GPS or maker notes), no XMP, no IPTC, no ICC profile. Every encoder runs on
one thread with fixed settings, so a file is the same bytes whichever process, on however many
cores, makes it. Photos not yet in the store are made on every core (core/parallel.py); each
worker stores its own files, and only small manifests travel back.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PIL import Image, ImageCms, ImageOps

from ...core.errors import Problem
from ...core.model import OutputFile, Site
from ...core.parallel import map_indices, worker_count
from ...core.urls import media_url, output_path
from .plan import PhotoPlan, height_at, original_key, pictures_of, survey
from .read import open_image
from .store import PhotoStore

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# A photo takes long enough that two are worth a second process.
_MIN_PARALLEL = 2


def _save(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpg":
        image.save(out, "JPEG", quality=78, progressive=True, optimize=True)
    elif fmt == "webp":
        image.save(out, "WEBP", quality=75, method=2)  # 4 and up: some 2 % smaller, twice as slow
    elif fmt == "avif":
        image.save(out, "AVIF", quality=55, speed=10, max_threads=1)  # one thread: the same bytes anywhere
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _decoded(data: bytes, plan: PhotoPlan, full: bool) -> Image.Image:
    """The photo as a reader sees it, with nothing but its pixels."""
    image = open_image(data)
    if plan.facts.format == "JPEG" and not full:
        scale = plan.widths[-1] / plan.facts.width
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    turned = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    mode = "RGBA" if plan.facts.alpha else "RGB"
    if turned.mode not in (mode, "RGB", "RGBA"):
        turned = turned.convert("RGBA" if plan.facts.alpha else "RGB")
    if icc:  # a phone's Display P3 or a camera's Adobe RGB, shown right without its profile
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):  # broken: the pixels as they are
            turned = ImageCms.profileToProfile(turned, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                               outputMode=turned.mode) or turned
    clean = turned.convert(mode)
    clean.info = {}
    return clean


def encode_variants(data: bytes, plan: PhotoPlan) -> dict[str, bytes]:
    """Every width in every format, by its name in the store entry ("800.webp")."""
    resized = _decoded(data, plan, full=False)
    files: dict[str, bytes] = {}
    for width in sorted(plan.widths, reverse=True):
        size = (width, height_at(plan.facts, width))
        if resized.size != size:  # each from the one before: a third of the work of each from the largest
            resized = resized.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            resized.info = {}
        for fmt in plan.formats:
            files[f"{width}.{fmt}"] = _save(resized, fmt)
    return files


def encode_original(data: bytes, plan: PhotoPlan) -> dict[str, bytes]:
    """The whole photo, oriented and stripped, in its own format: what a download link gives."""
    image = _decoded(data, plan, full=True)
    out = io.BytesIO()
    if plan.facts.format == "JPEG":
        image.save(out, "JPEG", quality=90, optimize=True)
    elif plan.facts.format == "WEBP":
        image.save(out, "WEBP", quality=90, method=4)
    else:
        image.save(out, "PNG", optimize=True)
    return {plan.original_name: out.getvalue()}


def _made(plan: PhotoPlan, store: PhotoStore, original: bool) -> dict[str, Any] | str:
    """Encode one photo's variants (or original) into the store; its manifest, or why it failed."""
    try:
        data = plan.path.read_bytes()
        files = encode_original(data, plan) if original else encode_variants(data, plan)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return f"de afbeelding kon niet verwerkt worden ({type(exc).__name__})"
    facts = plan.facts
    return store.put(original_key(plan.key) if original else plan.key, files,
                     {"width": facts.width, "height": facts.height, "format": facts.format, "alpha": facts.alpha})


def publish_pictures(site: Site, store: PhotoStore, jobs: int = 1) -> tuple[Site, list[OutputFile], list[Problem]]:
    """The site with its pictures' real file sizes, the photo files to publish, and the photos
    that could not be made (a file whose header was whole but whose pixels are not)."""
    surveyed = survey((m for m in site.media if media_url(m.rel) in site.pictures.by_url), store)
    plans = {url: PhotoPlan(s.media.rel, s.key, s.facts, picture.original is not None, s.media.path)
             for url, picture in site.pictures.by_url.items() if (s := surveyed.get(url)) is not None}
    manifests: dict[tuple[str, bool], dict[str, Any] | str] = {}
    todo: list[tuple[PhotoPlan, bool]] = []
    for plan in plans.values():
        for original in (False, True) if plan.original else (False,):
            known = store.manifest(original_key(plan.key) if original else plan.key)
            if known is None:
                todo.append((plan, original))
            else:
                manifests[(plan.url, original)] = known

    def work(indices: Sequence[int]) -> list[dict[str, Any] | str]:
        return [_made(todo[i][0], store, todo[i][1]) for i in indices]

    for (plan, original), made in zip(todo, map_indices(work, len(todo), worker_count(jobs), _MIN_PARALLEL),
                                      strict=True):
        manifests[(plan.url, original)] = made
    problems: list[Problem] = []
    files: dict[str, OutputFile] = {}
    sizes: dict[str, dict[str, int]] = {}
    for url, plan in plans.items():
        for original in (False, True) if plan.original else (False,):
            made = manifests[(url, original)]
            if isinstance(made, str):
                problems.append(Problem(f"content{url}", 0, 0, made,
                                        expected="een JPEG-, PNG- of WebP-foto die helemaal geüpload is"))
                continue
            sizes.setdefault(url, {}).update(made["files"])
            entry = store.entry(original_key(plan.key) if original else plan.key)
            named = [(plan.original_name, url)] if original else plan.files()
            for name, address in named:
                files[output_path(address)] = OutputFile(output_path(address), copy_from=entry / name)
    return replace(site, pictures=pictures_of(plans, sizes)), [files[p] for p in sorted(files)], problems
