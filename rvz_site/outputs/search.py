"""The search index: Pagefind run over the finished site in its staging folder, before the swap.

Owns the one call to the Pagefind binary (PyPI `pagefind[bin]`, no Node). What is indexed and
which filters exist is decided in the templates (data-pagefind-body on article bodies,
data-pagefind-filter for Rubriek, Thema, Deelnemer and Jaar); this module only runs the tool
and turns a failure into a Dutch Problem.

Pagefind 1.5.2 writes its filter files in Rust HashMap order, which changes from run to run
(two builds of the same site gave different filter/*.pf_filter files and so a different
pf_meta and pagefind-entry.json), and it has no option to fix that. `_settle_filters` sorts
the values in each filter file and renames the files after their new contents, so the same
pages give the same bytes.

Pagefind reads every page, so it costs seconds per thousand pages, and it holds them all in memory
(some 2.8 GB for 10,000 articles). So the index is made in parts: every indexed page (one with
data-pagefind-body) belongs to one part by a hash of its path, about PART_PAGES to a part, and
Pagefind runs once per part (on every core at once) over hard links to that part's pages. The first part is the main
bundle in /pagefind/, with Pagefind's scripts; the others are /pagefind/deel-2/ and on, which the
search page merges in (Pagefind's mergeIndex; /pagefind/delen.json lists them). A site of a few
hundred pages has one part, so its search works exactly as Pagefind's own.

With a build cache, each finished part is kept under a key made of everything Pagefind reads for
it (the path and the bytes of each of its HTML files, known from the outputs without reading them
back), its version, its command line and rvz-site's own version; a part whose pages are all
unchanged is linked in instead of made again, so changing one article re-indexes one part. Any
difference is a miss, so the output is the same either way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cbor2

from ..core.atomic import link_or_copy, replace_folder, walk_files
from ..core.errors import Problem, SiteError
from ..core.fingerprint import bytes_digest, digest, library_versions, program_version
from ..core.model import OutputFile
from ..core.parallel import worker_count

SEARCH_BUNDLE = "pagefind"  # the folder in the site, served as /pagefind/
PARTS_FILE = "delen.json"  # in the main bundle: the URLs of the other parts, for the search page
# Indexed pages per part. Pagefind takes some 3 ms a page on one core (and 70 MB per 250 pages),
# and has no way to change one page of an index: a one-article build (speed/lane.py) indexes its
# part again, so a part must be small; a search loads one index chunk per part, so not too small.
PART_PAGES = 200
TIMEOUT = 600
_OPTIONS = ["--force-language", "nl", "--silent"]
KEPT_BUILDS = 2  # parts kept in the cache: those of a build, and of the one before it
INDEXED = b"data-pagefind-body"  # pages without it are left out of the index (the templates decide)
# What a merged part needs: Pagefind's scripts and WebAssembly come from the main bundle.
_PART_FILES = ("pagefind-entry.json", "index", "fragment", "filter")


@dataclass(frozen=True, slots=True)
class Part:
    folder: str  # relative to the site root: "pagefind" or "pagefind/deel-2"
    pages: tuple[str, ...]  # the HTML files that belong to it, relative posix paths, sorted


def plan_parts(pages: Iterable[str]) -> list[Part]:
    """Every indexed page in one part, chosen by its path alone, so an edit changes one part.
    A part the hash leaves empty is dropped; the main part is never empty."""
    ordered = sorted(pages)
    count = max(1, math.ceil(len(ordered) / PART_PAGES))
    groups: list[list[str]] = [[] for _ in range(count)]
    for page in ordered:
        groups[int.from_bytes(hashlib.blake2b(page.encode(), digest_size=8).digest(), "big") % count].append(page)
    if not groups[0]:
        groups[0] = next((g for g in reversed(groups) if g), [])
    return [Part(SEARCH_BUNDLE if i == 0 else f"{SEARCH_BUNDLE}/deel-{i + 1}", tuple(group))
            for i, group in enumerate(groups) if group or i == 0]


@dataclass
class SearchNotes:
    """What a run indexed, for the one-article lane (speed/lane.py): the parts, and what each of their pages held."""

    parts: list[Part] = field(default_factory=list)
    fingerprints: dict[str, bytes | str] = field(default_factory=dict)  # page -> _fingerprints' value


def search_index(outputs: Sequence[OutputFile], jobs: int = 0, cache_folder: Path | None = None,
                 notes: SearchNotes | None = None) -> Callable[[Path], None]:
    """A step that writes root/pagefind/ from the HTML under root (the staged site); with a
    cache_folder, unchanged parts are taken from it and new ones kept in it (and `notes` filled in)."""
    known = _fingerprints(outputs) if cache_folder else {}

    def run(root: Path) -> None:
        pages = [rel for rel, _ in walk_files(os.fspath(root)) if rel.endswith(".html")]
        indexed = [page for page in pages if INDEXED in _file_bytes(os.path.join(root, page))]
        # No page marks its body: Pagefind's own rule is then to index every page.
        parts = plan_parts(indexed or pages)
        kept: list[Path | None] = [None] * len(parts)
        if cache_folder is not None:
            prints = {page: known.get(page) or _file_digest(root / page) for part in parts for page in part.pages}
            kept = [_kept_folder(cache_folder, len(parts), part, prints) for part in parts]
            if notes is not None:
                notes.parts, notes.fingerprints = parts, prints
        todo = [i for i, folder in enumerate(kept) if folder is None or not (folder / "pagefind-entry.json").is_file()]
        work = Path(tempfile.mkdtemp(prefix=".zoekindex-", dir=root.parent))
        try:
            sources = {page: os.path.join(root, page) for i in todo for page in parts[i].pages}
            made = _index_parts([parts[i] for i in todo], sources, work, jobs)
            for i, part in enumerate(parts):  # the main bundle first: the other parts go inside it
                target, folder = root / part.folder, kept[i]
                if i in todo:
                    if folder is not None:
                        _keep(made[part.folder], folder)
                    made[part.folder].rename(target)
                elif folder is not None:
                    shutil.copytree(folder, target, copy_function=link_or_copy, dirs_exist_ok=True)
                    os.utime(folder)  # most recently used
            (root / SEARCH_BUNDLE / PARTS_FILE).write_text(parts_file(parts), encoding="utf-8")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if cache_folder is not None:
            _forget_old(cache_folder, KEPT_BUILDS * len(parts))

    return run


def parts_file(parts: Sequence[Part]) -> str:
    return json.dumps([f"/{part.folder}/" for part in parts[1:]])


def _kept_folder(cache_folder: Path, count: int, part: Part, prints: dict[str, bytes | str]) -> Path:
    """Where a part made from these very pages is kept."""
    return cache_folder / digest(_base_key(count), part.folder,
                                 *(item for page in part.pages for item in (page, prints[page])))


def _index_parts(parts: Sequence[Part], sources: dict[str, str], work: Path, jobs: int) -> dict[str, Path]:
    """Pagefind over each part (page -> the file it reads), on every core; part folder -> its bundle."""
    bundles = {part.folder: work / str(i) for i, part in enumerate(parts)}
    with ThreadPoolExecutor(max(1, min(len(parts), worker_count(jobs)))) as pool:
        failures = [p for found in pool.map(
            lambda part: _index_part(sources, part, bundles[part.folder], part.folder == SEARCH_BUNDLE), parts)
            for p in found]
    if failures:
        raise SiteError(failures)
    return {folder: work / "bundle" for folder, work in bundles.items()}


def index_again(notes: SearchNotes, changed: dict[str, str], current: Path, cache_folder: Path,
                work: Path, jobs: int = 0) -> tuple[SearchNotes, dict[str, Path]]:
    """After the pages in `changed` (page -> its new file, a cache blob) were rendered again, with
    every other page as in the folder `current`: the notes as they are now, and for each part that
    holds a changed page, the cache folder that has its new bundle (made here when not kept yet)."""
    prints = {**notes.fingerprints, **{page: blob for page, blob in changed.items() if page in notes.fingerprints}}
    touched = [part for part in notes.parts if any(page in changed for page in part.pages)]
    kept = {part.folder: _kept_folder(cache_folder, len(notes.parts), part, prints) for part in touched}
    todo = [part for part in touched if not (kept[part.folder] / "pagefind-entry.json").is_file()]
    sources = {page: changed.get(page) or os.path.join(current, page) for part in todo for page in part.pages}
    made = _index_parts(todo, sources, work, jobs)
    for folder, bundle in made.items():
        _keep(bundle, kept[folder])
        if not (kept[folder] / "pagefind-entry.json").is_file():
            raise SiteError([_problem("het deel van de zoekindex kon niet bewaard worden")])
    for kept_folder in kept.values():
        os.utime(kept_folder)
    return SearchNotes(notes.parts, prints), kept


def stage_parts(site: Path, kept: dict[str, Path]) -> list[tuple[Path, Path]]:
    """Copy (by links) each new part bundle (folder in the site -> the kept bundle, index_again)
    beside its folder in `site`; returns (staged folder, the folder it replaces), for swap_parts.
    Nothing in `site` is changed; should this fail, nothing staged is left behind."""
    folders: list[tuple[Path, Path]] = []
    try:
        # The main bundle last: the other parts move into its new folder along with the rest.
        for folder, cached in sorted(kept.items(), key=lambda item: (item[0] == SEARCH_BUNDLE, item[0])):
            target = site / folder
            temporary = target.with_name(f".{target.name}.snel-{os.getpid()}")
            shutil.copytree(cached, temporary, copy_function=link_or_copy)
            if folder == SEARCH_BUNDLE:  # the main bundle holds the list of parts; the parts come along below
                link_or_copy(os.fspath(target / PARTS_FILE), temporary / PARTS_FILE)
            folders.append((temporary, target))
    except BaseException:
        for folder_path, _ in folders:
            shutil.rmtree(folder_path, ignore_errors=True)
        raise
    return folders


def swap_parts(folders: Sequence[tuple[Path, Path]]) -> None:
    """Put the staged part bundles in place, each in one exchange (only renames: nothing here fails
    for a full disk)."""
    for temporary, target in folders:
        if target.name == SEARCH_BUNDLE:
            for part in sorted(target.iterdir()):
                if part.is_dir() and part.name.startswith("deel-"):
                    part.rename(temporary / part.name)
        shutil.rmtree(replace_folder(temporary, target), ignore_errors=True)


def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _index_part(sources: dict[str, str], part: Part, work: Path, main: bool) -> list[Problem]:
    """Run Pagefind over links to the part's indexed pages; its bundle ends in work/bundle."""
    site, bundle = work / "site", work / "bundle"
    site.mkdir(parents=True)
    for page in part.pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(sources[page], str(site / page))
    command = [*_pagefind(), "--site", str(site), "--output-path", str(bundle), *_OPTIONS]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [_problem(str(exc))]
    if result.returncode != 0 or not (bundle / ("pagefind-ui.js" if main else "pagefind-entry.json")).is_file():
        return [_problem((result.stderr or result.stdout).strip()[-2000:])]
    _settle_filters(bundle)
    if not main:
        for path in bundle.iterdir():
            if path.name not in _PART_FILES and not path.name.endswith(".pf_meta"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    return []


def _pagefind() -> list[str]:
    """Pagefind's binary itself, as `python -m pagefind` would start it (a tenth of a second less
    per part); that command where the package keeps it elsewhere."""
    try:
        import pagefind_bin

        return [os.fspath(pagefind_bin.get_executable().absolute())]
    except (ImportError, FileNotFoundError, AttributeError):
        return [sys.executable, "-m", "pagefind"]


def _base_key(parts: int) -> str:
    return digest(program_version(), *_OPTIONS, str(parts), *library_versions(("pagefind", "pagefind_bin")))


def _fingerprints(outputs: Sequence[OutputFile]) -> dict[str, bytes | str]:
    """What each HTML output holds, known without reading the file back."""
    found: dict[str, bytes | str] = {}
    for output in outputs:
        if not output.path.endswith(".html"):
            continue
        if output.data is not None:
            found[output.path] = bytes_digest(output.data)
        elif output.link and output.copy_from is not None:
            # A cache file (link) is named after the hash of its bytes and is never changed.
            found[output.path] = os.fspath(output.copy_from)
    return found


def _file_digest(path: Path) -> bytes:
    return bytes_digest(path.read_bytes())


def _keep(bundle: Path, kept: Path) -> None:
    """Copy a part into the cache, complete or not at all."""
    folder = kept.parent
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".neu-", dir=folder))
    try:
        shutil.copytree(bundle, staging, dirs_exist_ok=True)
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(0o444)
        staging.rename(kept)
    except OSError:  # a full disk or a part kept by a build beside this one: no cache, no harm
        shutil.rmtree(staging, ignore_errors=True)


def _forget_old(folder: Path, keep: int) -> None:
    """Drop all but the `keep` most recently used parts."""
    try:
        parts = sorted((p for p in folder.iterdir() if not p.name.startswith(".")),
                       key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in parts[keep:]:
        shutil.rmtree(old, ignore_errors=True)


_SIGNATURE = b"pagefind_dcd"  # every Pagefind data file starts so, after gunzip


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"not a Pagefind data file: {path}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, file_name: str, like: str, value: Any) -> str:
    """Write gzipped CBOR named after its contents, in the shape of the name `like` (nl_1a2b3c4);
    return the new name, which is how Pagefind's other files refer to it."""
    prefix = like.rsplit("_", 1)[0] + "_"
    payload = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:len(like) - len(prefix)]}"
    (folder / file_name.format(name)).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def _settle_filters(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed: list[list[str]] = []
        for filter_name, old in meta[3]:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read(old_path)
            old_path.unlink()
            ordered = [name, sorted(values, key=lambda v: str(v[0]))]
            renamed.append([filter_name, _write(bundle / "filter", "{}.pf_filter", old, ordered)])
        meta[3] = sorted(renamed)
        meta_path.unlink()
        language["hash"] = _write(bundle, "pagefind.{}.pf_meta", language["hash"], meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _problem(detail: str) -> Problem:
    return Problem(f"public/{SEARCH_BUNDLE}/", 0, 0, f"de zoekindex kon niet gemaakt worden: {detail}",
                   expected="Pagefind, geïnstalleerd met `pip install -e .` (het pakket pagefind[bin])",
                   hint="public/ is niet veranderd; los de fout op en bouw opnieuw")
