"""Cached, parallel runners for the build: parse and render only what changed, on every core.

Owns: cutting the parse stage into one piece per source file and the render stage into one piece
per render job, looking each piece up in the build cache (store.py), handing the rest to the
plain runners of build/runners.py, and telling a page index (pageindex.py) which pages hold which
article while each page's context is digested anyway. Works for any job Renderer.jobs() yields:
a job's key is its template, URL and context.
Must not: parse or render itself (parse.py, render.py), or know which jobs exist.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..build.runners import Machinery, Parsed, Recorder, parse_sources
from ..content.discover import display_path
from ..content.parse import Vocabulary
from ..core.errors import Problem
from ..core.fingerprint import digest, program_version
from ..core.model import Article, OutputFile, SourceFile
from ..core.parallel import map_indices, worker_count
from ..core.urls import output_path
from ..render.render import CompiledTemplates, Job, Renderer, render_one
from .digests import ContextDigester
from .store import BuildCache


class PageIndexWriter(Recorder, Protocol):
    """What the cached runners tell a page index (pageindex.py) while they digest the pages, besides
    what the build tells every Recorder."""

    def parsed(self, keys: dict[str, str]) -> None:
        """Each content file (by rel) and the cache key of its parse result."""

    def fingerprint(self, base: str) -> None:
        """render_fingerprint of this build's renderer."""

    def add_article(self, article: Article, data: bytes, article_digest: str) -> None:
        """An Article met in a page's context for the first time, pickled, with its digest."""

    def add_job(self, job: Job, context: bytes | None, holds: Sequence[Article]) -> None:
        """The next page: its context as pickled (None: it could not be), and the articles it holds."""


def vocabulary_key(vocabulary: Vocabulary) -> str:
    return digest(program_version(), *(repr(sorted(keys)) for keys in (
        vocabulary.theme_keys, vocabulary.organisation_keys, vocabulary.media)))


def parse_key(vocabulary_key: str, source: SourceFile, display: str) -> str:
    """Under what a file's parse result is kept: its bytes and place, and what it may refer to."""
    return digest(vocabulary_key, source.rel, source.section, display, source.data)


def cached_machinery(cache: BuildCache, jobs: int, index: PageIndexWriter | None = None) -> Machinery:
    """Runners that take what the cache has and keep what they make, on `jobs` processes (0: every
    core); `index` is told which pages show which article, and hears the build as its recorder."""

    def parse(sources: Sequence[SourceFile], vocabulary: Vocabulary, content: Path) -> list[Parsed]:
        return _cached_parse(sources, vocabulary, content, jobs, cache, index)

    def render(renderer: Renderer, todo: Sequence[Job]) -> list[OutputFile | Problem]:
        return _cached_render(renderer, todo, jobs, cache, index)

    machinery = Machinery(parse=parse, render=render, search_folder=cache.search_folder, spare=cache.spare,
                          images=cache.root / "social", photos=cache.root / "photos",
                          templates=compiled_templates(cache))
    return machinery if index is None else dataclasses.replace(machinery, recorder=index)


def compiled_templates(cache: BuildCache) -> CompiledTemplates:
    """Compiled templates kept in the cache folder, for the next process (and this one's next build)."""
    return CompiledTemplates(cache.root / "jinja")


def _cached_parse(sources: Sequence[SourceFile], vocabulary: Vocabulary, content: Path, jobs: int,
                  cache: BuildCache, index: PageIndexWriter | None) -> list[Parsed]:
    """parse_source for every file, in the order given; cached results where the file is unchanged."""
    base = vocabulary_key(vocabulary)
    keys = [parse_key(base, s, display_path(content, s.rel)) for s in sources]
    known = cache.parsed(keys)
    todo = [i for i in range(len(sources)) if keys[i] not in known]
    fresh = dict(zip(todo, parse_sources(sources, vocabulary, content, jobs, todo), strict=True))
    if index is not None:
        index.parsed({s.rel: key for s, key in zip(sources, keys, strict=True)})
    cache.keep_parsed({keys[i]: parsed for i, parsed in fresh.items()}, keys)
    return [fresh[i] if i in fresh else known[keys[i]] for i in range(len(sources))]


def render_fingerprint(renderer: Renderer) -> str:
    """What every page may show besides its job's context: program, settings, registries, theme, day.

    Templates get everything else through their job's context; a template global that reads the
    articles would have to be added here (render.py says so where the globals are made).
    """
    site, theme = renderer.site, renderer.theme
    parts: list[bytes | str] = [program_version(), repr(site.config), repr(site.registries),
                                site.today.isoformat(), repr(site.keywords), theme.name,
                                repr(site.pictures),  # every photo's sizes and addresses (outputs/images)
                                repr(sorted(renderer.env.globals)), repr(sorted(renderer.env.filters))]
    for name, text in theme.templates:
        parts += [name, text]
    for asset in theme.assets:
        parts += [asset.logical, asset.url, asset.data]
    return digest(*parts)


def _cached_render(renderer: Renderer, todo: Sequence[Job], jobs: int, cache: BuildCache,
                   index: PageIndexWriter | None) -> list[OutputFile | Problem]:
    keys: list[str | None] = []

    def make_keys() -> None:
        base = render_fingerprint(renderer)
        contexts = ContextDigester(cache.article_digests(renderer.site), index.add_article if index else None)
        if index is not None:
            index.fingerprint(base)
        seen: list[Article] = []
        for job in todo:
            context = contexts(job.context, seen)
            keys.append(None if context is None else digest(base, job.template, job.url, context))
            if index is not None:
                index.add_job(job, contexts.last_pickle, seen)
            seen.clear()

    known = cache.pages()
    # The keys are made before the workers start, though a cold build renders every page whatever
    # its key: made while the workers rendered (measured at 10,000 articles: 1.6 s less render),
    # the page map the parent builds meanwhile is no longer shared with them, and the peak over
    # all processes rose from 493 to 506 MB (PSS), over the 500 MB the build may take.
    make_keys()
    missing = [i for i, key in enumerate(keys) if key is None or key not in known]

    def work(indices: Sequence[int]) -> list[str | Problem]:
        done: list[str | Problem] = []
        for i in indices:
            result = render_one(renderer, todo[missing[i]])
            done.append(result if isinstance(result, Problem) else cache.put_blob(result.data or b""))
        return done

    rendered = dict(zip(missing, map_indices(work, len(missing), worker_count(jobs)), strict=True))
    results: list[OutputFile | Problem] = []
    used: dict[str, str] = {}
    for i, (job, key) in enumerate(zip(todo, keys, strict=True)):
        blob = rendered[i] if i in rendered else known[key]  # type: ignore[index]
        if isinstance(blob, Problem):
            results.append(blob)
            continue
        if key is not None:
            used[key] = blob
        results.append(OutputFile(output_path(job.url), copy_from=cache.blob_path(blob), link=True))
    if not any(isinstance(r, Problem) for r in results):
        cache.keep_pages(used)
    return results

