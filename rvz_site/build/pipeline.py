"""build_site(): the stages in order, each timed, every problem collected. The only orchestrator.

SiteConfig -> discover -> SourceFiles -> parse -> Articles -> assemble -> Site
-> render -> OutputFiles -> write -> public/

It parses and renders through the runners it is handed, and tells their recorder what it made
(runners.py); how the files are put in place is handed in too (`put_in_place`: the atomic swap of
public/ for `build`, a sync in place for the dev server's folder). Whether a build is needed at
all, and whether one article's pages will do, is decided before it is called, by the speed layer
beside it (rvz_site.speed, composed with this by rvz_site.app).
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..content.assemble import assemble_site, find_collisions, is_published
from ..content.config import load_config
from ..content.discover import discover_sources
from ..content.parse import Vocabulary
from ..content.registry import load_registries
from ..content.schedule import render_schedule
from ..core.atomic import KEPT_DIR
from ..core.errors import Problem, SiteError
from ..core.memory import release_memory
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
from ..render.render import Renderer, render_pages
from ..render.theme import Theme, load_theme
from .imagecheck import check_pictures
from .links import LinkIndex, check_links_indexed
from .runners import Machinery, plain

# Puts the files in `out_dir`; `index` writes the search index into a folder holding them, `spare`
# is where an old tree may be kept for the next build (runners.Machinery.spare).
PutInPlace = Callable[[Sequence[OutputFile], Path, Callable[[Path], None], "Path | None"], WriteStats]


def swap_in(outputs: Sequence[OutputFile], out_dir: Path, index: Callable[[Path], None],
            spare: Path | None) -> WriteStats:
    """`build`'s way: stage the whole site beside out_dir, index it there, then swap (writer.py)."""
    return write_site(outputs, out_dir, before_swap=index, spare=spare)


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
    # The build cache, for the app to make the speed layer's runners from (this module does not
    # read it). None: parse and render everything afresh.
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


@dataclass(frozen=True, slots=True)
class Loaded:
    site: Site
    theme: Theme
    renderer: Renderer  # the build's one: the link stage listed its pages, the render stage renders them
    warnings: list[Problem]
    vocabulary: Vocabulary
    links: LinkIndex


def load_site(options: BuildOptions, timings: Timings | None = None,
              machinery: Machinery | None = None) -> tuple[Site, Theme, list[Problem]]:
    """Read and check everything; raise SiteError with every problem found, or return the Site."""
    loaded = load(options, timings or Timings(options.listener), machinery or plain(options.jobs))
    return loaded.site, loaded.theme, loaded.warnings


def load(options: BuildOptions, timings: Timings, machinery: Machinery) -> Loaded:
    """load_site, keeping the renderer its link stage made for the render stage."""
    content = options.content_dir
    problems: list[Problem] = []
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
        for article, found in machinery.parse(discovered.sources, vocabulary, content):
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
        renderer = Renderer(site, theme, machinery.templates)
        site, found, links = check_links_indexed(site, renderer, articles, lambda a: is_published(
            a, options.today, drafts=options.drafts, future=options.future))
        problems += found
    with timings.stage("images") as stage:
        site, found = check_pictures(site, PhotoStore(photo_folder(options, machinery)))
        problems += found
        stage.count = len(site.pictures.by_url)
    if _only_errors(problems):
        raise SiteError(problems)
    return Loaded(site, theme, renderer, problems, vocabulary, links)


def photo_folder(options: BuildOptions, machinery: Machinery) -> Path:
    """Where the encoded photos are kept (outputs/images/store.py): the machinery's folder, else
    beside the output folder, as the share pictures are without a cache."""
    return machinery.photos or options.out_dir.absolute().parent / KEPT_DIR / "photos"


def make_photos(site: Site, options: BuildOptions, timings: Timings, machinery: Machinery,
                warnings: list[Problem]) -> tuple[Site, list[OutputFile]]:
    """The photo files (made on every core where the store lacks them), and the site told their sizes."""
    with timings.stage("photos") as stage:
        site, files, found = publish_pictures(site, PhotoStore(photo_folder(options, machinery)), options.jobs)
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


def render_site(site: Site, theme: Theme, timings: Timings | None = None,
                machinery: Machinery | None = None, renderer: Renderer | None = None) -> list[OutputFile]:
    """Every file the site's pages make; `renderer`: the one load() made, else one is made here."""
    timings = timings or Timings()
    machinery = machinery or plain()
    with timings.stage("render") as stage:
        outputs = render_pages(site, theme, machinery.render, machinery.recorder.rendered, renderer)
        outputs.append(render_redirects(site, outputs))
        outputs.append(render_schedule(site.scheduled, site.today))
        stage.count = len(outputs)
    _unique_paths(outputs)
    return outputs


def decap_bundle(options: BuildOptions) -> list[Path]:
    """The files of Decap's dist/ that /admin/ is made from (none found: an empty list)."""
    return find_bundle([options.decap_dist] if options.decap_dist else bundle_dirs(options.content_dir))


def build_site(options: BuildOptions, machinery: Machinery | None = None, timings: Timings | None = None,
               put_in_place: PutInPlace = swap_in, bundle: Sequence[Path] | None = None) -> BuildReport:
    """Build the whole site through `machinery` (default: plain runners, nothing kept).
    `bundle`: Decap's files, when the caller has found them already (decap_bundle)."""
    check_target(options.out_dir, options.content_dir)
    machinery = machinery or plain(options.jobs)
    timings = timings or Timings(options.listener)
    loaded = load(options, timings, machinery)
    theme, warnings = loaded.theme, loaded.warnings
    # The photos first: the site the recorder keeps (the one-article lane starts from it) and the
    # pages both show each photo's real sizes.
    site, photo_files = make_photos(loaded.site, options, timings, machinery, warnings)
    machinery.recorder.loaded(site, loaded.vocabulary, loaded.links)
    release_memory()  # the sources and the parse results as read (some 100 MB at 10,000 articles)
    outputs = render_site(site, theme, timings, machinery, loaded.renderer) + photo_files
    with timings.stage("admin") as stage:
        bundle = decap_bundle(options) if bundle is None else bundle
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
    del site, theme, loaded
    release_memory()
    with contextlib.ExitStack() as scratch:
        with timings.stage("social images") as stage:
            folder = machinery.images or Path(scratch.enter_context(tempfile.TemporaryDirectory(prefix="rvz-")))
            pictures = social_image_files(wanted, site_title, ImageCache(folder), options.jobs)
            outputs += pictures
            stage.count = len(pictures)
        with timings.stage("write") as stage:
            notes = SearchNotes() if machinery.search_folder is not None else None
            search = search_index(outputs, options.jobs, machinery.search_folder, notes)
            written = put_in_place(outputs, options.out_dir, timings.timed("search", search), machinery.spare)
            stage.count = written.files
    machinery.recorder.written(notes)
    return BuildReport(written, tuple(warnings), dict(timings.stages), articles, pages)
