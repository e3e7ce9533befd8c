"""The build's quick lane: after one article's body was edited, render again only the pages that
show it and index again only the part of the search index that holds it, in a new process.

This is what quickedit.py does for the dev server, for `rvz-site build` with a build cache. An
editor mostly changes the body of one article and commits; the site is then laid out exactly as
before, and only the pages whose context holds that article can change. The last full build left a
page map (pageindex.py) saying which pages those are, with their contexts. So the build:
1. takes the lane only when the last build's record (uptodate.py) says public/ is exactly as that
   build left it, the map was made by that build, and of all inputs exactly one file changed, an
   article or page of the site whose parsed front matter, anchors and links are as before;
2. parses that file, checks its links against the kept link index, renders its pages from the
   map's contexts with the new article in place of the old, and checks that the renderer is the one
   the full build had (render_fingerprint);
3. makes the changed search part anew (search.index_again), all before public/ is touched;
4. then puts the new files in place: each page by one rename, each search folder by one exchange;
5. and brings the record and the map up to date, so the next edit takes the lane again.
Anything it cannot be sure of (another kind of change, an error, a new anchor, a page that will
not render) returns None, and the full build runs and reports in the usual words. The equivalence
tests (tests/test_incremental.py) compare each kind of edit with a clean build.

At 10,000 articles Pagefind's part takes half of the lane's time, so it starts as soon as the
article's own page is rendered and runs on another core while the other pages render; public/ is
listed (for step 1) on another core from the start of the command (pipeline.py, cli.py).

A build stopped during step 4 leaves some of the few new files in place and others not; the
record then no longer matches public/, so the next build is a full one and writes the whole site
anew. Must not: decide what a page shows (render.py) or write anything outside step 4 and the cache.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..content.assemble import replace_articles
from ..content.discover import display_path
from ..content.parse import Vocabulary, parse_source
from ..core.atomic import UNREADABLE, link_or_copy, replace_folder, walk_files
from ..core.errors import Problem, SiteError
from ..core.model import SourceFile
from ..core.urls import article_url, output_path
from ..outputs.search import INDEXED, PARTS_FILE, SEARCH_BUNDLE, SearchNotes, index_again
from ..outputs.writer import WriteStats
from ..render.render import Job, Renderer, render_one
from ..render.theme import load_theme
from .cache import BuildCache
from .pageindex import PageMap, drop
from .quickedit import article_section, body_edit
from .runners import parse_key, render_fingerprint, vocabulary_key
from .uptodate import BuildRecord, Inputs, Listing, changed_files, remember


@dataclass(frozen=True, slots=True)
class QuickBuild:
    written: WriteStats
    warnings: tuple[Problem, ...]


def quick_build(content_dir: Path, out_dir: Path, cache_dir: Path, jobs: int, last: BuildRecord,
                inputs: Inputs, intact: Callable[[], bool]) -> QuickBuild | None:
    """Build after a one-article edit, or None when a full build must. `last` is the record of the
    last build; intact() says whether out_dir is as it left it, and is asked before out_dir is touched."""
    if last.base != inputs.base:
        return None
    changed = changed_files(last.inputs, inputs.files)
    if len(changed) != 1:
        return None
    path = Path(next(iter(changed)))
    content = content_dir.resolve()
    try:
        rel = path.relative_to(content).as_posix()
    except ValueError:
        return None
    section = article_section(rel, path)
    if section is None or os.fspath(path) not in last.inputs or os.fspath(path) not in inputs.files:
        return None
    page_map = PageMap.open(cache_dir, out_dir, last.key)
    if page_map is None:
        return None
    cache = BuildCache(cache_dir)
    try:
        return _build(content_dir, out_dir, cache, jobs, last, inputs, page_map, path, rel, section, intact)
    except SiteError:  # Pagefind failed: the full build says so in the usual words
        return None
    except (*UNREADABLE, IndexError, KeyError):
        # A map that cannot be read (a damaged cache) or a disk that is full: the full build either
        # does without the map or says what is wrong in Dutch.
        drop(page_map.folder)
        return None
    finally:
        cache.close()


def _build(content_dir: Path, out_dir: Path, cache: BuildCache, jobs: int, last: BuildRecord, inputs: Inputs,
           page_map: PageMap, path: Path, rel: str, section: str, intact: Callable[[], bool]) -> QuickBuild | None:
    index = page_map.index
    shell = index.shell
    display = display_path(content_dir, rel)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    vocabulary = Vocabulary.of(shell.registries, [m.rel for m in shell.media])
    source = SourceFile(path, rel, section, data)
    new_key = parse_key(vocabulary_key(vocabulary), source, display)
    before_parse = cache.parsed_one(index.parse_keys.get(rel, ""))
    parsed = parse_source(source, vocabulary, display)
    new, problems = parsed
    if new is None or before_parse is None or before_parse[0] is None or new.source not in index.articles:
        return None
    edited = body_edit(before_parse[0], new, problems, page_map.article(new.source, {}), index.links)
    if edited is None:
        return None
    article, link_warnings, _ = edited

    theme, theme_problems = load_theme(shell.config, content_dir)
    if theme is None or theme_problems:
        return None
    renderer = Renderer(replace_articles(shell, {article.source: article}), theme)
    if render_fingerprint(renderer) != index.fingerprint:
        return None
    # The article's own page first: Pagefind can index its part again (on another core, some 0.5 s)
    # while the other pages are rendered.
    own = output_path(article_url(article.section, article.slug))
    indices = sorted(index.article_jobs.get(article.source, ()), key=lambda i: output_path(index.jobs.urls[i]) != own)
    contexts = page_map.contexts(indices, {article.source: article})
    indexed = index.search.fingerprints
    pages: dict[str, str] = {}  # output path -> the cache blob with its new bytes, where they changed
    work = Path(tempfile.mkdtemp(prefix=".snel-", dir=cache.root))
    try:
        with ThreadPoolExecutor(1) as pool:
            def reindex(changed: dict[str, str]) -> Future[tuple[SearchNotes, dict[str, Path]]]:
                return pool.submit(index_again, index.search, changed, out_dir, cache.search_folder,
                                   work / str(len(changed)), jobs)

            early: tuple[dict[str, str], Future[tuple[SearchNotes, dict[str, Path]]]] | None = None
            for i, context in zip(indices, contexts, strict=True):
                result = render_one(renderer, Job(index.jobs.templates[i], index.jobs.urls[i], context))
                if isinstance(result, Problem) or result.data is None:
                    return None
                blob = cache.blob_path(cache.put_blob(result.data))
                if not _same_file(out_dir / result.path, blob):
                    if result.path not in indexed and INDEXED in result.data:
                        return None  # a page that was not in the search index would now be
                    pages[result.path] = blob
                    if result.path == own and own in indexed:
                        early = ({own: blob}, reindex({own: blob}))
            search_changed = {page: blob for page, blob in pages.items() if page in indexed}
            if early is not None and early[0] == search_changed:
                notes, kept = early[1].result()
            elif search_changed:  # another indexed page changed too (rare): all of them at once
                notes, kept = reindex(search_changed).result()
            else:
                notes, kept = index.search, {}
        if not intact():
            return None
        files = _put_in_place(out_dir, pages, kept, last.files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    warnings = [w for w in last.warnings if w.path != display] + \
        [p for p in problems if p.severity != "error"] + list(link_warnings)
    remember(cache.root, out_dir, inputs, warnings, last.articles, last.pages, files=files)
    cache.add_parsed(new_key, parsed)
    page_map.update(inputs.key, [article], {rel: new_key},
                    {page: notes.fingerprints[page] for page in pages if page in notes.fingerprints})
    # As a full build counts: the site's files besides the search index, and the bytes written.
    site_files = sum(not path.startswith(f"{SEARCH_BUNDLE}/") for path in files)
    return QuickBuild(WriteStats(site_files, sum(files[page][0] for page in pages)), tuple(warnings))


def _same_file(a: Path, b: str) -> bool:
    try:
        return os.stat(a).st_ino == os.stat(b).st_ino
    except OSError:
        return False


def _put_in_place(out_dir: Path, pages: dict[str, str], kept: dict[str, Path], listing: Listing) -> Listing:
    """Replace the changed pages and search folders of out_dir; return its new listing. Everything
    that can fail (a full disk) happens before the first file of out_dir is replaced."""
    out_dir = out_dir.absolute()
    staged: list[tuple[str, str]] = []  # temporary name, final name
    folders: list[tuple[Path, Path]] = []  # staged folder, the folder it replaces
    try:
        for page, blob in sorted(pages.items()):
            target = out_dir / page
            temporary = target.with_name(f".{target.name}.snel-{os.getpid()}")
            link_or_copy(blob, temporary)
            staged.append((os.fspath(temporary), os.fspath(target)))
        # The main bundle last: the other parts move into its new folder along with the rest.
        for folder, cached in sorted(kept.items(), key=lambda item: (item[0] == SEARCH_BUNDLE, item[0])):
            target = out_dir / folder
            temporary = target.with_name(f".{target.name}.snel-{os.getpid()}")
            shutil.copytree(cached, temporary, copy_function=link_or_copy)
            if folder == SEARCH_BUNDLE:  # the main bundle holds the list of parts; the parts come along below
                link_or_copy(os.fspath(target / PARTS_FILE), temporary / PARTS_FILE)
            folders.append((temporary, target))
    except BaseException:
        for name, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(name)
        for folder_path, _ in folders:
            shutil.rmtree(folder_path, ignore_errors=True)
        raise
    # From here on, only renames.
    for name, final in staged:
        os.replace(name, final)
    for temporary, target in folders:
        if target.name == SEARCH_BUNDLE:
            for part in sorted(target.iterdir()):
                if part.is_dir() and part.name.startswith("deel-"):
                    part.rename(temporary / part.name)
        shutil.rmtree(replace_folder(temporary, target), ignore_errors=True)
    files = dict(listing)
    for page in pages:
        stat = os.stat(out_dir / page)
        files[page] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    for folder in kept:
        prefix = f"{folder}/"
        files = {path: stamp for path, stamp in files.items() if not path.startswith(prefix)}
        for rel, entry in walk_files(os.fspath(out_dir / folder)):
            stat = entry.stat(follow_symlinks=False)
            files[prefix + rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return files

