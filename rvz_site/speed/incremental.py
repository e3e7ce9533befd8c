"""Parse and render only what changed, on every core: the stages' work cut into cached pieces.

Owns: cutting the parse stage into one piece per source file and the render stage into one piece
per render job, looking each piece up in the build cache (cache.py) and handing the rest to
parallel.py. Works for any job Renderer.jobs() yields: a job's key is its template, URL and context.
Must not: parse or render itself (parse.py, render.py), or know which jobs exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..content.discover import display_path
from ..content.parse import Vocabulary, parse_source
from ..core.errors import Problem
from ..core.fingerprint import digest, program_version
from ..core.model import Article, OutputFile, SourceFile
from ..core.parallel import map_indices, worker_count
from ..core.urls import output_path
from ..render.render import Job, JobRunner, Renderer, render_one
from .cache import BuildCache, ContextDigester

Parsed = tuple[Article | None, list[Problem]]


def vocabulary_key(vocabulary: Vocabulary) -> str:
    return digest(program_version(), *(repr(sorted(keys)) for keys in (
        vocabulary.theme_keys, vocabulary.organisation_keys, vocabulary.media)))


def parse_key(vocabulary_key: str, source: SourceFile, display: str) -> str:
    """Under what a file's parse result is kept: its bytes and place, and what it may refer to."""
    return digest(vocabulary_key, source.rel, source.section, display, source.data)


def parse_all(sources: Sequence[SourceFile], vocabulary: Vocabulary, content: Path, jobs: int,
              cache: BuildCache | None = None) -> list[Parsed]:
    """parse_source for every file, in the order given; cached results where the file is unchanged."""
    displays = [display_path(content, s.rel) for s in sources]
    base = vocabulary_key(vocabulary) if cache else ""
    keys = [parse_key(base, s, d) for s, d in zip(sources, displays, strict=True)] if cache else []
    known = cache.parsed(keys) if cache else {}
    todo = [i for i in range(len(sources)) if not cache or keys[i] not in known]

    def work(indices: Sequence[int]) -> list[Parsed]:
        return [parse_source(sources[todo[i]], vocabulary, displays[todo[i]]) for i in indices]

    fresh = dict(zip(todo, map_indices(work, len(todo), worker_count(jobs)), strict=True))
    if cache:
        cache.parse_keys = {s.rel: key for s, key in zip(sources, keys, strict=True)}
        cache.keep_parsed({keys[i]: parsed for i, parsed in fresh.items()}, keys)
        return [fresh[i] if i in fresh else known[keys[i]] for i in range(len(sources))]
    return [fresh[i] for i in range(len(sources))]


def render_fingerprint(renderer: Renderer) -> str:
    """What every page may show besides its job's context: program, settings, registries, theme, day.

    Templates get everything else through their job's context; a template global that reads the
    articles would have to be added here (the equivalence tests build every edit both ways).
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


def job_runner(jobs: int, cache: BuildCache | None = None) -> JobRunner:
    """A JobRunner for render_pages on `jobs` processes (0: every core) that renders only cache misses."""

    def run(renderer: Renderer, todo: Sequence[Job]) -> list[OutputFile | Problem]:
        if cache is None:
            def work(indices: Sequence[int]) -> list[OutputFile | Problem]:
                return [render_one(renderer, todo[i]) for i in indices]

            return map_indices(work, len(todo), worker_count(jobs))
        return _cached_run(renderer, todo, jobs, cache)

    return run


def _cached_run(renderer: Renderer, todo: Sequence[Job], jobs: int,
                cache: BuildCache) -> list[OutputFile | Problem]:
    base = render_fingerprint(renderer)
    if cache.in_memory:  # forget the digests of Articles this build no longer has
        alive = {id(a) for a in (*renderer.site.articles, *renderer.site.pages)}
        for stale in [k for k in cache.article_digests if k not in alive]:
            del cache.article_digests[stale]
    writer = cache.page_map  # a build's map from articles to pages, for quickbuild.py
    contexts = ContextDigester(cache.article_digests if cache.in_memory else None,
                               writer.add_article if writer else None)
    if writer:
        writer.fingerprint = base
    keys: list[str | None] = []
    # A long-running process (serve) also notes which pages show which article, for quickedit.py.
    article_jobs: dict[int, list[int]] = {}
    seen: list[Article] | None = [] if cache.in_memory or writer else None
    for index, job in enumerate(todo):
        context = contexts(job.context, seen)
        keys.append(None if context is None else digest(base, job.template, job.url, context))
        if writer:
            writer.add_job(job.template, job.url, contexts.last_pickle, seen or ())
        if seen is not None:
            if cache.in_memory:
                for article_id in {id(article) for article in seen}:
                    article_jobs.setdefault(article_id, []).append(index)
            seen.clear()
            if context is None and not writer:  # a context that could not be walked whole: no map, no quick lane
                seen = None
    if cache.last is not None and seen is not None:
        cache.last.renderer, cache.last.jobs, cache.last.article_jobs = renderer, list(todo), article_jobs
    known = cache.pages()
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
