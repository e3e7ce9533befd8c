"""Digests of render-job contexts, each Article pickled once however many pages show it.

A job's context is pickled with every Article replaced by a reference to its source file, and
the digest is that pickle's together with the digests of the articles it holds. The page index
(pageindex.py) keeps both pickles, so a new process can render one article's pages again.

Must not: read or write the cache folder (store.py), or decide what is built.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import pickle
from collections.abc import Callable
from typing import Any

from ..core.fingerprint import digest
from ..core.model import Article


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
