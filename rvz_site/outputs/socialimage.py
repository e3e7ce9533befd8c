"""The picture shown when a page is shared (Open Graph / Twitter card): the title on the
movement's colours, 1200x630 PNG, drawn with Pillow and kept in a content-addressed cache.
An article with its own photo (`image:`) shares that photo instead, cropped to 1200x630 around
its centre or the editor's `image_focus:`, with the title on a band across its foot: a JPEG,
made from the photo's stripped 1200 px version (outputs/images), so it carries no metadata.

Same title, same bytes: Lato from the PyPI package font-lato (no system font that differs per
machine; Pillow's bundled font has no é, ë or ï, which Dutch titles need),
a fixed palette, no time stamps in the PNG. The cache key is a hash of everything that shapes
the picture (title, site name, this module's DESIGN version, Pillow's and zlib's versions), so a changed
title or design draws anew and an unchanged one is never redrawn. The cache is a plain folder
(`ImageCache`) that a general build cache can replace. Reads and writes files; renders no HTML.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..core.atomic import write_atomically
from ..core.model import Article, OutputFile, Site
from ..core.parallel import map_indices, worker_count
from ..core.urls import article_url, home, output_path, social_image
from .palettepng import FILTER_NONE, Band, deflate_band, palette_head, palette_png

WIDTH, HEIGHT = 1200, 630
DESIGN = "3"  # raise when the drawing or the PNG below changes, so cached pictures are made anew
PHOTO_DESIGN = "1"  # the same for the pictures made from an article's photo
BAND_PADDING = 28  # around the title on the photo's band
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


@lru_cache(maxsize=16384)
def _width(size: int, text: str) -> float:
    """How far Pillow's layout moves the pen over `text`. A line is as wide as its words and spaces
    added up (Lato has no kerning across a space: the same to 1/64 px for all 37,048 line starts of
    5,000 bench titles at every size), so a word is measured once, not in every line it starts."""
    return _font(size).getlength(text)


def _wrap(title: str, size: int, width: int) -> list[str]:
    space = _width(size, " ")
    lines: list[str] = []
    line_width = 0.0
    for word in title.split():
        word_width = _width(size, word)
        if lines and line_width + space + word_width <= width:
            lines[-1] = f"{lines[-1]} {word}"
            line_width += space + word_width
        else:
            lines.append(word)
            line_width = word_width
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


def plain_picture(title: str, site_title: str) -> Image.Image:
    """The title picture drawn the plain way: each word with Pillow's text on the whole picture,
    then the footer and the stripe on top. draw_social_image makes it faster and must decode to
    exactly these pixels (tests/readers/test_meta.py holds it to that; bench/pictures.py times both)."""
    size, lines = _fit(title)
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    for number, line in enumerate(lines):
        for word, pixels in _words_at(size, line):
            draw.text((MARGIN + pixels, MARGIN + number * _line_spacing(size)), word, font=_font(size), fill=255)
    picture = mask.point(_TITLE_LUT)
    footer = Image.new("L", (WIDTH, FOOTER), 0)
    ImageDraw.Draw(footer).text((MARGIN, 18), site_title, font=_font(32), fill=255)
    picture.paste(footer.point(_FOOTER_LUT), (0, HEIGHT - FOOTER))
    picture.paste(_STRIPE_INDEX, (0, 0, STRIPE, HEIGHT - FOOTER))
    picture.putpalette(_PALETTE)
    return picture


# The fast way. The PNG's rows are drawn one column to the right in masks one pixel wider than the
# share picture: the first column is then each scanline's filter byte, so a mask's bytes are the
# PNG's scanlines as they are. The right edge still clips where the picture's does.
_ROW = WIDTH + 1
_TEXT_BOTTOM = HEIGHT - FOOTER  # the footer covers whatever text would reach below
_HEAD = palette_head(WIDTH, HEIGHT, _PALETTE)
_SHARED_LEVEL = 9  # rows every picture shares are deflated once per process: the smallest will do
_TITLE_LEVEL = 1  # the title's rows, per picture: the fastest level; level 3 saves 9% for 20% more time
_TITLE_LEVELS = bytes(_TITLE_LUT)
_WORDS_KEPT = 4096  # rendered words per process: some 60 MB at most, and most words of a site repeat
_RIGHT_TO_LEFT = frozenset(("R", "AL", "AN"))


def _scanlines(coverage: Image.Image, levels: bytes, stripe: bool) -> bytearray:
    """The rows of a mask drawn one column to the right, as PNG scanlines: coverage turned into
    palette indices (`levels`: bytes.translate is some ten times faster than Image.point), the
    first column each row's filter byte, and the stripe on the left if `stripe`."""
    rows = bytearray(coverage.tobytes().translate(levels))
    rows[0::_ROW] = bytes((FILTER_NONE,)) * coverage.height
    for column in range(1, 1 + STRIPE) if stripe else ():
        rows[column::_ROW] = bytes((_STRIPE_INDEX,)) * coverage.height
    return rows


@lru_cache(maxsize=4)
def _footer(site_title: str) -> Band:
    """The footer band, the same on every picture of a site: drawn and deflated once per process."""
    footer = Image.new("L", (_ROW, FOOTER), 0)
    ImageDraw.Draw(footer).text((1 + MARGIN, 18), site_title, font=_font(32), fill=255)
    return deflate_band(_scanlines(footer, bytes(_FOOTER_LUT), stripe=False), _SHARED_LEVEL)


@cache
def _ground(rows: int) -> Band:
    """`rows` rows of teal ground with the stripe: above and below every title (some dozens of
    heights in all), deflated once per process."""
    row = bytes((FILTER_NONE,)) + bytes((_STRIPE_INDEX,)) * STRIPE + bytes(WIDTH - STRIPE)
    return deflate_band(row * rows, _SHARED_LEVEL)


@lru_cache(maxsize=8)
def _line_spacing(size: int) -> int:
    # What Pillow's multiline text puts between the tops of two lines (whole pixels, a FreeType bbox).
    return int(_font(size).getbbox("A", "L")[3]) + size // 4


def _words_at(size: int, line: str) -> list[tuple[str, int]]:
    """The line's words, each with the whole pixel right of the line's start where its first
    letter goes: where the whole line's layout puts it, rounded. Words at whole pixels can be
    drawn once and used again in every title (at the fraction of a pixel the line puts them, a
    word would take 64 renderings; FreeType's are most of a picture's cost). A line with letters
    that run right to left is one piece: its words' order is not the order in the text."""
    if any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in line):
        return [(line, 0)]
    placed = []
    pen = 0.0
    for word in line.split(" "):
        if word:
            placed.append((word, (round(pen * 64) + 32) // 64))  # FreeType's rounding of 1/64 px
        pen += _width(size, word) + _width(size, " ")
    return placed


Rendered = tuple[Any, tuple[int, int]]  # Pillow's mask of some text, and where it goes from the pen


@lru_cache(maxsize=_WORDS_KEPT)
def _word(size: int, word: str) -> Rendered:
    """A word as Pillow's text draws it at a whole pixel: kept, since words repeat from title to title."""
    return _font(size).getmask2(word, "L", anchor="la")


Piece = tuple[Any, int, int]  # a rendered word and where its mask's top left corner goes


def _pieces(size: int, lines: Sequence[str]) -> list[Piece]:
    pieces = []
    for number, line in enumerate(lines):
        top = MARGIN + number * _line_spacing(size)
        for word, pixels in _words_at(size, line):
            mask, offset = _word(size, word)
            pieces.append((mask, MARGIN + pixels + offset[0], top + offset[1]))
    return pieces


def _coverage(pieces: Sequence[Piece]) -> tuple[int, Image.Image] | None:
    """The title's ink, no more rows than the text covers: its first row and the rows (a mask,
    one column to the right); None for a title with nothing to draw."""
    first = max(0, min((y for _, _, y in pieces), default=_TEXT_BOTTOM))
    end = min(_TEXT_BOTTOM, max((y + mask.size[1] for mask, _, y in pieces), default=0))
    if end <= first:
        return None
    coverage = Image.new("L", (_ROW, end - first), 0)
    draw = ImageDraw.Draw(coverage).draw
    for mask, x, y in pieces:
        draw.draw_bitmap((1 + x, y - first), mask, 255)  # how Pillow's text puts a mask down
    return first, coverage


TitleRows = tuple[int, int, bytearray]  # the title's first row, how many rows, their scanlines


def _title_rows(coverage: tuple[int, Image.Image] | None) -> TitleRows | None:
    if coverage is None:
        return None
    first, rows = coverage
    return first, rows.height, _scanlines(rows, _TITLE_LEVELS, stripe=True)


def _png(title: TitleRows | None, site_title: str) -> bytes:
    """The PNG of the title's rows on the ground, with the footer."""
    if title is None:
        bands = [_ground(_TEXT_BOTTOM)]
    else:
        first, height, scanlines = title
        bands = [_ground(first), deflate_band(scanlines, _TITLE_LEVEL), _ground(_TEXT_BOTTOM - first - height)]
    return palette_png(_HEAD, [band for band in bands if band.size] + [_footer(site_title)])


def draw_social_image(title: str, site_title: str) -> bytes:
    """The same pixels as plain_picture, at a fraction of its cost: the words come from a cache,
    only the title's rows are drawn and deflated, the rest of the PNG is made once per process."""
    return _png(_title_rows(_coverage(_pieces(*_fit(title)))), site_title)


def _band_lines(title: str) -> tuple[int, list[str]]:
    """The title on the photo's band: at most two lines, cut with … when even 40 px does not fit."""
    width = WIDTH - MARGIN - BAND_PADDING
    for size in (52, 46, 40):
        lines = _wrap(title, size, width)
        if len(lines) <= 2:
            return size, lines
    lines = _wrap(title, 40, width)[:2]
    return 40, [lines[0], lines[1].rstrip(",.;:") + " …"]


def crop_around(photo: Image.Image, focus: tuple[float, float]) -> Image.Image:
    """The photo scaled to cover 1200x630 and cut to it, the focus point as near the centre as fits."""
    return ImageOps.fit(photo, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=focus)


def draw_social_photo(photo_file: Path, focus: tuple[float, float], title: str, site_title: str) -> bytes:
    with Image.open(photo_file) as opened:
        picture = crop_around(opened.convert("RGB"), focus)
    size, lines = _band_lines(title)
    line_height = size + size // 4
    band = BAND_PADDING * 2 + line_height * len(lines) + 36
    top = HEIGHT - band
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=TEAL)
    draw.rectangle((0, top, STRIPE, HEIGHT), fill=ORANGE)
    draw.multiline_text((MARGIN, top + BAND_PADDING), "\n".join(lines), font=_font(size), fill=WHITE,
                        spacing=size // 4)
    draw.text((MARGIN, HEIGHT - BAND_PADDING - 26), site_title, font=_font(26), fill=SAND)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True, progressive=True)  # no exif=: nothing but pixels
    return out.getvalue()


def image_key(title: str, site_title: str, photo: Path | None = None, focus: tuple[float, float] | None = None) -> str:
    # A photo's file in the store is named by its bytes and encoder settings (its folder, the key).
    made_from = ("", "") if photo is None else (f"{PHOTO_DESIGN}:{photo.parent.name}/{photo.name}", repr(focus))
    # The title pictures are deflated by the zlib Python links, whose version may shape the bytes.
    material = "\0".join((DESIGN, PIL.__version__, zlib.ZLIB_RUNTIME_VERSION, site_title, title, *made_from))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ImageCache:
    """Content-addressed: <folder>/<key[:2]>/<key>.png. Written atomically, so a stopped build
    never leaves half a picture behind."""

    folder: Path

    def path(self, key: str, suffix: str = ".png") -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def store(self, target: Path, data: bytes) -> None:
        write_atomically(target, data)


@dataclass(frozen=True, slots=True)
class SocialImage:
    path: str  # output path under public/, e.g. actueel/x/deelbeeld.png
    title: str
    photo: Path | None = None  # the article's photo at 1200 px, in the photo store; None: the title alone
    focus: tuple[float, float] = (0.5, 0.5)

    def key(self, site_title: str) -> str:
        return image_key(self.title, site_title, self.photo, self.focus if self.photo else None)

    def draw(self, site_title: str) -> bytes:
        if self.photo is None:
            return draw_social_image(self.title, site_title)
        return draw_social_photo(self.photo, self.focus, self.title, site_title)


def social_image_files(wanted: Sequence[SocialImage], site_title: str, cache: ImageCache,
                       jobs: int = 1) -> list[OutputFile]:
    """The pictures as output files; those not in the cache are drawn on `jobs` processes (0: every
    core) first. A picture is the same bytes whichever process draws it."""
    targets = [cache.path(w.key(site_title), ".jpg" if w.photo else ".png") for w in wanted]
    missing: dict[Path, SocialImage] = {}
    for target, w in zip(targets, wanted, strict=True):
        if target not in missing and not target.is_file():
            missing[target] = w
    todo = list(missing.items())

    def draw(indices: Sequence[int]) -> list[None]:
        # Each worker stores its own pictures (atomically), so 10,000 of them never travel back
        # to, or wait together in, the main process.
        for i in indices:
            cache.store(todo[i][0], todo[i][1].draw(site_title))
        return [None] * len(indices)

    map_indices(draw, len(todo), worker_count(jobs))
    return [OutputFile(w.path, copy_from=target) for w, target in zip(wanted, targets, strict=True)]


def _own(article: Article, site: Site, photo_files: Mapping[str, Path]) -> SocialImage:
    url = article_url(article.section, article.slug)
    picture = site.pictures.get(article.image)
    photo = photo_files.get(output_path(picture.large)) if picture else None
    if photo is None:
        return SocialImage(output_path(social_image(url)), article.title)
    return SocialImage(output_path(social_image(url, photo=True)), article.title, photo,
                       article.image_focus or (0.5, 0.5))


def wanted_images(site: Site, photo_files: Sequence[OutputFile] = ()) -> list[SocialImage]:
    """One picture per article and page, and one for the site that every other page shares.
    `photo_files`: the published photos (outputs/images), where an article's own photo is found."""
    by_path = {f.path: Path(f.copy_from) for f in photo_files if f.copy_from is not None}
    wanted = [SocialImage(output_path(social_image(home())), site.config.title)]
    wanted += [_own(article, site, by_path) for article in (*site.articles, *site.pages)]
    return wanted
