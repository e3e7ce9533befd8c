"""Write the built site so that public/ is always wholly old or wholly new.

Every file goes into a staging folder beside the target; at the end the two
folders are exchanged in one atomic rename (Linux renameat2 RENAME_EXCHANGE),
and the old tree is removed. A build stopped at any moment, even by SIGKILL,
leaves the previous public/ exactly as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import UsageError
from .model import OutputFile

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class WriteStats:
    files: int
    bytes: int


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders; False where the system cannot."""
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


def _leftovers(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def recover(out_dir: Path) -> None:
    """Undo what a build killed mid-swap left behind (only possible on the fallback path)."""
    old = _leftovers(out_dir, "old")
    if not out_dir.exists() and old:
        old[-1].rename(out_dir)
        old = old[:-1]
    for leftover in old + _leftovers(out_dir, "new"):
        shutil.rmtree(leftover, ignore_errors=True)


def check_target(out_dir: Path, content_dir: Path) -> None:
    """Refuse a target whose replacement would destroy something that is not a built site."""
    out, content = out_dir.resolve(), content_dir.resolve()
    if out == content or content.is_relative_to(out) or out.is_relative_to(content):
        raise UsageError(f"de uitvoermap {out_dir} mag de contentmap niet bevatten of erin liggen")
    if out == Path.cwd().resolve() or Path.cwd().resolve().is_relative_to(out):
        raise UsageError(f"de uitvoermap {out_dir} is de map waarin je werkt; kies bijv. public/")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").exists() \
            and not (out / "404.html").exists():
        raise UsageError(f"de map {out_dir} bestaat al en is geen eerder gebouwde site; "
                         "kies een andere map of maak deze leeg")


def _safe_path(root: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"output path outside the site: {rel!r}")
    return root.joinpath(*pure.parts)


def write_tree(outputs: Sequence[OutputFile], root: Path) -> WriteStats:
    total = 0
    made: set[Path] = set()
    for output in outputs:
        target = _safe_path(root, output.path)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if output.data is not None:
            target.write_bytes(output.data)
            total += len(output.data)
        elif output.copy_from is not None:
            shutil.copyfile(output.copy_from, target)
            total += target.stat().st_size
    return WriteStats(len(outputs), total)


class WriteError(Exception):
    """The new site could not be written (a full disk, no permission); public/ is as it was."""


_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EACCES: "er is geen toestemming om daar te schrijven",
    errno.EPERM: "er is geen toestemming om daar te schrijven",
    errno.EROFS: "de schijf is alleen-lezen",
}


def write_site(outputs: Sequence[OutputFile], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None) -> WriteStats:
    """Write `outputs` beside out_dir, let `before_swap` finish the staged tree (e.g. the search
    index, which must see the final pages), then swap it in. A failure anywhere leaves out_dir;
    the system refusing to write (a full disk) is a WriteError in Dutch."""
    try:
        return _write_and_swap(outputs, out_dir, before_swap)
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        where = f" ({exc.filename})" if exc.filename else ""
        raise WriteError(f"de site kon niet worden geschreven: {reason}{where}; "
                         f"{out_dir} is niet veranderd") from exc


def _write_and_swap(outputs: Sequence[OutputFile], out_dir: Path,
                    before_swap: Callable[[Path], None] | None) -> WriteStats:
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        stats = write_tree(outputs, staging)
        if before_swap is not None:
            before_swap(staging)
        staging.chmod(0o755)
        if not out_dir.exists():
            staging.rename(out_dir)
            return stats
        if exchange(staging, out_dir):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old tree; the swap is done
            return stats
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
        staging.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
        return stats
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
