"""The one write of an import: everything staged beside the content folder, then moved in.

Owns deciding per file whether it is new, the same, or an editor's file that stays as it is
(unless --force), and the write itself: every file is first written into a staging folder
on the same disk, and only when all of them are there are they moved into place (a new
content folder in one rename). A failed import leaves the content folder as it was.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ImportWriteError(Exception):
    """The machine refused the write (a full disk, no permission); the content folder is as it was."""


@dataclass
class Writes:
    files: dict[str, bytes] = field(default_factory=dict)  # path in the content folder -> bytes
    media: dict[str, Path] = field(default_factory=dict)  # path in the content folder -> the upload to copy
    kept: list[str] = field(default_factory=list)  # existing, different, not overwritten


def choose(content: Path, files: Mapping[str, bytes], media: Mapping[str, Path], force: bool,
           replaceable: frozenset[str] = frozenset()) -> Writes:
    """What to write: new files, changed ones the import may replace, and (with --force) the rest."""
    writes = Writes()
    for rel, data in sorted(files.items()):
        target = content / rel
        if not target.exists():
            writes.files[rel] = data
            continue
        if target.read_bytes() == data:
            continue
        if force or rel in replaceable:
            writes.files[rel] = data
        else:
            writes.kept.append(rel)
    for rel, source in sorted(media.items()):
        target = content / rel
        if not target.exists():
            writes.media[rel] = source
        elif not filecmp.cmp(source, target, shallow=False):
            if force:
                writes.media[rel] = source
            else:
                writes.kept.append(rel)
    return writes


def commit(content: Path, writes: Writes, beside: Mapping[str, bytes]) -> None:
    """Write `writes` into `content` and `beside` (the reports) into its parent, all or nothing."""
    parent = content.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{content.name}-import-", dir=parent))
    except OSError as exc:
        raise _failed(parent, exc) from None
    try:
        tree = staging / "content"
        tree.mkdir()
        for rel, data in writes.files.items():
            _stage(tree / rel).write_bytes(data)
        for rel, source in writes.media.items():
            shutil.copyfile(source, _stage(tree / rel))
        reports = staging / "reports"
        reports.mkdir()
        for name, data in beside.items():
            (reports / name).write_bytes(data)
        if not content.exists():
            os.rename(tree, content)
        else:
            for rel in [*writes.files, *writes.media]:
                (content / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(tree / rel, content / rel)
        for name in beside:
            target = parent / name
            if not (target.exists() and target.read_bytes() == beside[name]):
                os.replace(reports / name, target)
    except OSError as exc:
        raise _failed(content, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _failed(where: Path, exc: OSError) -> ImportWriteError:
    return ImportWriteError(f"de import kon niet geschreven worden in {where} ({exc.strerror or exc}); "
                            "er is niets veranderd aan de contentmap")
