"""The page index: which pages show which article, recorded while a build digests every page's
context anyway (runners.py), so that after one article's body changed only its pages are rendered
again. Two kinds, one way of being filled (runners.PageIndexWriter, which is also the build's Recorder):
- MemoryIndex, for the dev server: the last build's renderer and jobs, kept in the process;
- the page map, for `build` with a cache: kept in the cache folder, so a new process can use it.

A full build with a cache writes the page map:
- pages.bin: each job's context as digests.ContextDigester pickled it, with every Article left out
  and named by its source file instead, zlib-compressed in blocks of some 64 KB (one page's context
  is much like its neighbours', so a block shrinks to a tenth, where a context alone would not);
- articles.bin: each Article (as rendered, links made into addresses) pickled once and compressed
  alone, against a dictionary of the first articles: the lane reads a few hundred articles spread
  over the whole file, and should not unpack their neighbours too;
- site.pickle: what else the quick lane needs that a full build already knows: the site without its
  articles, the link index cut down to what links are checked against, each file's parse key;
- index.pickle: where each page and article is, which pages hold which article, the search index's
  parts, all under the key of the inputs it was made from (uptodate.py), so a map of another build
  is never used; changes.pickle: what one-article builds changed since, their articles included.
Netlify saves and restores the cache whole on every deploy, so its size is deploy time: the two
.bin files are compressed on a thread of their own while the build digests the next pages (zlib
lets go of the GIL), and read back a block at a time.

Owns: recording, writing, finishing, loading and updating the index. Must not: decide when the index
may be used (lane.py), or render.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..build.links import LinkIndex, anchor_ids
from ..content.assemble import replace_articles
from ..content.parse import Vocabulary
from ..core.atomic import UNREADABLE, write_atomically
from ..core.errors import Problem
from ..core.fingerprint import digest
from ..core.model import Article, Site, SourceFile
from ..outputs.search import SearchNotes
from ..render.render import Job, Renderer
from .digests import article_ref
from .packed import Blocks, PackedReader, PackedWriter, pack, unpack

# 4: the .bin files packed (packed.py), addresses in place of file offsets. A map of an earlier
# version is not read at all, so its build does a full build.
_VERSION = "4"


@dataclass(frozen=True, slots=True)
class Edit:
    """What the one-article lane (lane.py) did, for the index to bring itself up to date."""

    source: SourceFile
    display: str  # the file as problems name it
    parsed: tuple[Article | None, list[Problem]]  # parse_source's result
    shown: Article  # the site's article before the edit
    article: Article  # and after
    links: LinkIndex  # the link index with the new article
    renderer: Renderer  # whose site holds the new article
    jobs: list[Job]  # the pages that show it, with the new article in their contexts
    search: SearchNotes | None  # what the search index holds now


class MemoryIndex:
    """The dev server's page index: the last full build of this process, as the one-article lane
    (lane.py) reads it. Jobs are known by their place in the build's list, articles by id(): an
    Article is immutable, and the site the server shows holds these very objects."""

    def __init__(self) -> None:
        self._vocabulary: Vocabulary | None = None
        self._links: LinkIndex | None = None
        self.site: Site | None = None
        self.search: SearchNotes | None = None
        self._renderer: Renderer | None = None  # None until a build has rendered every page mapped
        self._jobs: list[Job] = []  # every job, in order
        self._article_jobs: dict[int, list[int]] = {}  # id(Article) -> the jobs whose context holds it
        self._pending: list[int] = []  # the jobs jobs() gave the lane, by index, until update()
        self._mapped = True

    @property
    def ready(self) -> bool:
        """Whether the last build went through whole, so the lane may start from it."""
        return self._renderer is not None

    @property
    def vocabulary(self) -> Vocabulary:
        assert self._vocabulary is not None
        return self._vocabulary

    @property
    def links(self) -> LinkIndex:
        assert self._links is not None
        return self._links

    # ---- the build's Recorder, and what the cached runners tell it ----------------------------
    def loaded(self, site: Site, vocabulary: Vocabulary, links: LinkIndex) -> None:
        self._vocabulary, self._links, self.site, self._renderer, self.search = vocabulary, links, site, None, None
        self._jobs, self._article_jobs, self._mapped = [], {}, True

    def parsed(self, keys: dict[str, str]) -> None:
        return None

    def fingerprint(self, base: str) -> None:
        return None

    def add_article(self, article: Article, data: bytes, article_digest: str) -> None:
        return None

    def add_job(self, job: Job, context: bytes | None, holds: Sequence[Article]) -> None:
        # A context that could not be walked whole: no map, so no lane until the next build.
        self._mapped = self._mapped and context is not None
        for article_id in {id(article) for article in holds}:
            self._article_jobs.setdefault(article_id, []).append(len(self._jobs))
        self._jobs.append(job)

    def rendered(self, renderer: Renderer, jobs: Sequence[Job]) -> None:
        if self._mapped and len(jobs) == len(self._jobs):
            self._renderer = renderer

    def written(self, search: SearchNotes | None) -> None:
        self.search = search

    # ---- what the lane reads, and tells it ----------------------------------------------------
    def before(self, rel: str, source: str) -> tuple[Article, Article] | None:
        if self._renderer is None or self.site is None or self._links is None:
            return None
        parsed = self._links.by_rel.get(rel)  # as parsed, before its links were made into addresses
        shown = next((a for a in (*self.site.articles, *self.site.pages) if a.source == source), None)
        return None if parsed is None or shown is None else (parsed, shown)

    def renderer(self, article: Article) -> Renderer | None:
        if self._renderer is None or self.site is None:
            return None
        return self._renderer.with_site(replace_articles(self.site, {article.source: article}))

    def jobs(self, shown: Article, article: Article) -> list[Job] | None:
        self._pending = self._article_jobs.get(id(shown), [])
        jobs = [_swap(self._jobs[i], shown, article) for i in self._pending]
        return None if any(_holds(job, shown) for job in jobs) else jobs

    def update(self, edit: Edit) -> None:
        by_url = {job.url: job for job in edit.jobs}
        for i in self._pending:
            self._jobs[i] = by_url[self._jobs[i].url]
        self._article_jobs[id(edit.article)] = self._article_jobs.pop(id(edit.shown), [])
        self._renderer, self._links, self.site = edit.renderer, edit.links, edit.renderer.site
        self.search = edit.search


def _swap(value: Any, old: Article, new: Article) -> Any:
    """`value` with every reference to `old` replaced by `new`, rebuilt only where it held one."""
    if value is old:
        return new
    kind = type(value)
    if kind is dict:
        items = {k: _swap(v, old, new) for k, v in value.items()}
        return items if any(items[k] is not value[k] for k in value) else value
    if kind in (tuple, list):
        # Lists of thousands of articles (a section, a calendar) are common: look at those directly.
        swapped = [(new if v is old else v) if type(v) is Article else _swap(v, old, new) for v in value]
        return kind(swapped) if any(a is not b for a, b in zip(swapped, value, strict=True)) else value
    if dataclasses.is_dataclass(value) and kind is not Article and not isinstance(value, type):
        changes = {f.name: _swap(getattr(value, f.name), old, new) for f in dataclasses.fields(value) if f.init}
        changed = {k: v for k, v in changes.items() if v is not getattr(value, k)}
        return dataclasses.replace(value, **changed) if changed else value
    return value


class _Finder(pickle.Pickler):
    """Walks a job as the context digests do, to be sure no page still holds the old article."""

    def __init__(self, target: Article) -> None:
        super().__init__(io.BytesIO(), protocol=5)
        self.target = target
        self.found = False

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Article:
            self.found = self.found or obj is self.target
            return _nothing, ()
        return NotImplemented


def _nothing() -> None:
    return None


def _holds(job: Job, article: Article) -> bool:
    finder = _Finder(article)
    try:
        finder.dump(job.context)
    except (pickle.PicklingError, TypeError, AttributeError):
        return True
    return finder.found


def slim_links(index: LinkIndex) -> LinkIndex:
    """The link index with each article cut down to what a link to it is checked against (its
    address, whether it is published, its anchors), so the page map can keep it: a tenth of the size."""
    slim: dict[int, Article] = {}

    def cut(article: Article) -> Article:
        if id(article) not in slim:
            anchors = "".join(f" id='{a}'" if '"' in a else f' id="{a}"' for a in sorted(anchor_ids(article)))
            # What links.py reads of a link's target: where it is, whether it is a draft, its anchors.
            slim[id(article)] = Article(article.source, article.section, article.slug, title="", published=None,
                                        date_only=False, summary="", body_html=anchors, draft=article.draft,
                                        rel=article.rel)
        return slim[id(article)]

    return dataclasses.replace(index, by_url={u: cut(a) for u, a in index.by_url.items()},
                               by_rel={r: cut(a) for r, a in index.by_rel.items()})


def map_folder(cache: Path, out_dir: Path) -> Path:
    return cache / "laatste-build" / f"{digest(os.fspath(out_dir.absolute()))}.kaart"



@dataclass
class StoredJobs:
    """Every page's template, URL and where its context starts in pages.bin (its address, packed.py),
    by job index: lists and an array, not 38,000 objects, for the build's peak memory and the quick
    lane's load time."""

    templates: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    offsets: array[int] = field(default_factory=lambda: array("q"))


class StoredArticles(Mapping[str, Article]):
    """Articles by key, each unpickled only when asked for: the link index of 10,000 articles is
    kept so, and a one-article build looks up only the few its links point at."""

    def __init__(self, pickled: dict[str, bytes]) -> None:
        self._pickled = pickled
        self._loaded: dict[str, Article] = {}

    @classmethod
    def of(cls, articles: Mapping[str, Article], pickled: dict[int, bytes] | None = None) -> StoredArticles:
        """`pickled`: the pickles made so far, by id() of their article, to share with another mapping
        of the same articles (the link index's by_url and by_rel): pickle keeps a shared bytes once."""
        pickled = {} if pickled is None else pickled
        for article in articles.values():
            if id(article) not in pickled:
                pickled[id(article)] = pickle.dumps(article, protocol=5)
        return cls({key: pickled[id(a)] for key, a in articles.items()})

    def __getitem__(self, key: str) -> Article:
        if key not in self._loaded:
            self._loaded[key] = pickle.loads(self._pickled[key])
        return self._loaded[key]

    def __contains__(self, key: object) -> bool:
        return key in self._pickled

    def __iter__(self) -> Iterator[str]:
        return iter(self._pickled)

    def __len__(self) -> int:
        return len(self._pickled)

    def __reduce__(self) -> tuple[Any, ...]:
        return StoredArticles, (self._pickled,)


@dataclass
class PageMapIndex:
    key: str  # uptodate.Inputs.key of the build that made it
    fingerprint: str  # runners.render_fingerprint of that build
    jobs: StoredJobs
    article_jobs: dict[str, array[int]]  # article source -> indices into jobs of the pages that hold it
    articles: dict[str, tuple[int, int]]  # article source -> (address, length) in articles.bin
    page_blocks: Blocks  # of pages.bin
    article_blocks: Blocks  # of articles.bin
    # Kept in site.pickle, written as soon as the site is loaded; PageMap.open puts them here
    # (Any: these modules sit above this one).
    shell: Any = None  # model.Site without its articles: what a Renderer needs besides the contexts
    links: Any = None  # links.LinkIndex, cut down by slim_links
    parse_keys: dict[str, str] = field(default_factory=dict)  # content rel -> cache key of its parse
    search: Any = None  # search.SearchNotes, in index.pickle
    # The articles one-article builds changed since, each pickled and packed (from changes.pickle).
    changed: dict[str, bytes] = field(default_factory=dict)
    version: str = _VERSION


_CHANGES = "changes.pickle"
_SITE = "site.pickle"


@dataclass
class Changes:
    """What one-article builds changed since the full build that wrote the index."""

    key: str
    articles: dict[str, bytes]  # source -> the article pickled and packed
    parse_keys: dict[str, str]
    fingerprints: dict[str, bytes | str]  # search.SearchNotes.fingerprints


class PageMapWriter:
    """Collects the page map while a build digests its pages (a runners.PageIndexWriter); nothing
    is in place until finish()."""

    def __init__(self, cache: Path, out_dir: Path) -> None:
        self.target = map_folder(cache, out_dir)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".kaart-", dir=self.target.parent))
        # One thread packs both files, beside the build digesting the next pages.
        self._packing = ThreadPoolExecutor(1, thread_name_prefix="kaart")
        self._pages = PackedWriter(self.folder / "pages.bin", self._packing)
        self._articles = PackedWriter(self.folder / "articles.bin", self._packing, per_record=True)
        self.jobs = StoredJobs()
        self.article_jobs: dict[str, array[int]] = {}
        self.articles: dict[str, tuple[int, int, str]] = {}
        self._fingerprint = ""
        self._parse_keys: dict[str, str] = {}
        # Set as the build goes; see PageMapIndex.
        self.key = ""
        self.site_kept = False
        self.search: SearchNotes | None = None
        # False once a page could not be mapped (a context that cannot be pickled, two different
        # articles from one file): then there is no map, and every edit takes a full build.
        self.usable = True

    def parsed(self, keys: dict[str, str]) -> None:
        self._parse_keys = keys

    def fingerprint(self, base: str) -> None:
        self._fingerprint = base

    def loaded(self, site: Site, vocabulary: Vocabulary, links: LinkIndex) -> None:
        """The site without its articles, the cut-down link index and the parse keys, written at
        once: kept as objects until the end, they added some 20 MB to the build's peak."""
        shell = dataclasses.replace(site, articles=(), by_theme={}, by_keyword={}, by_organisation={})
        slim = slim_links(links)
        pickled: dict[int, bytes] = {}
        slim = dataclasses.replace(slim, by_url=StoredArticles.of(slim.by_url, pickled),
                                   by_rel=StoredArticles.of(slim.by_rel, pickled))
        try:
            with (self.folder / _SITE).open("wb") as handle:
                pickle.dump((shell, slim, self._parse_keys), handle, protocol=pickle.HIGHEST_PROTOCOL)
            self._parse_keys = {}
            self.site_kept = True
        except OSError:
            self.usable = False

    def add_article(self, article: Article, data: bytes, article_digest: str) -> None:
        known = self.articles.get(article.source)
        if known is not None:
            self.usable = self.usable and known[2] == article_digest
            return
        self.articles[article.source] = (self._articles.add(data), len(data), article_digest)

    def add_job(self, job: Job, context: bytes | None, holds: Sequence[Article]) -> None:
        if context is None:
            self.usable = False
            return
        index = len(self.jobs.urls)
        self.jobs.templates.append(job.template)
        self.jobs.urls.append(job.url)
        self.jobs.offsets.append(self._pages.add(context))
        for source in dict.fromkeys(a.source for a in holds):
            if source not in self.article_jobs:
                self.article_jobs[source] = array("i")
            self.article_jobs[source].append(index)

    def rendered(self, renderer: Renderer, jobs: Sequence[Job]) -> None:
        return None

    def written(self, search: SearchNotes | None) -> None:
        self.search = search

    def finish(self) -> None:
        """Put the map in place of the last one (or remove that one, when this build could not make one)."""
        try:
            page_blocks, article_blocks = self._pages.close(), self._articles.close()
        except OSError:
            self.usable = False
        finally:
            self._packing.shutdown()
        if not self.usable or not self.key or self.search is None or not self.site_kept:
            drop(self.target)
            return
        index = PageMapIndex(self.key, self._fingerprint, self.jobs, self.article_jobs,
                             {s: (o, n) for s, (o, n, _) in self.articles.items()}, page_blocks, article_blocks,
                             search=self.search)
        try:
            with (self.folder / "index.pickle").open("wb") as handle:
                pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
            drop(self.target)
            self.folder.rename(self.target)
        except OSError:  # no map: only a slower next build
            drop(self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._pages.close()
        with contextlib.suppress(OSError):
            self._articles.close()
        self._packing.shutdown()
        shutil.rmtree(self.folder, ignore_errors=True)


def drop(folder: Path) -> None:
    """Remove a map (it no longer fits public/), first moving it aside so no half of it is read."""
    if not folder.exists():
        return
    aside = folder.with_name(f".weg-{folder.name}-{os.getpid()}")
    with contextlib.suppress(OSError):
        folder.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)


class PageMap:
    """A finished map, opened for the quick lane."""

    def __init__(self, folder: Path, index: PageMapIndex) -> None:
        self.folder = folder
        self.index = index
        self._loaded: dict[str, Article] = {}
        self._articles = PackedReader(folder / "articles.bin", index.article_blocks)

    @classmethod
    def open(cls, cache: Path, out_dir: Path, key: str) -> PageMap | None:
        folder = map_folder(cache, out_dir)
        try:
            with (folder / "index.pickle").open("rb") as handle:
                index = pickle.load(handle)
            # Another version's map (an older rvz-site wrote it) is not looked into any further.
            if not isinstance(index, PageMapIndex) or getattr(index, "version", None) != _VERSION:
                return None
            with (folder / _SITE).open("rb") as handle:
                index.shell, index.links, index.parse_keys = pickle.load(handle)
            if (folder / _CHANGES).exists():
                with (folder / _CHANGES).open("rb") as handle:
                    changes = pickle.load(handle)
                if not isinstance(changes, Changes):
                    return None
                index.key = changes.key
                index.changed.update(changes.articles)
                index.parse_keys.update(changes.parse_keys)
                index.search.fingerprints.update(changes.fingerprints)
            return cls(folder, index) if index.key == key else None
        except UNREADABLE:
            return None

    def article(self, source: str, replaced: dict[str, Article]) -> Article:
        if source in replaced:
            return replaced[source]
        if source not in self._loaded:
            changed = self.index.changed.get(source)  # by a one-article build since
            data = unpack(changed) if changed is not None else self._articles.record(*self.index.articles[source])
            self._loaded[source] = pickle.loads(data)
        return self._loaded[source]

    def contexts(self, indices: Sequence[int], replaced: dict[str, Article]) -> list[dict[str, Any]]:
        """The contexts of these jobs, each article as stored or, by source, as in `replaced`."""
        found: list[dict[str, Any]] = []
        pages = PackedReader(self.folder / "pages.bin", self.index.page_blocks)
        for i in indices:
            block, start = pages.block(self.index.jobs.offsets[i])
            handle = io.BytesIO(block)
            handle.seek(start)
            loader = _ContextLoader(handle, lambda source: self.article(source, replaced))
            found.append(loader.load())
        return found

    def update(self, key: str, articles: Sequence[Article], parse_keys: dict[str, str],
               fingerprints: dict[str, bytes | str]) -> bool:
        """Make the map fit the build that changed these articles, parse keys and search fingerprints;
        False when it could not be written. The changes since the full build are kept beside its
        index (a tenth of its size), articles and all, so an edit does not write all of it again."""
        try:
            changes = Changes(key, {}, dict(parse_keys), dict(fingerprints))
            with (self.folder / _CHANGES).open("rb") as handle:
                before = pickle.load(handle)
            if isinstance(before, Changes):
                changes = Changes(key, {**before.articles}, {**before.parse_keys, **parse_keys},
                                  {**before.fingerprints, **fingerprints})
        except FileNotFoundError:
            pass
        except UNREADABLE:
            drop(self.folder)
            return False
        for article in articles:
            changes.articles[article.source] = pack(pickle.dumps(article, protocol=5))
        try:
            write_atomically(self.folder / _CHANGES, pickle.dumps(changes, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            drop(self.folder)
            return False
        return True


class _ContextLoader(pickle.Unpickler):
    def __init__(self, file: BinaryIO, article: Any) -> None:
        super().__init__(file)
        self._article = article

    def find_class(self, module: str, name: str) -> Any:
        if module == article_ref.__module__ and name == article_ref.__name__:
            return self._article
        return super().find_class(module, name)
