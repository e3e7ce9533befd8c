"""Fingerprints: the one digest of the package, and what of the program can change its output.

Every cache key, up-to-date record and search-part key is made with `digest`, and says which
program made it with `program_version`. The list of libraries that shape output lives here
and only here (`OUTPUT_LIBRARIES`, `PICTURE_AND_SEARCH_LIBRARIES`), so a new one is added in one place.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

_SCHEMA = 1
# Libraries whose version can change what a page looks like.
OUTPUT_LIBRARIES = ("Jinja2", "Markdown", "pymdown-extensions", "PyYAML", "feedgen", "Babel", "python-slugify",
                    "tzdata", "icalendar", "lxml", "MarkupSafe", "python-dateutil", "pyphen")
# Those that shape only the search index and the share pictures, which have keys of their own;
# the record of the last build (speed/uptodate.py) holds both lists.
PICTURE_AND_SEARCH_LIBRARIES = ("pagefind", "pagefind_bin", "Pillow", "font-lato", "cbor2")
_PACKAGE = Path(__file__).resolve().parent.parent


class Digest:
    """The digest, made part by part: each part length-prefixed so that ("ab", "c") and ("a", "bc")
    differ. Text is UTF-8; a file name that is not (surrogates) keeps its own bytes."""

    def __init__(self) -> None:
        self._hash = hashlib.blake2b(digest_size=20)

    def add(self, part: bytes | str) -> None:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        self._hash.update(len(data).to_bytes(8, "little"))
        self._hash.update(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def digest(*parts: bytes | str) -> str:
    """One hex digest of the parts (see Digest)."""
    h = Digest()
    for part in parts:
        h.add(part)
    return h.hexdigest()


def bytes_digest(data: bytes) -> bytes:
    """The digest of one file's bytes as they are (no length prefix): what a file's content is known by."""
    return hashlib.blake2b(data, digest_size=20).digest()


@cache
def program_version() -> str:
    """Everything about this program that can change its output: its source, Python, the libraries."""
    parts: list[bytes | str] = [str(_SCHEMA), sys.version]
    for path in sorted(_PACKAGE.rglob("*.py")):
        parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts, *library_versions(OUTPUT_LIBRARIES))


def library_versions(names: Iterable[str]) -> list[str]:
    """`name==version` for each installed library, `name absent` for the others."""
    found: list[str] = []
    for name in names:
        try:
            found.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return found
