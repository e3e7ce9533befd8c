"""Nothing to do: every input is as the last build saw it, and its output is as it left it.

Owns: one digest of everything a build reads (every byte of the content folder, every file of the
theme folders, the name, size and time of Decap's files, rvz-site's own version with its libraries,
the build day and the options that change output) and, kept in the build cache after a build that
succeeded, a record of that digest with every file of the output folder as written (path, size,
time, inode). A build whose digest equals the record's, and whose output folder still matches the
record file for file, is done: the site it would write is already there. Anything else (a changed
byte anywhere, a file added to or removed from public/ by hand, another version of a library) is
a miss, and the build runs as usual; so this can never change what a build writes.

The record also keeps each input file's digest with its size, times and inode, so the next build
reads only the files whose stamp changed (as git does), and can say which files those are
(lane.py builds one edited article without the rest), and which file of the cache holds each
output's bytes (restore.py puts public/ back from those when it is gone, as on Netlify).

Must not: build anything, or decide what a changed input means (runners.py and store.py do).
At 10,000 articles, stamping the content and listing public/ (40,000 files) take some 0.3 s,
where even a fully cached build takes ten.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core.atomic import UNREADABLE, walk_files, write_atomically
from ..core.errors import Problem
from ..core.fingerprint import (
    PICTURE_AND_SEARCH_LIBRARIES,
    Digest,
    bytes_digest,
    digest,
    library_versions,
    program_version,
)
from ..core.parallel import in_background
from ..outputs.treesync import scan

_RECORD_VERSION = "3"

Listing = dict[str, tuple[int, int, int]]  # relative posix path: (size, mtime_ns, inode)
# Output path -> the file of the cache folder (relative posix path) that holds its bytes, and that
# the output file is a hard link to (restore.py puts public/ back from these).
Stored = dict[str, str]


@dataclass(frozen=True, slots=True)
class BuildRecord:
    key: str
    files: Listing
    base: str  # Inputs.base
    inputs: dict[str, tuple[Stamp | None, str]]  # Inputs.files
    warnings: tuple[Problem, ...]
    articles: int
    pages: int
    stored: Stored


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
# Files changed this shortly (ns) before this build read them are read again next time: an edit in
# the same clock tick as this build's read would leave size and times as they were (git calls such
# entries "racy"). "Now" is the file system's own time, as on a file made for the purpose: the same
# clock the stamps come from, and no clock that could reach the output.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything a build reads: one digest of it all, and each file's digest by its path."""

    key: str
    base: str  # the part of the key that is not in files: program, libraries, options, Decap
    # absolute path -> (stamp, digest); the stamp is None where the digest may not be trusted later
    files: dict[str, tuple[Stamp | None, str]]


def read_inputs(content: Path, themes: Sequence[Path], decap: Sequence[Path], options: Sequence[str],
                known: dict[str, tuple[Stamp | None, str]] | None = None, scratch: Path | None = None) -> Inputs:
    """The digest of everything a build of `content` reads; any change to any byte changes it.

    A file whose size, times and inode are those `known` from the last build is not read again:
    its bytes cannot have changed without changing its ctime, which no program can set.
    `scratch`: a folder to tell the file system's time in (the cache); without it no stamp is kept.
    """
    known = known or {}
    base = Digest()
    for part in (_RECORD_VERSION, program_version(), *library_versions(PICTURE_AND_SEARCH_LIBRARIES), *options):
        base.add(part)
    for path in decap:  # 6 MB of someone else's release: its names, sizes and times will do
        stat = path.stat()
        base.add(f"decap {path} {stat.st_size} {stat.st_mtime_ns}")
    h = Digest()
    add = h.add
    add(base.hexdigest())
    files: dict[str, tuple[Stamp | None, str]] = {}
    now = _file_system_time(scratch) if scratch is not None else None
    recent = None if now is None else now - _RACY_NS
    for root in (content, *themes):
        folder = os.fspath(root.resolve())
        add(f"folder {folder}")
        for rel, entry in walk_files(folder):
            add(rel)
            if entry.is_symlink():
                add(f"link {os.readlink(entry.path)}")
            try:
                stat = entry.stat()
                stamp: Stamp | None = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                before = known.get(entry.path)
                if before is not None and before[0] == stamp:
                    file_digest = before[1]
                else:
                    with open(entry.path, "rb") as handle:
                        file_digest = bytes_digest(handle.read()).hex()
                if recent is None or max(stat.st_mtime_ns, stat.st_ctime_ns) > recent:
                    stamp = None
                files[entry.path] = (stamp, file_digest)
                add(file_digest)
            except OSError as exc:  # unreadable: the build itself will say so
                add(f"unreadable {exc.errno}")
    return Inputs(h.hexdigest(), base.hexdigest(), files)


def _file_system_time(folder: Path) -> int | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".nu-") as probe:
            return os.fstat(probe.fileno()).st_mtime_ns
    except OSError:
        return None


def changed_files(before: dict[str, tuple[Stamp | None, str]], now: dict[str, tuple[Stamp | None, str]]) -> set[str]:
    """The paths added, removed or changed in content since `before`."""
    return {path for path in before.keys() | now.keys()
            if path not in before or path not in now or before[path][1] != now[path][1]}


def list_output(root: Path) -> Listing:
    """Every file under root: (size, mtime, inode) by relative posix path (compared as a whole)."""
    try:
        files = scan(root)[0]
    except OSError:  # no folder, or one that changed while it was read: not as any build left it
        return {}
    return {rel: (stat.st_size, stat.st_mtime_ns, stat.st_ino) for rel, stat in files.items()}


def list_output_early(root: Path) -> Callable[[], Listing]:
    """list_output(root), begun now on another core (parallel.in_background); call the result to get it."""
    return in_background(partial(list_output, root))


def _record_path(cache: Path, out_dir: Path) -> Path:
    return cache / "laatste-build" / f"{digest(os.fspath(out_dir.absolute()))}.pickle"


def last_record(cache: Path, out_dir: Path) -> BuildRecord | None:
    """The record of the last build into out_dir that succeeded, if the cache has one."""
    try:
        with _record_path(cache, out_dir).open("rb") as handle:
            last = pickle.load(handle)
    except UNREADABLE:
        return None
    if not isinstance(last, BuildRecord) or not hasattr(last, "stored"):  # (a record of an older version)
        return None
    return last


def output_intact(cache: Path, out_dir: Path, last: BuildRecord | None, now: Listing | None = None) -> bool:
    """Whether out_dir is file for file as the last build left it (`now`: its listing, when made
    already). If not, what was damaged in place is first dropped from the cache (_mend_damage)."""
    if last is None or not out_dir.is_dir():
        return False
    now = list_output(out_dir) if now is None else now
    if now == last.files:
        return True
    _mend_damage(cache, last, now)
    return False


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
            drop_from_cache(cache, rel)


def drop_from_cache(cache: Path, rel: str) -> None:
    """Delete a damaged file of the cache (`rel`: its path there), so that what needs it is made anew."""
    with contextlib.suppress(OSError):
        os.unlink(cache / rel)
    if rel.startswith("search/"):  # a kept part of the search index is whole or not at all
        shutil.rmtree(cache / "/".join(rel.split("/")[:2]), ignore_errors=True)


def remember(cache: Path, out_dir: Path, inputs: Inputs, warnings: Sequence[Problem], articles: int,
             pages: int, stored: Stored, files: Listing | None = None) -> None:
    """Record a build that succeeded; a record that cannot be written only costs a full build later.
    `stored`: which cache file holds each output; `files`: out_dir as written, when the caller knows
    it without listing it again."""
    keep_record(cache, out_dir, BuildRecord(inputs.key, list_output(out_dir) if files is None else files,
                                            inputs.base, inputs.files, tuple(warnings), articles, pages, dict(stored)))


def keep_record(cache: Path, out_dir: Path, record: BuildRecord) -> None:
    """Keep `record` as that of the last build into out_dir (see remember)."""
    with contextlib.suppress(OSError):
        write_atomically(_record_path(cache, out_dir), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
