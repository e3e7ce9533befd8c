"""Nothing to do: every input is as the last build saw it, and its output is as it left it.

Owns: one digest of everything a build reads (every byte of the content folder, every file of the
theme folders, the name, size and time of Decap's files, rvz-site's own version with its libraries,
the build day and the options that change output) and, kept in the build cache after a build that
succeeded, a record of that digest with every file of the output folder as written (path, size,
time, inode). A build whose digest equals the record's, and whose output folder still matches the
record file for file, is done: the site it would write is already there. Anything else (a changed
byte anywhere, a file added to or removed from public/ by hand, another version of a library) is
a miss, and the build runs as usual; so this can never change what a build writes.

Must not: build anything, or decide what a changed input means (incremental.py and cache.py do).
At 10,000 articles, reading the content (80 MB) and listing public/ (40,000 files) take half a
second, where even a fully cached build takes ten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import digest, library_versions, program_version
from .errors import Problem
from .treesync import walk_files

# Libraries that shape the output besides cache.py's list: the search index and the share pictures.
_MORE_LIBRARIES = ("pagefind", "pagefind_bin", "Pillow", "font-lato", "cbor2")
_RECORD_VERSION = "1"

Listing = dict[str, tuple[int, int, int]]  # relative posix path: (size, mtime_ns, inode)


@dataclass(frozen=True, slots=True)
class BuildRecord:
    key: str
    files: Listing
    warnings: tuple[Problem, ...]
    articles: int
    pages: int


def input_key(content: Path, themes: Sequence[Path], decap: Sequence[Path], options: Sequence[str]) -> str:
    """The digest of everything a build of `content` reads; any change to any byte changes it."""
    h = hashlib.blake2b(digest_size=20)

    def add(data: bytes | str) -> None:
        raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)

    for part in (_RECORD_VERSION, program_version(), *library_versions(_MORE_LIBRARIES), *options):
        add(part)
    for root in (content, *themes):
        add(f"folder {root.resolve()}")
        for rel, entry in walk_files(os.fspath(root)):
            add(rel)
            if entry.is_symlink():
                add(f"link {os.readlink(entry.path)}")
            try:
                with open(entry.path, "rb") as handle:
                    add(handle.read())
            except OSError as exc:  # unreadable: the build itself will say so
                add(f"unreadable {exc.errno}")
    for path in decap:  # 6 MB of someone else's release: its names, sizes and times will do
        stat = path.stat()
        add(f"decap {path} {stat.st_size} {stat.st_mtime_ns}")
    return h.hexdigest()


def list_output(root: Path) -> Listing:
    listing: Listing = {}
    for rel, entry in walk_files(os.fspath(root)):
        stat = entry.stat(follow_symlinks=False)
        listing[rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return listing


def _record_path(cache: Path, out_dir: Path) -> Path:
    return cache / "laatste-build" / f"{digest(os.fspath(out_dir.absolute()))}.pickle"


def _load(cache: Path, out_dir: Path) -> BuildRecord | None:
    try:
        with _record_path(cache, out_dir).open("rb") as handle:
            last = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return last if isinstance(last, BuildRecord) else None


def up_to_date(cache: Path, out_dir: Path, key: str) -> BuildRecord | None:
    """The last build's record, when it saw these very inputs and out_dir is as it left it.
    On a miss, what out_dir damaged in place is first dropped from the cache (_mend_damage)."""
    last = _load(cache, out_dir)
    if last is None or not out_dir.is_dir():
        return None
    now = list_output(out_dir)
    if last.key == key and now == last.files:
        return last
    _mend_damage(cache, last, now)
    return None


def _mend_damage(cache: Path, last: BuildRecord, now: Listing) -> None:
    """Drop from the cache every file that a file of out_dir, changed in place since the last build,
    shares its inode with. The pages in public/ are hard links to the cache's read-only files, but
    read-only does not stop root (or `chmod`): writing into public/index.html would change the kept
    page too, and the next build would link the damaged page in again. Without the file the cache
    simply misses and renders the page anew."""
    damaged = {ino for path, (size, mtime, ino) in last.files.items()
               if path in now and now[path][2] == ino and now[path][:2] != (size, mtime)}
    if not damaged:
        return
    for rel, entry in list(walk_files(os.fspath(cache))):
        if entry.stat(follow_symlinks=False).st_ino in damaged:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
            if rel.startswith("search/"):  # a kept part of the search index is whole or not at all
                shutil.rmtree(cache / "/".join(rel.split("/")[:2]), ignore_errors=True)


def remember(cache: Path, out_dir: Path, key: str, warnings: Sequence[Problem], articles: int,
             pages: int) -> None:
    """Record a build that succeeded; a record that cannot be written only costs a full build later."""
    record = BuildRecord(key, list_output(out_dir), tuple(warnings), articles, pages)
    target = _record_path(cache, out_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        return

