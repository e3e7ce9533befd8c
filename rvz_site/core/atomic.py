"""Files and trees: written whole or not at all, swapped in one step, linked where they can be,
walked in one order; and what reading back a damaged file may raise.

The one place for these: the writer, the search index, the build cache, the record of the last
build and the one-article lane all use them, and each once had its own copy.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

# Where files kept between builds go unless told otherwise: beside the output folder.
KEPT_DIR = Path(".cache") / "rvz-site"

# What loading a damaged or foreign pickle from the cache may raise: such a file is only a miss.
UNREADABLE = (OSError, EOFError, pickle.PickleError, AttributeError, ImportError, TypeError, ValueError)


def write_atomically(target: Path, data: bytes, read_only: bool = False) -> None:
    """Write a file whole or not at all (a stopped build leaves no half file behind). `read_only`:
    for a kept file that is hard-linked into public/, so it cannot be changed there in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if read_only:
            os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to `source` at `target` (kept files are read-only, so the site cannot change
    them in place), or a copy where a link cannot be made (another file system)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@cache
def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    result = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)  # type: ignore[operator]
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
            return False
        raise OSError(errno, os.strerror(errno), str(a))
    return True


def replace_folder(new: Path, target: Path) -> Path:
    """Put the folder `new` in the place of `target`; return where the old `target` now is (the
    caller keeps or removes it). One exchange where the system can; else two renames, between which
    `target` is briefly missing (writer.recover puts a `.NAME.old-*` folder back after a stop)."""
    if exchange(new, target):
        return new
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    new.rename(target)
    return old


def walk_files(folder: str, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file under folder with its relative posix path, sorted by name (not in the file system's
    order); plain strings, since Path objects for 40,000 files cost a second. A folder that cannot
    be read is left out."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from walk_files(entry.path, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry
