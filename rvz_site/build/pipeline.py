"""build_site(): the stages in order, each timed, every problem collected. The only orchestrator.

SiteConfig -> discover -> SourceFiles -> parse -> Articles -> assemble -> Site
-> render -> OutputFiles -> write -> public/
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..content.assemble import assemble_site, find_collisions, is_published
from ..content.config import load_config
from ..content.discover import discover_sources
from ..content.parse import Vocabulary
from ..content.registry import load_registries
from ..content.schedule import render_schedule
from ..core.errors import Problem, SiteError
from ..core.model import Article, OutputFile, Site
from ..core.progress import StageListener, reporting_pieces
from ..outputs.cms import PACKAGE_ROOT, SITE_CSS, SITE_ICON, admin_outputs, bundle_dirs, find_bundle
from ..outputs.decapfetch import fetch_bundle, not_found, read_pin
from ..outputs.images.encode import publish_pictures
from ..outputs.images.store import PhotoStore
from ..outputs.search import SearchNotes, search_index
from ..outputs.socialimage import ImageCache, social_image_files, wanted_images
from ..outputs.writer import WriteStats, check_target, write_site
from ..render.redirects import render_redirects
from ..render.render import keep_compiled_templates, render_pages
from ..render.theme import Theme, load_theme, theme_dirs
from ..speed.cache import DEFAULT_DIR, BuildCache, LastBuild
from ..speed.incremental import job_runner, parse_all
from ..speed.pagemap import PageMapWriter
from ..speed.quickbuild import quick_build
from ..speed.uptodate import (
    BuildRecord,
    Inputs,
    Listing,
    last_record,
    list_output_early,
    output_intact,
    read_inputs,
    remember,
)
from .imagecheck import check_pictures
from .links import check_links_indexed, slim_index

DEFAULT_CACHE = DEFAULT_DIR


@dataclass(frozen=True, slots=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    today: date
    drafts: bool = False
    future: bool = False
    # `check`: also read drafts and future articles, while links are judged as the build publishes.
    everything: bool = False
    # Where Decap's dist/ is; None: look beside the content folder and beside rvz-site.
    decap_dist: Path | None = None
    jobs: int = 0  # worker processes for parse and render; 0: one per core
    # The build cache (cache.py) and the drawn pictures. None: parse and render everything afresh,
    # and keep the pictures in .cache/rvz-site beside out_dir.
    cache_dir: Path | None = None
    # Told of every stage as it starts and ends (the progress on a terminal or in a log); None: silent.
    listener: StageListener | None = None


@dataclass
class StageRun:
    count: int | None = None  # what the stage made, for the listener (articles, pages, files)


@dataclass
class Timings:
    """Each stage's own time (a stage inside another counts once, in the inner one), told to the
    listener as it goes (a terminal or a log: app/progress.py)."""

    listener: StageListener | None = None
    stages: dict[str, float] = field(default_factory=dict)
    _inner: list[float] = field(default_factory=list)  # per open stage: the time of stages inside it

    def note(self, text: str) -> None:
        """A line the person watching should read now (e.g. that Decap is being fetched)."""
        if self.listener is not None:
            self.listener.noted(text)

    def timed(self, name: str, step: Callable[[Path], None]) -> Callable[[Path], None]:
        def run(path: Path) -> None:
            with self.stage(name):
                step(path)
        return run

    @contextmanager
    def stage(self, name: str) -> Iterator[StageRun]:
        listener, run = self.listener, StageRun()
        if listener is not None:
            listener.started(name)
        self._inner.append(0.0)
        start = time.perf_counter()
        try:
            if listener is None:
                yield run
            else:
                with reporting_pieces(lambda done, total: listener.advanced(name, done, total)):
                    yield run
        finally:
            elapsed = time.perf_counter() - start
            own = elapsed - self._inner.pop()
            if self._inner:
                self._inner[-1] += elapsed
            self.stages[name] = self.stages.get(name, 0.0) + own
        if listener is not None:  # not reached when the stage raised: the errors are shown instead
            listener.finished(name, run.count, own)


@dataclass(frozen=True, slots=True)
class BuildReport:
    written: WriteStats | None  # None: public/ was already what this build would write
    warnings: tuple[Problem, ...]
    timings: dict[str, float]
    articles: int
    pages: int


def _only_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def load_site(options: BuildOptions, timings: Timings | None = None,
              cache: BuildCache | None = None) -> tuple[Site, Theme, list[Problem]]:
    """Read and check everything; raise SiteError with every problem found, or return the Site."""
    timings = timings or Timings(options.listener)
    content = options.content_dir
    problems: list[Problem] = []
    if cache is not None:
        cache.last = None  # until this load and its render have succeeded
    if not content.is_dir():
        raise SiteError([Problem(str(content), 0, 0, "de contentmap bestaat niet",
                                 expected="een map met site.yaml, themes.yaml en de rubrieken")])
    with timings.stage("config"):
        config, found = load_config(content)
        problems += found
        registries, found = load_registries(content)
        problems += found
        theme, found = load_theme(config, content) if config else (None, [])
        problems += found
    with timings.stage("discover") as stage:
        discovered = discover_sources(content)
        problems += discovered.problems
        stage.count = len(discovered.sources)
    with timings.stage("parse") as stage:
        vocabulary = Vocabulary.of(registries, [m.rel for m in discovered.media])
        articles: list[Article] = []
        for article, found in parse_all(discovered.sources, vocabulary, content, options.jobs, cache):
            problems += found
            if article is not None:
                articles.append(article)
        problems += find_collisions(articles)
        stage.count = len(articles)
    if _only_errors(problems) or config is None or theme is None:
        raise SiteError(problems)
    with timings.stage("assemble") as stage:
        site = assemble_site(config, registries, articles, discovered.media, options.today,
                             drafts=options.drafts or options.everything,
                             future=options.future or options.everything)
        stage.count = len(site.articles) + len(site.pages)
    with timings.stage("links"):
        site, found, links = check_links_indexed(site, theme, articles, lambda a: is_published(
            a, options.today, drafts=options.drafts, future=options.future))
        problems += found
    with timings.stage("images") as stage:
        site, found = check_pictures(site, photo_store(options))
        problems += found
        stage.count = len(site.pictures.by_url)
    if cache is not None and cache.in_memory:  # the dev server's quick lane starts from these
        cache.last = LastBuild(vocabulary=vocabulary, links=links)
    if cache is not None and cache.page_map is not None:
        cache.link_index = slim_index(links)
    if _only_errors(problems):
        raise SiteError(problems)
    return site, theme, problems


def photo_store(options: BuildOptions) -> PhotoStore:
    """The encoded photos, kept beside the share pictures (outputs/images/store.py)."""
    return PhotoStore((options.cache_dir or options.out_dir.absolute().parent / DEFAULT_CACHE) / "photos")


def make_photos(site: Site, options: BuildOptions, timings: Timings,
                warnings: list[Problem]) -> tuple[Site, list[OutputFile]]:
    """The photo files (made on every core where the store lacks them), and the site told their sizes."""
    with timings.stage("photos") as stage:
        site, files, found = publish_pictures(site, photo_store(options), options.jobs)
        stage.count = len(site.pictures.by_url)
    if found:
        raise SiteError([*found, *warnings])
    return site, files


def _unique_paths(outputs: list[OutputFile]) -> None:
    seen: set[str] = set()
    clashes = sorted({o.path for o in outputs if o.path in seen or seen.add(o.path)})  # type: ignore[func-returns-value]
    if clashes:
        raise SiteError([Problem(f"public/{p}", 0, 0, "twee pagina's zouden hetzelfde bestand schrijven",
                                 expected="elk webadres één keer") for p in clashes])


def render_site(site: Site, theme: Theme, timings: Timings | None = None, jobs: int = 1,
                cache: BuildCache | None = None) -> list[OutputFile]:
    timings = timings or Timings()
    with timings.stage("render") as stage:
        outputs = render_pages(site, theme, job_runner(jobs, cache))
        outputs.append(render_redirects(site, outputs))
        outputs.append(render_schedule(site.scheduled, site.today))
        stage.count = len(outputs)
    _unique_paths(outputs)
    return outputs


def _read_inputs(options: BuildOptions, known: BuildRecord | None) -> Inputs:
    """What uptodate.py compares: every input, and the options that change the output."""
    decap = find_bundle([options.decap_dist] if options.decap_dist else bundle_dirs(options.content_dir))
    themes = list(dict.fromkeys(d.resolve() for d in theme_dirs(options.content_dir)))
    return read_inputs(options.content_dir, themes, decap, [
        f"today={options.today.isoformat()}", f"drafts={options.drafts}", f"future={options.future}",
        f"everything={options.everything}", f"decap={options.decap_dist}"], known.inputs if known else None,
        options.cache_dir)


def build_site(options: BuildOptions, listing: Callable[[], Listing] | None = None) -> BuildReport:
    """Build the site. `listing`: out_dir's files, listed on another core since the command started
    (uptodate.list_output_early); without it the listing starts here."""
    check_target(options.out_dir, options.content_dir)
    cache_dir = options.cache_dir
    if cache_dir is None:
        return _build(options, Timings(options.listener))
    keep_compiled_templates(cache_dir / "jinja")
    timings = Timings(options.listener)
    with timings.stage("up to date"):
        # Whether public/ is as the last build left it takes a listing of 40,000 files: made on
        # another core while this process reads the inputs, and perhaps builds one article.
        listing = listing or list_output_early(options.out_dir)
        last = last_record(cache_dir, options.out_dir)
        inputs = _read_inputs(options, last)
        intact = functools.cache(lambda: output_intact(cache_dir, options.out_dir, last, listing()))  # asked once
    if last is not None and last.key == inputs.key:
        with timings.stage("output intact"):
            if intact():
                return BuildReport(None, last.warnings, dict(timings.stages), last.articles, last.pages)
    elif last is not None:
        with timings.stage("one article"):  # perhaps only one article's body changed (quickbuild.py)
            quick = quick_build(options.content_dir, options.out_dir, cache_dir, options.jobs, last, inputs, intact)
        if quick is not None:
            return BuildReport(quick.written, quick.warnings, dict(timings.stages), last.articles, last.pages)
    intact()  # (also: damage found in public/ is mended in the cache before the full build)
    page_map = PageMapWriter(cache_dir, options.out_dir)
    try:
        report = _build(options, timings, page_map)
        remember(cache_dir, options.out_dir, inputs, report.warnings, report.articles, report.pages)
        page_map.key = inputs.key
        page_map.finish()
    finally:
        page_map.discard()
    return report


def release_memory() -> None:
    """Collect what is unreachable and hand freed heap pages back to the system (glibc's
    malloc_trim), so the process's size falls as well as its use."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory is reused, only not returned
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _build(options: BuildOptions, timings: Timings, page_map: PageMapWriter | None = None) -> BuildReport:
    cache = BuildCache(options.cache_dir) if options.cache_dir else None
    if cache is not None:
        cache.page_map = page_map
    try:
        site, theme, warnings = load_site(options, timings, cache)
        site, photo_files = make_photos(site, options, timings, warnings)
        if page_map is not None and cache is not None:
            page_map.keep_site(replace(site, articles=(), by_theme={}, by_keyword={}, by_organisation={}),
                               cache.link_index, cache.parse_keys)
            cache.link_index, cache.parse_keys = None, {}
        release_memory()  # the sources and the parse results as read (some 100 MB at 10,000 articles)
        outputs = render_site(site, theme, timings, options.jobs, cache) + photo_files
    finally:
        if cache:
            cache.close()
    with timings.stage("admin") as stage:
        bundle = find_bundle([options.decap_dist] if options.decap_dist else bundle_dirs(options.content_dir))
        missing = None
        if not bundle and options.decap_dist is None:  # the first build on a fresh machine: fetch it
            bundle, missing = fetch_bundle(PACKAGE_ROOT, read_pin(), timings.note)
        if bundle:
            assets = theme.asset_urls()
            css = assets.get(SITE_CSS)
            admin = admin_outputs(site.config, site.registries, bundle, [css] if css else [],
                                  assets.get(SITE_ICON), site.pictures)
            outputs += admin
            stage.count = len(admin)
        else:
            warnings.append(missing or not_found())
    articles, pages = len(site.articles), len(site.pages)
    wanted, site_title = wanted_images(site, photo_files), site.config.title
    # Every page is rendered: the site (300 MB at 10,000 articles) is let go before the picture
    # workers are forked and Pagefind runs beside this process, so they do not need it at once.
    del site, theme
    release_memory()
    with timings.stage("social images") as stage:
        images = ImageCache((options.cache_dir or options.out_dir.absolute().parent / DEFAULT_CACHE) / "social")
        pictures = social_image_files(wanted, site_title, images, options.jobs)
        outputs += pictures
        stage.count = len(pictures)
    with timings.stage("write") as stage:
        notes = SearchNotes() if page_map is not None else None
        search = search_index(outputs, options.jobs, cache.search_folder if cache else None, notes)
        written = write_site(outputs, options.out_dir, before_swap=timings.timed("search", search),
                             spare=cache.spare if cache else None)
        stage.count = written.files
    if page_map is not None:
        page_map.search = notes
    return BuildReport(written, tuple(warnings), dict(timings.stages), articles, pages)
