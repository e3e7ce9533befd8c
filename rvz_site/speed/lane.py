"""The one-article lane: after only one article's body was edited, render again only the pages that
show it and index again only the part of the search index that holds it. One algorithm for `build`
and for `serve`; only "put the files in place" differs.

An editor mostly types in the body of one article. Its front matter is what places it in the site
(section, slug, date, title, summary, themes, keywords, organisations, draft, ...); when all of that
is as before, the site is laid out exactly as before, and only the pages whose render context holds
this article can change: its own page, its section's and its terms' listings and feeds, the home
page, the related-articles blocks that name it. The last full build recorded which pages those are
in a page index (pageindex.py: on disk for `build`, in memory for `serve`). So the lane:
1. parses the one changed file and checks (body_edit) that its front matter and anchors are as
   before and its links lead somewhere (links.recheck_article, against the last build's link index);
2. renders its pages from the index, with the new article in place of the old, through a renderer
   that is the one the full build had;
3. makes the changed search part anew (search.index_again), starting as soon as the article's own
   page is rendered, on another core while the other pages render;
4. has the Place put the new files where they belong, and the index brought up to date, so the
   next edit takes the lane again.
Anything it cannot be sure of (another kind of change, an error, a new anchor, a page that will not
render, a page that would newly be in the search index) returns None, and the full build runs and
reports in the usual words. The equivalence tests (tests/test_incremental.py) compare each kind of
edit, through both places, with a clean build.

Must not: decide what a page shows (render.py) or write anything but through the Place and the index.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..build.links import LinkIndex, recheck_article
from ..content.assemble import replace_articles
from ..content.discover import display_path
from ..content.parse import Vocabulary, parse_source
from ..core.atomic import UNREADABLE, link_or_copy, walk_files
from ..core.errors import Problem, SiteError
from ..core.model import ARTICLE_SECTIONS, PAGES_SECTION, Article, OutputFile, SourceFile
from ..core.urls import article_url, output_path
from ..outputs.search import INDEXED, SEARCH_BUNDLE, SearchNotes, index_again, stage_parts, swap_parts
from ..outputs.writer import WriteStats
from ..render.render import Job, Renderer, render_one
from ..render.theme import load_theme
from .pageindex import Edit, PageMap, drop
from .runners import compiled_templates, parse_key, render_fingerprint, vocabulary_key
from .store import BuildCache
from .uptodate import BuildRecord, Inputs, Listing, Stored, changed_files, remember

_SECTIONS = (*ARTICLE_SECTIONS, PAGES_SECTION)


class LaneIndex(Protocol):
    """What the lane reads of the last full build's page index, and tells it afterwards."""

    @property
    def vocabulary(self) -> Vocabulary: ...

    @property
    def links(self) -> LinkIndex: ...

    @property
    def search(self) -> SearchNotes | None:
        """What the search index holds (None: the site has none to keep up to date)."""

    def before(self, rel: str, source: str) -> tuple[Article, Article] | None:
        """The file as parsed last time, and the site's article made of it (its links made into
        addresses, its keywords spelled as the site spells them); None when the index has none."""

    def renderer(self, article: Article) -> Renderer | None:
        """A renderer whose site holds `article` in place of the one of the same source; None when
        it would not be the renderer the full build had (its settings, registries or theme changed)."""

    def jobs(self, shown: Article, article: Article) -> list[Job] | None:
        """The jobs whose context holds `shown`, with `article` in its place; None when not sure."""

    def update(self, edit: Edit) -> None:
        """The lane's files are in place: from now on the site holds `edit.article`."""


class Place(Protocol):
    """Where the lane's files go: public/ for `build` (nothing is touched before all is ready),
    the dev server's own folder for `serve`."""

    @property
    def folder(self) -> Path:
        """The site's folder: Pagefind reads the pages that did not change from there."""

    @property
    def search_folder(self) -> Path:
        """Where the search parts are kept by what they indexed (search.py)."""

    def unchanged(self, output: OutputFile) -> bool:
        """Whether the place holds these very bytes at output.path already."""

    def stage(self, output: OutputFile) -> str:
        """Keep the new file's bytes; return the path of a file that holds them and is named by them
        (Pagefind reads it, and a kept search part is known by the names of its pages' files)."""

    def put(self, pages: dict[str, str], search: dict[str, Path]) -> bool:
        """Put the staged pages (output path -> what stage() returned) and the search parts (folder
        in the site -> a kept bundle) in place; False when it cannot be sure the place is as the
        index says (nothing is then touched)."""


@dataclass(frozen=True, slots=True)
class LaneResult:
    article: Article
    display: str  # the file as problems name it
    warnings: tuple[Problem, ...]  # the article's warnings and those of its links
    changed: int  # the pages whose bytes changed


def article_section(rel: str, path: Path) -> str | None:
    """The section of an article or stand-alone page file (`actueel/x.md`, as `rel` in the content
    folder), or None for any other file."""
    section, _, name = rel.partition("/")
    if section not in _SECTIONS or "/" in name or not name.endswith(".md") or path.is_symlink():
        return None
    return section


def content_rel(path: Path, content: Path) -> str | None:
    """The path of `path` inside the content folder, as written (the watcher) or resolved (uptodate.py)."""
    for base in (content.absolute(), content.resolve()):
        try:
            return path.absolute().relative_to(base).as_posix()
        except ValueError:
            continue
    return None


def body_edit(before: Article, new: Article | None, problems: Sequence[Problem], shown: Article,
              links: LinkIndex) -> tuple[Article, list[Problem], LinkIndex] | None:
    """The site's article `shown` after an edit of its body alone, its link warnings, and `links`
    with it. `before` is the file as parsed last time, `new` as parsed now. None when the file has
    errors, its front matter or anchors changed, or a link is broken: then a full build must."""
    if new is None or any(p.severity == "error" for p in problems):
        return None
    if dataclasses.replace(new, body_html=before.body_html, links=before.links) != before:
        return None  # the front matter changed: the site's layout may change
    checked = recheck_article(links, before, new)
    if checked is None or any(p.severity == "error" for p in checked[1]):
        return None
    checked_article, link_warnings, index = checked
    # The site's article is more than the parsed file (assemble.py gives keywords their site-wide
    # spelling); with the front matter as before, only what the body makes can differ.
    article = dataclasses.replace(shown, body_html=checked_article.body_html, links=checked_article.links)
    return article, link_warnings, index


def one_body(path: Path, content: Path, index: LaneIndex, place: Place, jobs: int) -> LaneResult | None:
    """Bring the place up to date after `path`, and nothing else, changed; None: a full build must."""
    rel = content_rel(path, content)
    section = None if rel is None else article_section(rel, path)
    if rel is None or section is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    display = display_path(content, rel)
    source = SourceFile(path, rel, section, data)
    parsed = parse_source(source, index.vocabulary, display)
    new, problems = parsed
    known = None if new is None else index.before(rel, new.source)
    if known is None:
        return None
    before, shown = known
    edited = body_edit(before, new, problems, shown, index.links)
    if edited is None:
        return None
    article, link_warnings, links = edited
    renderer = index.renderer(article)
    todo = index.jobs(shown, article) if renderer is not None else None
    if renderer is None or todo is None:
        return None
    # The article's own page first: Pagefind can index its part again (on another core, some 0.5 s)
    # while the other pages are rendered.
    own = output_path(article_url(article.section, article.slug))
    todo = sorted(todo, key=lambda job: output_path(job.url) != own)
    search = index.search
    indexed = search.fingerprints if search is not None else {}
    pages: dict[str, str] = {}  # output path -> a file with its new bytes, where they changed
    place.search_folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".snel-", dir=place.search_folder.parent))
    try:
        with ThreadPoolExecutor(1) as pool:
            def reindex(changed: dict[str, str]) -> Future[tuple[SearchNotes, dict[str, Path]]]:
                assert search is not None
                return pool.submit(index_again, search, changed, place.folder, place.search_folder,
                                   work / str(len(changed)), jobs)

            early: tuple[dict[str, str], Future[tuple[SearchNotes, dict[str, Path]]]] | None = None
            for job in todo:
                result = render_one(renderer, job)
                if isinstance(result, Problem) or result.data is None:
                    return None
                if place.unchanged(result):
                    continue
                if search is not None and result.path not in indexed and INDEXED in result.data:
                    return None  # a page that was not in the search index would now be
                pages[result.path] = place.stage(result)
                if result.path == own and own in indexed:
                    early = ({own: pages[own]}, reindex({own: pages[own]}))
            notes, kept = _search_parts(search, pages, early, reindex)
        if not place.put(pages, kept):
            return None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    index.update(Edit(source, display, parsed, shown, article, links, renderer, todo, notes))
    warnings = (*(p for p in problems if p.severity != "error"), *link_warnings)
    return LaneResult(article, display, warnings, len(pages))


def _search_parts(search: SearchNotes | None, pages: dict[str, str],
                  early: tuple[dict[str, str], Future[tuple[SearchNotes, dict[str, Path]]]] | None,
                  reindex: Callable[[dict[str, str]], Future[tuple[SearchNotes, dict[str, Path]]]],
                  ) -> tuple[SearchNotes | None, dict[str, Path]]:
    """The search notes after the edit, and the new bundle of each part that changed."""
    if search is None:
        return None, {}
    changed = {page: file for page, file in pages.items() if page in search.fingerprints}
    if early is not None and early[0] == changed:
        return early[1].result()
    if changed:  # another indexed page changed too (rare): all of them at once
        return reindex(changed).result()
    return search, {}



# ---- `build`: the page map on disk, and public/ -------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuickBuild:
    written: WriteStats
    warnings: tuple[Problem, ...]


class DiskIndex:
    """The page map (pageindex.py) and the parse results of the build cache, as the lane reads them."""

    def __init__(self, page_map: PageMap, cache: BuildCache, content: Path, key: str) -> None:
        self._map, self._cache, self._content, self._key = page_map, cache, content, key
        shell = page_map.index.shell
        self.vocabulary = Vocabulary.of(shell.registries, [m.rel for m in shell.media])
        self.links: LinkIndex = page_map.index.links
        self.search: SearchNotes | None = page_map.index.search

    def before(self, rel: str, source: str) -> tuple[Article, Article] | None:
        index = self._map.index
        parsed = self._cache.parsed_one(index.parse_keys.get(rel, ""))
        if parsed is None or parsed[0] is None or source not in index.articles:
            return None
        return parsed[0], self._map.article(source, {})

    def renderer(self, article: Article) -> Renderer | None:
        shell = self._map.index.shell
        theme, problems = load_theme(shell.config, self._content)
        if theme is None or problems:
            return None
        renderer = Renderer(replace_articles(shell, {article.source: article}), theme, compiled_templates(self._cache))
        return renderer if render_fingerprint(renderer) == self._map.index.fingerprint else None

    def jobs(self, shown: Article, article: Article) -> list[Job] | None:
        index = self._map.index
        indices = list(index.article_jobs.get(article.source, ()))
        contexts = self._map.contexts(indices, {article.source: article})
        return [Job(index.jobs.templates[i], index.jobs.urls[i], context)
                for i, context in zip(indices, contexts, strict=True)]

    def update(self, edit: Edit) -> None:
        key = parse_key(vocabulary_key(self.vocabulary), edit.source, edit.display)
        self._cache.add_parsed(key, edit.parsed)
        before = self.search.fingerprints if self.search is not None else {}
        now = edit.search.fingerprints if edit.search is not None else {}
        changed = {page: value for page, value in now.items() if before.get(page) != value}
        self._map.update(self._key, [edit.article], {edit.source.rel: key}, changed)


class NotInPlace(Exception):
    """public/ is not as the last build left it, and the cache cannot put it back: a full build must."""


# public/ as the last build left it, put back from the cache if need be (restore.py): its listing
# and which cache file holds each of its files; None when it cannot be had.
Ready = Callable[[], tuple[Listing, Stored] | None]


class PublicFolder:
    """public/ as the last build left it: new pages are kept as cache blobs and linked in; nothing
    is replaced before everything is ready, and then only by renames. Whether public/ is as the last
    build left it (or can be put back so) is asked when the lane first needs it: only after the
    lane knows its pages, so a change it cannot take costs no restore."""

    def __init__(self, out_dir: Path, cache: BuildCache, ready: Ready) -> None:
        self.folder = out_dir.absolute()
        self.search_folder = cache.search_folder
        self._cache, self._ready = cache, ready
        self._root = os.fspath(cache.root)
        self._blobs: dict[str, str] = {}
        self._before: tuple[Listing, Stored] | None = None
        self.files: Listing = {}  # public/ after put()
        self.stored: Stored = {}  # which cache file holds each of them
        self.bytes = 0

    def _in_place(self) -> tuple[Listing, Stored]:
        if self._before is None:
            self._before = self._ready()
            if self._before is None:
                raise NotInPlace
        return self._before

    def unchanged(self, output: OutputFile) -> bool:
        self._in_place()
        blob = self._cache.blob_path(self._cache.put_blob(output.data or b""))
        self._blobs[output.path] = blob
        try:  # a blob is named by its bytes: the same file means the same bytes
            return os.stat(self.folder / output.path).st_ino == os.stat(blob).st_ino
        except OSError:
            return False

    def stage(self, output: OutputFile) -> str:
        return self._blobs[output.path]

    def put(self, pages: dict[str, str], search: dict[str, Path]) -> bool:
        listing, stored = self._in_place()
        staged: list[tuple[str, str]] = []  # temporary name, final name
        try:
            for page, blob in sorted(pages.items()):
                target = self.folder / page
                temporary = target.with_name(f".{target.name}.snel-{os.getpid()}")
                link_or_copy(blob, temporary)
                staged.append((os.fspath(temporary), os.fspath(target)))
            folders = stage_parts(self.folder, search)
        except BaseException:
            for name, _ in staged:
                with contextlib.suppress(OSError):
                    os.unlink(name)
            raise
        # From here on, only renames.
        for name, final in staged:
            os.replace(name, final)
        swap_parts(folders)
        files, stored = dict(listing), dict(stored)
        for page, blob in pages.items():
            stat = os.stat(self.folder / page)
            files[page] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
            stored[page] = self._in_cache(blob)
            self.bytes += stat.st_size
        for folder, bundle in search.items():
            prefix = f"{folder}/"
            files = {path: stamp for path, stamp in files.items() if not path.startswith(prefix)}
            for rel, entry in walk_files(os.fspath(self.folder / folder)):
                stat = entry.stat(follow_symlinks=False)
                files[prefix + rel] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
            kept = self._in_cache(os.fspath(bundle))
            stored.update((prefix + rel, f"{kept}/{rel}") for rel, _ in walk_files(os.fspath(bundle)))
        self.files, self.stored = files, {path: kept for path, kept in stored.items() if path in files}
        return True

    def _in_cache(self, path: str) -> str:
        """A path in the cache folder as the record names it (relative to the folder)."""
        return os.path.relpath(path, self._root).replace(os.sep, "/")


def quick_build(content_dir: Path, out_dir: Path, cache_dir: Path, jobs: int, last: BuildRecord,
                inputs: Inputs, ready: Ready) -> QuickBuild | None:
    """`build` after a one-article edit, in a new process, or None when a full build must. `last` is
    the record of the last build; ready() gives out_dir as it left it (see Ready), and is asked
    before out_dir is touched. A build stopped while the few files are put in place leaves the record
    unlike public/, so the next build is a full one."""
    if last.base != inputs.base:
        return None
    changed = changed_files(last.inputs, inputs.files)
    if len(changed) != 1:
        return None
    path = Path(next(iter(changed)))
    if os.fspath(path) not in last.inputs or os.fspath(path) not in inputs.files:
        return None
    page_map = PageMap.open(cache_dir, out_dir, last.key)
    if page_map is None:
        return None
    cache = BuildCache(cache_dir)
    try:
        index = DiskIndex(page_map, cache, content_dir, inputs.key)
        place = PublicFolder(out_dir, cache, ready)
        done = one_body(path, content_dir, index, place, jobs)
        if done is None:
            return None
    except (SiteError, NotInPlace):  # Pagefind failed, or public/ is gone: the full build, in the usual words
        return None
    except (*UNREADABLE, IndexError, KeyError):
        # A map that cannot be read (a damaged cache) or a disk that is full: the full build either
        # does without the map or says what is wrong in Dutch.
        drop(page_map.folder)
        return None
    finally:
        cache.close()
    warnings = (*(w for w in last.warnings if w.path != done.display), *done.warnings)
    remember(cache_dir, out_dir, inputs, warnings, last.articles, last.pages, place.stored, files=place.files)
    # As a full build counts: the site's files besides the search index, and the bytes written.
    site_files = sum(not path.startswith(f"{SEARCH_BUNDLE}/") for path in place.files)
    return QuickBuild(WriteStats(site_files, place.bytes), warnings)
