"""Write the built site so that public/ is always wholly old or wholly new.

Every file goes into a staging folder beside the target; at the end the two
folders are exchanged in one atomic rename (Linux renameat2 RENAME_EXCHANGE),
and the old tree is removed. A build stopped at any moment, even by SIGKILL,
leaves the previous public/ exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.atomic import link_or_copy, replace_folder
from ..core.errors import UsageError
from ..core.model import OutputFile
from . import treesync


@dataclass(frozen=True, slots=True)
class WriteStats:
    files: int
    bytes: int


def _leftovers(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def recover(out_dir: Path, spare: Path | None = None) -> None:
    """Undo what a stopped build left behind: the old tree back in place (fallback path only),
    a half-updated staging tree kept as the spare (treesync brings it up to date), the rest removed."""
    old = _leftovers(out_dir, "old")
    if not out_dir.exists() and old:
        old[-1].rename(out_dir)
        old = old[:-1]
    new = _leftovers(out_dir, "new")
    if new and spare and not spare.exists():
        with contextlib.suppress(OSError):
            new[-1].rename(spare)
            new.pop()
    for leftover in old + new:
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


def _copy(source: Path | str, target: Path, link: bool) -> int:
    if link:
        link_or_copy(source, target)
    else:
        shutil.copyfile(source, target)
    return os.stat(target).st_size


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
            total += _copy(output.copy_from, target, output.link)
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


def _keep_or_remove(old: Path, spare: Path | None) -> None:
    if spare:
        with contextlib.suppress(OSError):
            spare.parent.mkdir(parents=True, exist_ok=True)
            old.rename(spare)
            return
    shutil.rmtree(old, ignore_errors=True)


def write_site(outputs: Sequence[OutputFile], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None, spare: Path | None = None) -> WriteStats:
    """Write `outputs` beside out_dir, let `before_swap` finish the staged tree (e.g. the search
    index, which must see the final pages), then swap it in. A failure anywhere leaves out_dir;
    the system refusing to write (a full disk) is a WriteError in Dutch.

    With a `spare` folder (in the build cache), the tree swapped out is kept there; the next build
    brings it up to date (treesync.py: only the files that differ) and swaps again, instead of
    writing every file anew. Without `before_swap`, when out_dir already holds exactly `outputs`,
    nothing is written at all (with it, what it adds is not known in advance, so it always runs).
    """
    try:
        return _write_and_swap(outputs, out_dir, before_swap, spare)
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        where = f" ({exc.filename})" if exc.filename else ""
        raise WriteError(f"de site kon niet worden geschreven: {reason}{where}; "
                         f"{out_dir} is niet veranderd") from exc


def _write_and_swap(outputs: Sequence[OutputFile], out_dir: Path,
                    before_swap: Callable[[Path], None] | None, spare: Path | None) -> WriteStats:
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir, spare)
    if before_swap is None and out_dir.is_dir():
        current = treesync.plan(outputs, out_dir)
        if current.nothing:
            return WriteStats(current.files, current.bytes)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    if spare and spare.is_dir():
        try:  # an atomic rename: a build stopped from here on leaves a .new- leftover
            spare.replace(staging)
        except OSError:  # on another file system: no use as a spare
            shutil.rmtree(spare, ignore_errors=True)
    try:
        todo = treesync.plan(outputs, staging)
        treesync.apply(todo, staging, write_tree)
        stats = WriteStats(todo.files, todo.bytes)
        if before_swap is not None:
            before_swap(staging)
        staging.chmod(0o755)
        if not out_dir.exists():
            staging.rename(out_dir)
            return stats
        _keep_or_remove(replace_folder(staging, out_dir), spare)
        return stats
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
