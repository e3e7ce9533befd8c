"""A palette PNG put together from bands of rows deflated apart, so that rows every picture shares
are deflated once per process and only the rows that differ are deflated per picture.

Deflate lets pieces be joined when each ends on a full flush: the piece ends on a byte boundary and
nothing after it refers back into it (RFC 1951; zlib's Z_FULL_FLUSH). The zlib stream's Adler-32 is
combined from each band's own (RFC 1950), the stream ends with an empty last block, and each chunk
carries its CRC-32 (PNG, ISO/IEC 15948, 5.3). Every row has filter type 0 (none): anti-aliased text
on a flat ground deflates no smaller with the other filters, and needs no pass to choose one.
Pure bytes in, bytes out: knows nothing of what the picture shows.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 KB window, no preset dictionary
_LAST_BLOCK = b"\x03\x00"  # an empty block with fixed codes and BFINAL set: ends the deflate stream
_ADLER_BASE = 65521
FILTER_NONE = 0


@dataclass(frozen=True, slots=True)
class Band:
    """Scanlines (each a filter byte, then one palette index a pixel), deflated up to a full flush."""

    deflated: bytes
    adler: int  # Adler-32 of the scanlines
    size: int  # bytes of scanlines


def deflate_band(scanlines: bytes | bytearray, level: int) -> Band:
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = packer.compress(scanlines) + packer.flush(zlib.Z_FULL_FLUSH)
    return Band(deflated, zlib.adler32(scanlines), len(scanlines))


def combine_adler(first: int, second: int, second_size: int) -> int:
    """The Adler-32 of two byte strings joined, from each one's own (zlib's adler32_combine)."""
    rem = second_size % _ADLER_BASE
    low = (first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1
    high = (rem * (first & 0xFFFF)) + (first >> 16) + (second >> 16) + _ADLER_BASE - rem
    return (low % _ADLER_BASE) | ((high % _ADLER_BASE) << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big")


def palette_head(width: int, height: int, palette: Sequence[int]) -> bytes:
    """Signature, IHDR (8 bits a pixel, colour type 3: palette) and PLTE: the same for every
    picture of one size and palette, so worth keeping."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 3, 0, 0, 0))
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(palette))


def palette_png(head: bytes, bands: Sequence[Band]) -> bytes:
    """The PNG of `head` (palette_head) whose rows are the bands, top to bottom."""
    adler = 1  # the Adler-32 of nothing
    for band in bands:
        adler = combine_adler(adler, band.adler, band.size)
    stream = b"".join((_ZLIB_HEADER, *(band.deflated for band in bands), _LAST_BLOCK, adler.to_bytes(4, "big")))
    return head + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")
