"""The last build's output, held file for file by the build cache, and put back from it.

Netlify starts every build from a fresh checkout with the cache folder restored and no public/.
When the inputs are those the last build saw, the site it wrote is known; only its files are gone.
So every file a full build puts in public/ is a hard link to a cache file that holds its bytes,
and the record of the build (uptodate.py) says which one for every output path (`stored`):
- the pages are blobs already (store.py), and the share pictures and photos are linked from their
  stores instead of copied (both write each file once, atomically, and never change it);
- a search part is a link to the part kept in search/, a part made anew is linked to its kept copy;
- the rest (the theme's assets, /admin/, the redirects, the sitemap, files written whole) is kept
  once by its bytes in kept/, where the next build finds it again (a file that is there already
  costs one read of its bytes, no write).
`restore()` links every recorded file back into a new public/ (a copy where a link cannot be made),
checking each stored file's size and time against the record; a file that is missing or that
changed means no restore, and the full build runs: never a wrong site (a changed file is first
dropped from the cache, so the full build makes it anew instead of linking it in).

Must not: decide when to restore (app/building.py orders the shortcuts), or read the content.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..core.atomic import replace_folder, walk_files, write_atomically
from ..core.fingerprint import digest
from ..core.model import OutputFile
from ..core.parallel import worker_count
from ..outputs.search import SEARCH_BUNDLE
from ..outputs.writer import WriteStats, write_site
from .uptodate import BuildRecord, Listing, Stored, drop_from_cache

KEPT = "kept"  # the folder of the cache with the outputs that no other part of it holds
_SEARCH = "search"  # the search parts by what they indexed (store.BuildCache.search_folder)
_PART_ENTRY = "pagefind-entry.json"  # unique per part: it names the part's index by its hash


class KeptOutput:
    """`build`'s way to put a full build in place (pipeline.PutInPlace): writer.write_site, with
    every file linked from the cache; `stored` says afterwards which cache file holds each path."""

    def __init__(self, cache: Path) -> None:
        self.root = os.fspath(cache.absolute())
        self.stored: Stored = {}

    def __call__(self, outputs: Sequence[OutputFile], out_dir: Path, index: Callable[[Path], None],
                 spare: Path | None) -> WriteStats:
        self.stored = {}
        linked = [self._linked(output) for output in outputs]

        def index_and_keep(staging: Path) -> None:
            index(staging)
            self.stored.update(_keep_search(staging, self.root))

        return write_site(linked, out_dir, before_swap=index_and_keep, spare=spare)

    def _linked(self, output: OutputFile) -> OutputFile:
        source = None if output.copy_from is None else os.path.abspath(output.copy_from)
        if source is not None and source.startswith(self.root + os.sep):
            self.stored[output.path] = source[len(self.root) + 1:]
            return output if output.link else OutputFile(output.path, copy_from=source, link=True)
        try:
            data = output.data if output.data is not None else Path(output.copy_from or "").read_bytes()
            kept = keep_bytes(self.root, data)
        except OSError:  # unreadable or a full disk: the writer says so, or the file is only not kept
            return output
        self.stored[output.path] = kept
        return OutputFile(output.path, copy_from=f"{self.root}/{kept}", link=True)


def _kept_name(data: bytes) -> str:
    name = digest(data)
    return f"{KEPT}/{name[:2]}/{name[2:]}"


def keep_bytes(root: str, data: bytes) -> str:
    """Store bytes in kept/ under their hash (once); their path in the cache."""
    kept = _kept_name(data)
    path = Path(root, kept)
    if not path.is_file():
        write_atomically(path, data, read_only=True)  # linked into public/, as the blobs are
    return kept


def _link_over(source: str, target: str) -> None:
    """Make `target` a hard link to `source` (which has the same bytes), in one rename."""
    temporary = f"{target}.link-{os.getpid()}"
    os.link(source, temporary)
    os.replace(temporary, target)


def _keep_search(staging: Path, root: str) -> Stored:
    """Which cache file holds each file of the staged search index: a kept part linked in is the
    part itself; a part Pagefind made this build is linked to its copy in search/ (found by its
    pagefind-entry.json); anything else (the list of parts) is kept by its bytes."""
    bundle = staging / SEARCH_BUNDLE
    kept_search = f"{root}/{_SEARCH}"
    try:  # inodes name a file only within one file system (and a link is made only there)
        if os.stat(kept_search).st_dev != os.stat(staging).st_dev:
            return {}
    except OSError:
        return {}
    by_inode = {entry.inode(): f"{_SEARCH}/{rel}" for rel, entry in walk_files(kept_search)}
    stored: Stored = {}
    loose: dict[str, list[tuple[str, str]]] = {}  # part folder -> (path in the part, path in the site)
    for rel, entry in walk_files(os.fspath(bundle)):
        site_path = f"{SEARCH_BUNDLE}/{rel}"
        found = by_inode.get(entry.inode())
        if found is not None:
            stored[site_path] = found
            continue
        head, _, inner = rel.partition("/")
        part, inner = (head, inner) if head.startswith("deel-") and inner else ("", rel)
        loose.setdefault(part, []).append((inner, site_path))
    if not loose:
        return stored
    entries = _kept_entries(kept_search)
    for part, files in loose.items():
        folder = bundle / part if part else bundle
        with contextlib.suppress(OSError):  # (another file system: those files are not kept)
            copy = entries.get((folder / _PART_ENTRY).read_bytes())
            for inner, site_path in files:
                target = os.fspath(staging / site_path)
                source = None if copy is None else f"{copy}/{inner}"
                if source is None or not os.path.isfile(source) or not _same_bytes(source, target):
                    source = f"{root}/{keep_bytes(root, Path(target).read_bytes())}"
                _link_over(source, target)
                stored[site_path] = source[len(root) + 1:]
    return stored


def _kept_entries(kept_search: str) -> dict[bytes, str]:
    """Each kept part's folder by the bytes of its pagefind-entry.json."""
    found: dict[bytes, str] = {}
    with contextlib.suppress(OSError):
        for entry in os.scandir(kept_search):
            with contextlib.suppress(OSError):
                found.setdefault(Path(entry.path, _PART_ENTRY).read_bytes(), entry.path)
    return found


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as first, open(b, "rb") as second:
        return first.read() == second.read()


def restore(cache: Path, out_dir: Path, last: BuildRecord, jobs: int = 0) -> Listing | None:
    """Put the site of the last build back in out_dir, linked from the cache files the record
    names; its listing, or None (nothing touched) when the cache no longer holds every file as it
    was. out_dir is replaced in one step, as the writer does. `jobs`: threads that link (0: one
    per core, at least two: a new folder waits on the disk, not on a core)."""
    if last.stored.keys() != last.files.keys():  # a build that could not keep every file
        return None
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        listing = _link_all(cache, os.fspath(staging), last, max(2, worker_count(jobs)))
        if listing is None:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        staging.chmod(0o755)
        if out_dir.exists():
            shutil.rmtree(replace_folder(staging, out_dir), ignore_errors=True)
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return listing


class _Changed(Exception):
    """A stored file is missing, or not the one the last build linked."""


def _link_all(cache: Path, staging: str, last: BuildRecord, threads: int) -> Listing | None:
    """Link every stored file into staging, in runs of paths in order (so that each thread makes
    folders of its own), on `threads` threads; their listing, or None."""
    root = os.fspath(cache.absolute())
    paths = sorted(last.stored)
    size = max(1, -(-len(paths) // (threads * 8)))
    stop: list[str] = []  # the first changed file found: every thread stops

    def link_run(start: int) -> Listing:
        listing: Listing = {}
        made: set[str] = set()
        for path in paths[start:start + size]:
            kept = last.stored[path]
            source = f"{root}/{kept}"
            try:
                stat = os.stat(source)
            except OSError:
                stop.append("")
            else:
                if (stat.st_size, stat.st_mtime_ns) != last.files[path][:2]:
                    stop.append(kept)
            if stop:
                raise _Changed
            parent = path.rpartition("/")[0]
            if parent and parent not in made:
                os.makedirs(f"{staging}/{parent}", exist_ok=True)
                made.add(parent)
            target = f"{staging}/{path}"
            try:
                os.link(source, target)
            except OSError:  # another file system: a copy (its own time), as the writer makes one
                shutil.copyfile(source, target)
                stat = os.stat(target)
            listing[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        return listing

    listing: Listing = {}
    try:
        with ThreadPoolExecutor(threads) as pool:
            for part in pool.map(link_run, range(0, len(paths), size)):
                listing.update(part)
    except _Changed:
        if stop[0]:  # changed since the build linked it, and so of no use to the full build either
            drop_from_cache(cache, stop[0])
        return None
    return listing


def forget_unused(cache: Path, stored: Iterable[str]) -> None:
    """Remove the files of kept/ that the record no longer names (and any a stopped build left)."""
    wanted = set(stored)
    for rel, entry in list(walk_files(os.fspath(cache / KEPT), f"{KEPT}/")):
        if rel not in wanted:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
