"""The persistent build cache: parse results per source file, rendered files per render job.

Owns the cache folder (`.cache/rvz-site` by default) and what its keys are made of:
- a parse result is keyed by the file's bytes and place, the registries' keys, the media files
  and the program's version (its own source and the versions of the libraries that shape output);
- a rendered file is keyed by the program's version, the settings, registries, theme and build day,
  the job's template and URL, and everything in the job's context (articles by their full content).
Anything that can change an output is in its key, so a stale cache can only miss, never change what
is built. Rendered files are kept once by content hash ("blobs") and hard-linked into the new site.
Parse results are kept pickled and packed (zlib, packed.py): a third of the size, since Netlify
saves and restores the whole cache on every deploy; a row that does not unpack is a miss.

Must not: parse or render (runners.py asks for that), or decide what is built.
A cache that cannot be read is thrown away and rebuilt; it never stops a build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..core.atomic import KEPT_DIR, walk_files
from ..core.fingerprint import digest
from ..core.model import Article, Site
from .packed import pack, unpack

DEFAULT_DIR = KEPT_DIR


class BuildCache:
    """One cache folder: a SQLite file with the keys and parse results, and a folder of blobs."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()
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
        """The Article digests a ContextDigester may carry over from an earlier build of this
        process: none, for a process that builds once (ResidentCache keeps them)."""
        return None

    # ---- parse results ------------------------------------------------------------
    def parsed(self, keys: Iterable[str]) -> dict[str, Any]:
        """The stored parse results of these keys (those there are)."""
        return self._read_parsed(set(keys), {})

    def _read_parsed(self, wanted: set[str], found: dict[str, Any]) -> dict[str, Any]:
        for key, value in self._db.execute("SELECT key, value FROM parsed"):
            if key in wanted and key not in found:
                with contextlib.suppress(Exception):  # an unreadable entry is a miss
                    found[key] = _parse_result(value)
        return found

    def keep_parsed(self, new: dict[str, Any], keep: Iterable[str]) -> None:
        """Store the new parse results and forget those of files that no longer exist as they were."""
        keep = set(keep)
        with self._transaction():
            stale = [(k,) for (k,) in self._db.execute("SELECT key FROM parsed") if k not in keep]
            self._db.executemany("DELETE FROM parsed WHERE key = ?", stale)
            self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?)",
                                 ((k, _packed(v)) for k, v in new.items()))

    def parsed_one(self, key: str) -> Any:
        """One parse result, or None."""
        row = self._db.execute("SELECT value FROM parsed WHERE key = ?", (key,)).fetchone()
        try:
            return None if row is None else _parse_result(row[0])
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss
            return None

    def add_parsed(self, key: str, value: Any) -> None:
        """Store one more parse result (the next full build forgets those no file has any more)."""
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?)", (key, _packed(value)))

    # ---- rendered files -----------------------------------------------------------
    def pages(self) -> dict[str, str]:
        """Page key -> blob name, for the blobs still there (read from the folder each time)."""
        return self._read_pages()

    def _read_pages(self) -> dict[str, str]:
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
        for name in self._candidates(old, removed) - wanted:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.blob_path(name))
        self._pages, self._dead = dict(used), []

    def _candidates(self, old: dict[str, str], removed: list[str]) -> set[str]:
        """The blobs that may be deleted if no page of this build uses them: every blob the folder
        held when pages() read it, so those a stopped build left go as well."""
        return self._present

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


def _packed(result: Any) -> bytes:
    return pack(pickle.dumps(result, protocol=5))


def _parse_result(row: bytes) -> Any:
    """A row as _packed made it; ValueError for any other (a plain pickle of an older rvz-site)."""
    return pickle.loads(unpack(row))


class ResidentCache(BuildCache):
    """A BuildCache for a process that builds many times (the dev server): what it read stays in
    memory as well, so the next build does not read the folder again.

    Unchanged files give the very same parse results, and so the very same Article objects, from
    one build to the next; their context digests are carried over too (ContextDigester).
    """

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._parsed: dict[str, Any] = {}
        self._article_digests: dict[int, tuple[Article, str]] = {}
        # Blobs this process stored that no page record names: the one-article lane stores each
        # page it renders, for the search part's key, but records pages only in memory.
        self._loose: set[str] = set()
        self._swept = False  # whether a keep_pages has cleared what earlier processes left

    def article_digests(self, site: Site) -> dict[int, tuple[Article, str]] | None:
        """Those of the last builds, with the Articles `site` no longer has forgotten."""
        alive = {id(a) for a in (*site.articles, *site.pages)}
        for stale in [k for k in self._article_digests if k not in alive]:
            del self._article_digests[stale]
        return self._article_digests

    def parsed(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = set(keys)
        found = {k: self._parsed[k] for k in wanted if k in self._parsed}
        if len(found) < len(wanted):
            self._parsed.update(self._read_parsed(wanted, found))
        return found

    def keep_parsed(self, new: dict[str, Any], keep: Iterable[str]) -> None:
        keep = set(keep)
        super().keep_parsed(new, keep)
        self._parsed.update(new)
        for key in [k for k in self._parsed if k not in keep]:
            del self._parsed[key]

    def pages(self) -> dict[str, str]:
        """Read from the folder once; after that this process's own record of what it stored."""
        return self._read_pages() if self._pages is None else self._pages

    def put_blob(self, data: bytes) -> str:
        name = super().put_blob(data)
        self._loose.add(name)
        return name

    def _candidates(self, old: dict[str, str], removed: list[str]) -> set[str]:
        """The blobs of the pages this build dropped and those the lane stored since the last build;
        the first time, also every blob the folder held (what earlier sessions left)."""
        candidates = {old[k] for k in removed} | self._loose
        if not self._swept:
            candidates |= self._present
            self._swept = True
        self._loose = set()
        return candidates
