"""The persistent build cache: parse results per source file, rendered files per render job.

Owns the cache folder (`.cache/rvz-site` by default) and what its keys are made of:
- a parse result is keyed by the file's bytes and place, the registries' keys, the media files
  and the program's version (its own source and the versions of the libraries that shape output);
- a rendered file is keyed by the program's version, the settings, registries, theme and build day,
  the job's template and URL, and everything in the job's context (articles by their full content).
Anything that can change an output is in its key, so a stale cache can only miss, never change what
is built. Rendered files are kept once by content hash ("blobs") and hard-linked into the new site.

Must not: parse or render (runners.py asks for that), or decide what is built.
A cache that cannot be read is thrown away and rebuilt; it never stops a build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import importlib.metadata
import io
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core.atomic import KEPT_DIR, walk_files
from ..core.fingerprint import digest
from ..core.model import Article, Site

DEFAULT_DIR = KEPT_DIR


def article_ref(source: str) -> Article:
    """Stands for an Article in a context pickle; pageindex.py's loader puts the article in its place."""
    raise pickle.UnpicklingError(f"article {source} can only be loaded through the page map")


def slotted(module: str, qualname: str, *values: Any) -> Any:
    """A slotted dataclass as _ContextPickler wrote it."""
    cls: Any = importlib.import_module(module)
    for name in qualname.split("."):
        cls = getattr(cls, name)
    obj = object.__new__(cls)
    for name, value in zip(_slots(cls) or (), values, strict=True):
        object.__setattr__(obj, name, value)
    return obj


class _ContextPickler(pickle.Pickler):
    """Pickles a job's context with each Article replaced by a reference to its source file.

    Slotted dataclasses are reduced to their field values here, which is much faster than
    pickle's own way through __getstate__. The pickle can be loaded again (pageindex.py does,
    with the articles put back); what the articles hold goes into the key through `seen`.
    """

    def __init__(self, file: io.BytesIO, seen: list[Article]) -> None:
        super().__init__(file, protocol=5)
        self._seen = seen

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is Article:
            self._seen.append(obj)
            return article_ref, (obj.source,)
        slots = _slots(cls)
        if slots is None:
            return NotImplemented
        return slotted, (cls.__module__, cls.__qualname__, *(getattr(obj, name) for name in slots))


_SLOTS: dict[type, tuple[str, ...] | None] = {}


def _slots(cls: type) -> tuple[str, ...] | None:
    """The fields of a slotted dataclass (whose pickle would go through slow __getstate__), else None."""
    if cls not in _SLOTS:
        plain = not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__
        _SLOTS[cls] = None if plain else tuple(f.name for f in dataclasses.fields(cls))
    return _SLOTS[cls]


# Told of each article's pickle, the first time a ContextDigester meets it (pageindex.py keeps them).
ArticleSink = Callable[[Article, bytes, str], None]


class ContextDigester:
    """Digests of job contexts; each Article is pickled once however many pages show it.

    `articles` may be carried from one build to the next in the same process (the dev server):
    an Article is immutable, and unchanged files give the very same Article objects from the
    in-memory cache, so their digests need not be made again (about a second at 10,000 articles).
    """

    def __init__(self, articles: dict[int, tuple[Article, str]] | None = None,
                 sink: ArticleSink | None = None) -> None:
        # The Article is kept with its digest, so its id cannot be reused by another object.
        self._articles: dict[int, tuple[Article, str]] = {} if articles is None else articles
        self._sink = sink
        self.last_pickle: bytes | None = None  # the context as the last call pickled it

    def __call__(self, context: Any, seen: list[Article] | None = None) -> str | None:
        """The digest, or None for a context that cannot be pickled (such a page is always rendered).
        `seen` gets every Article the context holds (the map from articles to pages)."""
        buffer = io.BytesIO()
        found: list[Article] = [] if seen is None else seen
        start = len(found)
        self.last_pickle = None
        try:
            _ContextPickler(buffer, found).dump(context)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        self.last_pickle = buffer.getvalue()
        return digest(self.last_pickle, *(self.article_digest(a) for a in found[start:]))

    def article_digest(self, article: Article) -> str:
        known = self._articles.get(id(article))
        if known is None or known[0] is not article:
            data = pickle.dumps(article, protocol=5)
            known = (article, digest(data))
            self._articles[id(article)] = known
            if self._sink is not None:
                self._sink(article, data, known[1])
        return known[1]


class BuildCache:
    """One cache folder: a SQLite file with the keys and parse results, and a folder of blobs."""

    def __init__(self, root: Path, in_memory: bool = False) -> None:
        """`in_memory`: keep what was read in memory too, for a process that builds many times (serve)."""
        self.root = root.absolute()
        self.in_memory = in_memory
        self._parsed: dict[str, Any] = {}
        self._article_digests: dict[int, tuple[Article, str]] = {}  # for ContextDigester, when in_memory
        self._pages: dict[str, str] | None = None
        self._dead: list[str] = []  # page keys whose blob is gone
        self._present: set[str] = set()  # the blobs there were when pages() looked
        self.blobs = self.root / "blobs"
        self.spare = self.root / "spare"  # the site as the build before last left it (writer.py)
        self.search_folder = self.root / "search"  # search bundles by what they indexed (search.py)
        self.blobs.mkdir(parents=True, exist_ok=True)
        self._blobs = str(self.blobs)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        path = self.root / "cache.sqlite"
        for attempt in range(2):
            try:
                db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, value BLOB)")
                db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, blob TEXT)")
                return db
            except sqlite3.DatabaseError:
                if attempt:
                    raise
                # A damaged cache file is only a lost cache: start again.
                for leftover in self.root.glob("cache.sqlite*"):
                    leftover.unlink()
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._db.close()

    def article_digests(self, site: Site) -> dict[int, tuple[Article, str]] | None:
        """The digests of Articles that a ContextDigester may carry over from the last build of this
        process (when in_memory), those of articles `site` no longer has forgotten; else None."""
        if not self.in_memory:
            return None
        alive = {id(a) for a in (*site.articles, *site.pages)}
        for stale in [k for k in self._article_digests if k not in alive]:
            del self._article_digests[stale]
        return self._article_digests

    # ---- parse results ------------------------------------------------------------
    def parsed(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = set(keys)
        found = {k: self._parsed[k] for k in wanted if k in self._parsed}
        if len(found) == len(wanted):
            return found
        for key, value in self._db.execute("SELECT key, value FROM parsed"):
            if key in wanted and key not in found:
                with contextlib.suppress(Exception):  # an unreadable entry is a miss
                    found[key] = pickle.loads(value)
        if self.in_memory:
            self._parsed.update(found)
        return found

    def keep_parsed(self, new: dict[str, Any], keep: Iterable[str]) -> None:
        """Store the new parse results and forget those of files that no longer exist as they were."""
        keep = set(keep)
        with self._transaction():
            stale = [(k,) for (k,) in self._db.execute("SELECT key FROM parsed") if k not in keep]
            self._db.executemany("DELETE FROM parsed WHERE key = ?", stale)
            self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?)",
                                 ((k, pickle.dumps(v, protocol=5)) for k, v in new.items()))
        if self.in_memory:
            self._parsed.update(new)
            for key in [k for k in self._parsed if k not in keep]:
                del self._parsed[key]

    def parsed_one(self, key: str) -> Any:
        """One parse result, or None."""
        row = self._db.execute("SELECT value FROM parsed WHERE key = ?", (key,)).fetchone()
        try:
            return None if row is None else pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss
            return None

    def add_parsed(self, key: str, value: Any) -> None:
        """Store one more parse result (the next full build forgets those no file has any more)."""
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?)", (key, pickle.dumps(value, protocol=5)))

    # ---- rendered files -----------------------------------------------------------
    def pages(self) -> dict[str, str]:
        """Page key -> blob name, for the blobs still there."""
        if self._pages is None or not self.in_memory:
            present = self._present_blobs()
            rows = self._db.execute("SELECT key, blob FROM pages").fetchall()
            self._pages = {k: b for k, b in rows if b in present}
            self._dead = [k for k, b in rows if b not in present]
            self._present = present
        return self._pages

    def keep_pages(self, used: dict[str, str]) -> None:
        """Remember exactly this build's pages, and delete the blobs no page uses any more."""
        old = self._pages if self._pages is not None else self.pages()
        removed = [k for k in old if k not in used]
        with self._transaction():
            self._db.executemany("DELETE FROM pages WHERE key = ?", ((k,) for k in (*removed, *self._dead)))
            self._db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)",
                                 ((k, b) for k, b in used.items() if old.get(k) != b))
        wanted = set(used.values())
        # A build that read the folder deletes every blob it does not use (also those a stopped build
        # left); a long-running one only those it stopped using.
        unused = {old[k] for k in removed} if self.in_memory else self._present
        for name in unused - wanted:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.blob_path(name))
        self._pages, self._dead = dict(used), []

    def blob_path(self, name: str) -> str:
        return f"{self._blobs}/{name[:2]}/{name[2:]}"

    def put_blob(self, data: bytes) -> str:
        """Store bytes under their hash; returns the name. Safe to call from several processes."""
        name = digest(data)
        path = Path(self.blob_path(name))
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(data)
            # Read-only: the file is also linked into public/, and must not be changed there in place.
            tmp.chmod(0o444)
            os.replace(tmp, path)
        return name

    def _present_blobs(self) -> set[str]:
        # A blob is blobs/ab/cdef...; a name starting with "." is one being written (put_blob).
        return {rel.replace("/", "") for rel, _ in walk_files(self._blobs) if "/." not in rel}

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
