"""Read a photo's facts: what it is, how large it is as a reader sees it, and whether it is whole.

Never trusts the file: a text file named .jpg, a JPEG cut off halfway through its upload and a
decompression bomb (a small file that claims 30,000 x 30,000 pixels) each become a `fault` in
plain Dutch, never an exception. The bomb is refused from its header, before any pixel is
decoded, so it costs neither time nor memory. Writes nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# Formats Pillow may find in such a file; MPO is what some phones write for a plain JPEG.
KNOWN_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
# Above this many pixels a file is refused unread: 100 megapixels is more than any phone or
# camera editors use makes, and decoding it would need some 300 MB of memory.
MAX_PIXELS = 100_000_000
# Above these an editor is warned: the build copes, but the upload was needlessly large.
WARN_BYTES = 20_000_000
WARN_SIDE = 8000
# EXIF orientations that turn the picture a quarter: width and height swap when it is applied.
_QUARTER_TURNS = {5, 6, 7, 8}
_ORIENTATION_TAG = 0x0112


@dataclass(frozen=True, slots=True)
class PhotoFacts:
    width: int  # as shown: the EXIF orientation applied
    height: int
    format: str  # JPEG, PNG or WEBP
    alpha: bool  # has transparency, so its fallback is PNG
    fault: str = ""  # why it cannot be published; empty when it can


def _fault(problem: str) -> PhotoFacts:
    return PhotoFacts(0, 0, "", False, problem)


def open_image(data: bytes) -> Image.Image:
    """Pillow's image of `data`: its header read, no pixel yet. Pillow's own bomb check (a warning
    past 89 MP, an error past twice that) is set aside, so that read_facts can say how large the
    file claims to be; MAX_PIXELS is checked before any pixel is decoded."""
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        return Image.open(io.BytesIO(data))
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def read_facts(data: bytes) -> PhotoFacts:
    """The facts of one file's bytes. Decodes it (JPEG at an eighth of its size, which is quick)
    to find a truncated file, which Pillow's header alone does not show."""
    try:
        image = open_image(data)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return _fault("dit bestand is geen afbeelding die de site kan lezen")
    with image:
        kind = KNOWN_FORMATS.get(image.format or "")
        if kind is None:
            return _fault(f"dit bestand is een {image.format or 'onbekend'}-bestand, geen JPEG, PNG of WebP")
        width, height = image.size
        if width * height > MAX_PIXELS:
            return _fault(f"de afbeelding is {width} x {height} pixels: te groot om te verwerken "
                          "(mogelijk een decompressiebom)")
        try:
            orientation = int(image.getexif().get(_ORIENTATION_TAG, 1))
        except (OSError, ValueError, SyntaxError, TypeError):
            orientation = 1  # unreadable EXIF: the picture as stored
        alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        try:
            if kind == "JPEG":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return _fault("de afbeelding is beschadigd of niet helemaal geüpload")
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return PhotoFacts(width, height, kind, alpha)
