"""Phone photos made in the test: real-sized JPEGs that carry what phones put in them.

`phone_photo()` writes a 4000x3000 JPEG (12 MP, 2-4 MB) stored on its side with EXIF orientation 6
(turn a quarter clockwise to show it), a GPS position, the camera's make and model, a maker note,
XMP and an ICC profile. Its pixels look like a photo to an encoder: soft shapes and sensor noise.
The stored top-left corner is red, so a test can see where it ends up once the photo is turned.
Also the bad files: a truncated JPEG, a text file named .jpg, and a decompression bomb.
Used by tests/images/ and bench/images.py.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageCms, ImageDraw, ImageFilter

WIDTH, HEIGHT = 4000, 3000
ORIENTATION_TAG, GPS_IFD, MAKER_NOTE_TAG, EXIF_IFD = 0x0112, 0x8825, 0x927C, 0x8769
GPS_LATITUDE = (52.0, 5.0, 33.12)  # somewhere in Utrecht: where a care home might be
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,5.552N"/>'
       b"</rdf:RDF></x:xmpmeta>")


def scene(seed: int, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image.Image:
    """The pixels of a photo before its metadata; many photos can be made from a few (phone_photo)."""
    rng = random.Random(seed)
    width, height = size
    small = Image.new("RGB", (24, 18))
    small.putdata([(rng.randrange(40, 220), rng.randrange(40, 220), rng.randrange(40, 220)) for _ in range(24 * 18)])
    # Drawn at a quarter of the size and blurred there (a sixteenth of the work), then enlarged.
    image = small.resize((width // 4, height // 4), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(12):  # some edges, as in a room with people and furniture
        x, y = rng.randrange(width // 4), rng.randrange(height // 4)
        draw.ellipse((x, y, x + rng.randrange(25, 225), y + rng.randrange(25, 225)),
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = image.filter(ImageFilter.GaussianBlur(1)).resize(size, Image.Resampling.BILINEAR)
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")  # a sensor's noise
    image = Image.blend(image, grain, 0.06)
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill=(230, 20, 20))  # stored top-left
    return image


def phone_photo(seed: int = 0, size: tuple[int, int] = (WIDTH, HEIGHT), quality: int = 90,
                base: Image.Image | None = None) -> bytes:
    """`base`: a scene made before, to draw on a copy of (quicker for many photos); each seed marks its own."""
    image = scene(seed, size) if base is None else base.copy()
    if base is not None:
        rng = random.Random(seed)
        x, y = rng.randrange(size[0] - 200), rng.randrange(size[1] - 200)
        ImageDraw.Draw(image).ellipse((x, y, x + 200, y + 150), fill=(rng.randrange(256), 90, rng.randrange(256)))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6
    exif[0x010F] = "Telefoonmerk"
    exif[0x0110] = "Model 12"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (5.0, 7.0, 0.5)})
    exif.get_ifd(EXIF_IFD)[MAKER_NOTE_TAG] = b"MAKERNOTE serial 0042"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes(), xmp=XMP, icc_profile=srgb)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    """A phone photo cut off halfway, as an interrupted upload leaves it."""
    whole = phone_photo(7, (1600, 1200))
    return whole[: len(whole) // 2]


def text_as_jpeg() -> bytes:
    return b"Dit is geen foto maar een tekstbestand met de naam foto.jpg.\n"


def decompression_bomb(side: int = 30_000) -> bytes:
    """A PNG of a few hundred bytes whose header claims side x side pixels (900 million at 30,000)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (side + 1) * 4, 9)  # the first rows only: the rest is never reached
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
