"""Make a folder hold exactly a list of OutputFiles, touching only the files that differ.

Owns comparing a folder with the outputs and the fewest file operations that make them equal.
Creating, replacing and removing files is slow on a busy disk (a millisecond each), and a site of
10,000 articles has some 30,000 files, so writer.py lets this bring an older copy of the site up to
date instead of writing a whole new tree. Must not: decide where the folder is or swap it in
(writer.py does that, atomically).

A file counts as equal when it is the same inode as the cache file it would be linked from (on
another file system, where no link can be made: has its bytes), or has the same bytes as the output.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.model import OutputFile


@dataclass(frozen=True, slots=True)
class Plan:
    write: tuple[OutputFile, ...]  # new or different
    remove: tuple[str, ...]  # files and folders that are not outputs, relative, posix
    files: int
    bytes: int

    @property
    def nothing(self) -> bool:
        return not self.write and not self.remove


def scan(root: Path) -> tuple[dict[str, os.stat_result], set[str]]:
    """Every file under root with its stat, and every folder, relative posix paths, in no particular
    order (plain strings: a Path per folder costs a tenth of a second at 40,000 files)."""
    files: dict[str, os.stat_result] = {}
    dirs: set[str] = set()
    todo = [("", os.fspath(root))]
    while todo:
        rel, folder = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    dirs.add(path)
                    todo.append((path, entry.path))
                else:
                    files[path] = entry.stat(follow_symlinks=False)
    return files, dirs


def _same(output: OutputFile, target: str, stat: os.stat_result) -> bool:
    if output.data is not None:
        if stat.st_size != len(output.data):
            return False
        with open(target, "rb") as f:
            return f.read() == output.data
    assert output.copy_from is not None
    source = os.stat(output.copy_from)
    if output.link and (source.st_ino, source.st_dev) == (stat.st_ino, stat.st_dev):
        return True
    if output.link and source.st_dev == stat.st_dev:
        # The same bytes in a file of its own (a copy an older build made) are linked anew: the
        # build cache must hold every file of the site as it is (speed/restore.py puts it back).
        return False
    return source.st_size == stat.st_size and filecmp.cmp(output.copy_from, target, shallow=False)


def plan(outputs: Sequence[OutputFile], root: Path) -> Plan:
    files, dirs = scan(root) if root.is_dir() else ({}, set())
    base = str(root)
    wanted_dirs: set[str] = set()
    write: list[OutputFile] = []
    total = 0
    for output in outputs:
        parent = output.path.rpartition("/")[0]
        while parent and parent not in wanted_dirs:
            wanted_dirs.add(parent)
            parent = parent.rpartition("/")[0]
        stat = files.get(output.path)
        if stat is None or not _same(output, f"{base}/{output.path}", stat):
            write.append(output)
        total += len(output.data) if output.data is not None else (stat.st_size if stat else 0)
    paths = {o.path for o in outputs}
    remove = sorted({p for p in files if p not in paths} | {d for d in dirs if d not in wanted_dirs} |
                    {d for d in dirs if d in paths} | {p for p in files if p in wanted_dirs})
    return Plan(tuple(write), tuple(remove), len(outputs), total)


Stamp = tuple[int, int, int] | None
Written = Mapping[str, tuple[OutputFile, Stamp]]


def _stamp(output: OutputFile) -> Stamp:
    """How to tell that a copied file changed: cache files (link) are named by their content's
    hash and never change; media and theme files can be saved again under the same name."""
    if output.copy_from is None or output.link:
        return None
    stat = os.stat(output.copy_from)
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def record(outputs: Sequence[OutputFile]) -> dict[str, tuple[OutputFile, Stamp]]:
    """What a folder holds once `outputs` are written to it, for plan_from()."""
    return {o.path: (o, _stamp(o)) for o in outputs}


def _unchanged(before: tuple[OutputFile, Stamp] | None, output: OutputFile) -> bool:
    if before is None:
        return False
    old, stamp = before
    return (old.data == output.data and old.copy_from == output.copy_from and old.link == output.link
            and stamp == _stamp(output))


def plan_from(previous: Written, outputs: Sequence[OutputFile]) -> Plan:
    """Like plan(), for a folder known to hold exactly `previous` (see record()): no folder is read.

    For the dev server's private preview folder, which only it writes: a scan of 30,000 files took
    most of a second per save. Folders left empty by a removed file go too (prune_empty_folders)."""
    wanted = {o.path for o in outputs}
    write = tuple(o for o in outputs if not _unchanged(previous.get(o.path), o))
    remove = tuple(sorted(p for p in previous if p not in wanted))
    total = sum(len(o.data) if o.data is not None else 0 for o in outputs)
    return Plan(write, remove, len(outputs), total)


def write_some(written: dict[str, tuple[OutputFile, Stamp]], outputs: Sequence[OutputFile], root: Path,
               write_tree: Callable[[Sequence[OutputFile], Path], object]) -> None:
    """Write those of `outputs` that differ from what `written` (see record()) says root holds, and
    note them there; the other files stay. For the dev server's one-article lane (speed/lane.py)."""
    todo = [o for o in outputs if not _unchanged(written.get(o.path), o)]
    for output in todo:
        written.pop(output.path, None)  # should the write fail, the next plan reads the disk
        target = root / output.path
        if os.path.lexists(target):
            target.unlink()
    write_tree(todo, root)
    written.update(record(todo))


def prune_empty_folders(root: Path, removed: Sequence[str]) -> None:
    """Remove the folders that removing `removed` left empty, up to root."""
    for rel in removed:
        parent = rel.rpartition("/")[0]
        while parent:
            try:
                (root / parent).rmdir()
            except OSError:  # not empty (or already gone)
                break
            parent = parent.rpartition("/")[0]


def apply(plan: Plan, root: Path, write_tree: Callable[[Sequence[OutputFile], Path], object]) -> None:
    """Remove what is not wanted, then write what differs with `write_tree(outputs, root)`."""
    for rel in sorted(plan.remove, key=lambda p: -p.count("/")):
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
    for output in plan.write:
        target = root / output.path
        if os.path.lexists(target):
            target.unlink()
    write_tree(plan.write, root)
