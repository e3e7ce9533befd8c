"""Site -> OutputFiles through the theme's Jinja templates.

Pure: it reads no file (but the compiled templates it may keep in the build cache) and no clock;
everything comes in through `Site` and `Theme`. Templates see small views (PageMeta, Pagination) and the frozen model
objects; they cannot change anything. Template mistakes become Problems that
name the template file and line.
"""

from __future__ import annotations

import contextlib
import copy
import math
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..content.typography import typeset
from ..core import urls
from ..core.atomic import write_atomically
from ..core.dates import dutch_date, dutch_time, dutch_weekday_date, local_day
from ..core.errors import Problem, SiteError
from ..core.model import (
    ARTICLE_SECTIONS,
    EVENTS_SECTION,
    PUBLICATIONS_SECTION,
    SECTION_NAMES,
    Article,
    OutputFile,
    Site,
)
from .events import split_events
from .feeds import FEED_LABELS, FEED_LIMIT, FEED_TYPES, FeedSpec, render_feed, render_opml
from .filesize import dutch_size
from .hyphenate import hyphenate, hyphenate_headings
from .ical import render_calendar, render_event_ics
from .imagesizes import add_image_sizes, size_attributes
from .jsonld import article_ld, home_ld, organisation_ld, script_json
from .pictures import ARTICLE_SIZES, CARD_SIZES, COVER_SIZES, body_pictures, first_image_eager, picture_html
from .related import related_articles
from .sitemap import render_robots, render_sitemap
from .theme import Theme

# Sections whose listing has a template of its own.
SECTION_TEMPLATES = {EVENTS_SECTION: "events.html", PUBLICATIONS_SECTION: "publications.html"}
HOME_NEWS = 5
HOME_EVENTS = 3


@dataclass(frozen=True, slots=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What every template knows about the page it draws."""

    title: str
    url: str
    description: str
    kind: str
    crumbs: tuple[Crumb, ...] = ()
    feeds: tuple[FeedSpec, ...] = ()
    canonical: str = ""
    noindex: bool = False


@dataclass(frozen=True, slots=True)
class Pagination:
    page: int
    pages: int
    items: tuple[Article, ...]
    prev_url: str | None
    next_url: str | None
    page_urls: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Job:
    template: str
    url: str
    context: dict[str, Any] = field(default_factory=dict)


class _ThemeLoader(jinja2.BaseLoader):
    """Serves the theme's templates from memory, naming each by its path for error messages."""

    def __init__(self, theme: Theme) -> None:
        self._sources = dict(theme.templates)
        self._theme = theme

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template not in self._sources:
            raise jinja2.TemplateNotFound(template)
        return self._sources[template], self._theme.template_path(template), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self._sources)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for as long as the caller keeps this (the speed layer hands one to
    every Renderer it makes), and in `folder` too when given (the build cache's). `rvz-site serve`
    makes a new Renderer for every rebuild, and a build of one edited article (speed/lane.py)
    renders a few pages in a new process; without this each compiled every template again (about
    0.2 s). Jinja checks each entry against a checksum of the template's source and its own
    version, so an edited template is compiled afresh and a stale entry is never used."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            with contextlib.suppress(OSError):
                code = (self.folder / bucket.key).read_bytes()
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        if self.folder is not None:
            with contextlib.suppress(OSError):
                write_atomically(self.folder / bucket.key, code)



def _paginate(items: Sequence[Article], per_page: int, url_of: Callable[[int], str]) -> Iterator[Pagination]:
    pages = max(1, math.ceil(len(items) / per_page))
    page_urls = tuple((n, url_of(n)) for n in range(1, pages + 1))
    for n in range(1, pages + 1):
        yield Pagination(
            page=n,
            pages=pages,
            items=tuple(items[(n - 1) * per_page : n * per_page]),
            prev_url=url_of(n - 1) if n > 1 else None,
            next_url=url_of(n + 1) if n < pages else None,
            page_urls=page_urls,
        )


def _section_page(section: str, page: int) -> str:
    return urls.section_url(section, page)


def _page_title(title: str, pagination: Pagination) -> str:
    return title if pagination.page == 1 else f"{title} (pagina {pagination.page} van {pagination.pages})"


def _media_sizes(site: Site) -> dict[str, int]:
    """Each file's size as a download button shows it; a photo's download is its stripped original
    (outputs/images), not the file as uploaded."""
    sizes = {urls.media_url(m.rel): m.size for m in site.media}
    return sizes | {p.url: p.original_bytes for p in site.pictures.by_url.values() if p.original}


class Renderer:
    """The jobs of a site (every page and file it has) and how each is rendered.

    One per build: the link stage lists its jobs' URLs, and the render stage renders them with
    the site whose links were made into addresses (with_site)."""

    def __init__(self, site: Site, theme: Theme, compiled: jinja2.BytecodeCache | None = None) -> None:
        self.site = site
        self.theme = theme
        self._compiled = compiled
        self.config = site.config
        self.themes_by_key = {t.key: t for t in site.registries.themes}
        self.organisations_by_key = {o.key: o for o in site.registries.organisations}
        self.asset_urls = theme.asset_urls()
        self.media_sizes = _media_sizes(site)
        self.image_sizes = {urls.media_url(m.rel): m.dimensions for m in site.media if m.dimensions}
        related = related_articles(site.articles)
        self.related = {(a.section, a.slug): related[i] for i, a in enumerate(site.articles)}
        self.env = self._environment()

    # ---- Jinja --------------------------------------------------------------
    def _environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=_ThemeLoader(self.theme),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=self._compiled,
        )
        # Every page's cache key holds the names of these globals and filters, and the site's
        # settings, registries, keywords and day (speed/runners.py, render_fingerprint), but not
        # what a global returns: a global made from anything else of the site (its articles) must
        # be added there too, or better, be given to the templates through the job's context.
        env.globals.update(
            site=self.config,
            today=self.site.today,
            asset=self.asset,
            image_size=lambda url: size_attributes(self.image_sizes, url),
            article_url=lambda a: urls.article_url(a.section, a.slug),
            section_url=urls.section_url,
            section_name=lambda s: SECTION_NAMES[s],
            sections=ARTICLE_SECTIONS,
            theme_url=urls.theme_url,
            keyword_url=urls.keyword_url,
            organisation_url=urls.organisation_url,
            theme_of=self.themes_by_key.__getitem__,
            organisation_of=self.organisations_by_key.__getitem__,
            top_themes=tuple(t for t in self.site.registries.themes if t.parent is None),
            urls=urls,
            # So the theme links to a stand-alone page (/nieuwsbrief/) only when it exists.
            stand_alone_urls=frozenset(urls.article_url(p.section, p.slug) for p in self.site.pages),
            # A photo of the plan (outputs/images) or None; `picture` writes its <picture>.
            photo=self.site.pictures.get,
            picture=lambda photo, alt, css_class="", sizes=ARTICLE_SIZES: Markup(
                picture_html(photo, alt or "", sizes, css_class)),
            picture_sizes={"article": ARTICLE_SIZES, "card": CARD_SIZES, "cover": COVER_SIZES},
        )
        env.filters.update(
            dutch_date=self.format_date,
            dutch_weekday_date=lambda v: dutch_weekday_date(self._day(v)),
            dutch_time=dutch_time,
            absolute=self.config.absolute,
            feed_type=FEED_TYPES.__getitem__,
            script_json=script_json,
            file_size=lambda url: dutch_size(self.media_sizes.get(url, 0)),
            hyphenate=hyphenate,
            hyphenate_headings=hyphenate_headings,
            sized_images=lambda html: add_image_sizes(html, self.image_sizes),
            feed_label=FEED_LABELS.__getitem__,
            iso=lambda v: v.isoformat(),
            # Registry names and front matter are typed with straight quotes: 't Zorghuus -> ’t Zorghuus.
            typography=typeset,
            day=self._day,
            pictures=lambda body: Markup(body_pictures(str(body), self.site.pictures)),
        )
        return env

    def with_site(self, site: Site) -> Renderer:
        """This renderer for `site`, which differs from its own only in the articles' bodies (links
        made into addresses, one edited body): the templates, globals and related articles stay."""
        renderer = copy.copy(self)
        renderer.site = site
        # The photos' sizes are known only once they are encoded, after the link stage made this
        # renderer; the globals read them through the renderer, so they are made for the copy anew.
        renderer.media_sizes = _media_sizes(site)
        renderer.env = renderer._environment()
        return renderer

    def asset(self, logical: str) -> str:
        try:
            return self.asset_urls[logical]
        except KeyError:
            raise jinja2.TemplateRuntimeError(
                f"het bestand `{logical}` staat niet in themes/{self.theme.name}/static/") from None

    @staticmethod
    def _day(value: date | datetime) -> date:
        return local_day(value) if isinstance(value, datetime) else value

    def format_date(self, value: date | datetime) -> str:
        return dutch_date(self._day(value))

    # ---- pages -------------------------------------------------------------
    def meta(self, title: str, url: str, description: str, kind: str, crumbs: Sequence[Crumb] = (),
             feeds: Sequence[FeedSpec] = (), noindex: bool = False) -> PageMeta:
        all_feeds = tuple(dict.fromkeys((*feeds, self.site_feed())))
        return PageMeta(title, url, description, kind, tuple(crumbs), all_feeds,
                        self.config.absolute(url), noindex)

    # ---- feeds ---------------------------------------------------------------
    def site_feed(self) -> FeedSpec:
        return FeedSpec(self.config.title, self.config.description, urls.home())

    def theme_feed(self, key: str) -> FeedSpec:
        theme = self.themes_by_key[key]
        return FeedSpec(f"Thema {theme.name} | {self.config.title}", theme.description,
                        urls.theme_url(key), "Thema's")

    def keyword_feed(self, slug: str, name: str) -> FeedSpec:
        return FeedSpec(f"Trefwoord {name} | {self.config.title}", f"Artikelen met het trefwoord {name}",
                        urls.keyword_url(slug), "Trefwoorden")

    def organisation_feed(self, key: str) -> FeedSpec:
        org = self.organisations_by_key[key]
        return FeedSpec(f"Deelnemer {org.name} | {self.config.title}",
                        org.description or f"{org.name} ({org.place}): {org.role}",
                        urls.organisation_url(key), "Deelnemers")

    def all_feeds(self) -> tuple[FeedSpec, ...]:
        return (self.site_feed(),
                *(self.theme_feed(t.key) for t in self.site.registries.themes),
                *(self.keyword_feed(k.slug, k.name) for k in self.site.keywords),
                *(self.organisation_feed(o.key) for o in self.site.registries.organisations))

    @staticmethod
    def feed_jobs(spec: FeedSpec, articles: Sequence[Article]) -> Iterator[Job]:
        # Only the articles the feed shows: a page's context is what its cache key and the page
        # map (which pages to render again after an edit) are made of.
        shown = tuple(articles[:FEED_LIMIT])
        for fmt in urls.FEED_FORMATS:
            yield Job("", spec.url(fmt), {"feed": (fmt, spec, shown)})

    def feeds_index_jobs(self) -> Iterator[Job]:
        specs = self.all_feeds()
        yield Job("feeds.html", urls.FEEDS_INDEX, {
            "page": self.meta("Feeds", urls.FEEDS_INDEX,
                              f"Volg {self.config.title} in je feedlezer: alles, of per thema, trefwoord "
                              "of deelnemer", "feeds", (self.home_crumb(),)),
            "feed_specs": specs,
        })
        yield Job("", urls.OPML, {"opml": specs})

    def home_crumb(self) -> Crumb:
        return Crumb("Home", urls.home())

    def event_jobs(self, upcoming: Sequence[Article], past: Sequence[Article]) -> Iterator[Job]:
        for article in (*upcoming, *past):
            yield Job("", urls.event_calendar(article.slug), {"ics": (article.title, (article,))})
        everything = sorted((*upcoming, *past), key=lambda a: (a.event.start, a.slug))  # type: ignore[union-attr]
        yield Job("", urls.EVENTS_CALENDAR, {"ics": (None, tuple(everything))})

    def jobs(self) -> Iterator[Job]:
        site = self.site
        home = self.home_crumb()
        publications = site.section(PUBLICATIONS_SECTION)
        upcoming, past = split_events(site.section(EVENTS_SECTION), site.today)
        yield Job("home.html", urls.home(), {
            "page": self.meta(self.config.title, urls.home(), self.config.description, "home"),
            "latest": tuple(a for a in site.articles if a.section == "actueel")[:HOME_NEWS],
            "upcoming": upcoming[:HOME_EVENTS],
            "latest_publication": publications[0] if publications else None,
            "jsonld": (home_ld(self.config),),
        })
        for section in ARTICLE_SECTIONS:
            name = SECTION_NAMES[section]
            # The events listing pages through past events; the upcoming ones head its first page.
            items = past if section == EVENTS_SECTION else site.section(section)
            # Publications are few (a handful a year) and shown grouped by year on one page.
            per_page = max(1, len(items)) if section == PUBLICATIONS_SECTION else self.config.per_page
            for pagination in _paginate(items, per_page, partial(_section_page, section)):
                url = urls.section_url(section, pagination.page)
                yield Job(SECTION_TEMPLATES.get(section, "list.html"), url, {
                    "page": self.meta(_page_title(name, pagination), url, f"{name} van {self.config.title}",
                                      "section", (home,)),
                    "section": section,
                    "pagination": pagination,
                    "upcoming": upcoming if pagination.page == 1 else (),
                })
        yield from self.event_jobs(upcoming, past)
        for article in site.articles:
            yield self.article_job(article, (home, Crumb(SECTION_NAMES[article.section],
                                                         urls.section_url(article.section))))
        for page in site.pages:
            yield self.article_job(page, (home,))
        yield from self.theme_jobs()
        yield from self.keyword_jobs()
        yield from self.organisation_jobs()
        yield from self.feed_jobs(self.site_feed(), site.articles)
        yield from self.feeds_index_jobs()
        yield Job("newsletter-thanks.html", urls.NEWSLETTER_THANKS, {
            "page": self.meta("Bedankt voor je aanmelding", urls.NEWSLETTER_THANKS,
                              "Je aanmelding voor de nieuwsbrief is ontvangen.", "thanks", (home,),
                              noindex=True),
        })
        # The search page is a page to find (readers search the web for "zoeken radicale vernieuwing");
        # its results (?q=…) are the same HTML, whose canonical link folds them into /zoeken/.
        yield Job("search.html", urls.SEARCH, {
            "page": self.meta("Zoeken", urls.SEARCH, f"Zoek in alles van {self.config.title}", "search",
                              (home,)),
        })
        yield Job("404.html", urls.NOT_FOUND, {
            "page": self.meta("Pagina niet gevonden", urls.NOT_FOUND,
                              "Deze pagina bestaat niet (meer).", "404", noindex=True),
        })

    def article_job(self, article: Article, crumbs: tuple[Crumb, ...]) -> Job:
        url = urls.article_url(article.section, article.slug)
        feeds = tuple(self.theme_feed(k) for k in article.themes)
        return Job("page.html" if article.is_page else "article.html", url, {
            "page": self.meta(article.title, url, article.summary,
                              "page" if article.is_page else "article", crumbs, feeds),
            "article": article,
            "related": self.related.get((article.section, article.slug), ()),
            "jsonld": (article_ld(self.config, self.site.registries, article,
                                  self.site.pictures.get(article.image)),),
        })

    def _term_jobs(self, kind: str, title: str, base_url: str, description: str,
                   articles: Sequence[Article], crumbs: tuple[Crumb, ...], extra: dict[str, Any],
                   feed: FeedSpec) -> Iterator[Job]:
        for pagination in _paginate(articles, self.config.per_page, lambda n: urls.paged(base_url, n)):
            url = urls.paged(base_url, pagination.page)
            yield Job("term.html", url, {
                "page": self.meta(_page_title(title, pagination), url, description, kind, crumbs, (feed,)),
                "pagination": pagination,
                "term_kind": kind,
                "feed_url": feed.url(),
                **extra,
            })
        yield from self.feed_jobs(feed, articles)

    def theme_jobs(self) -> Iterator[Job]:
        home = self.home_crumb()
        index = Crumb("Thema's", urls.THEMES_INDEX)
        yield Job("themes.html", urls.THEMES_INDEX, {
            "page": self.meta("Thema's", urls.THEMES_INDEX,
                              f"Alle thema's van {self.config.title}", "themes", (home,)),
            "counts": {k: len(v) for k, v in self.site.by_theme.items()},
        })
        for theme in self.site.registries.themes:
            crumbs: tuple[Crumb, ...] = (home, index)
            if theme.parent:
                parent = self.themes_by_key[theme.parent]
                crumbs += (Crumb(parent.name, urls.theme_url(parent.key)),)
            yield from self._term_jobs("theme", theme.name, urls.theme_url(theme.key), theme.description,
                                       self.site.by_theme[theme.key], crumbs, {"theme": theme},
                                       self.theme_feed(theme.key))

    def keyword_jobs(self) -> Iterator[Job]:
        home = self.home_crumb()
        yield Job("keywords.html", urls.KEYWORDS_INDEX, {
            "page": self.meta("Trefwoorden", urls.KEYWORDS_INDEX,
                              f"Alle trefwoorden van {self.config.title}", "keywords", (home,)),
            "keywords": self.site.keywords,
            "counts": {k: len(v) for k, v in self.site.by_keyword.items()},
        })
        index = Crumb("Trefwoorden", urls.KEYWORDS_INDEX)
        for keyword in self.site.keywords:
            yield from self._term_jobs("keyword", keyword.name, urls.keyword_url(keyword.slug),
                                       f"Artikelen met het trefwoord {keyword.name}",
                                       self.site.by_keyword[keyword.slug], (home, index), {"keyword": keyword},
                                       self.keyword_feed(keyword.slug, keyword.name))

    def organisation_jobs(self) -> Iterator[Job]:
        home = self.home_crumb()
        yield Job("organisations.html", urls.ORGANISATIONS_INDEX, {
            "page": self.meta("Deelnemers", urls.ORGANISATIONS_INDEX,
                              f"De organisaties in {self.config.title}", "organisations", (home,)),
            "organisations": tuple(sorted(self.site.registries.organisations, key=lambda o: o.name.lower())),
            "counts": {k: len(v) for k, v in self.site.by_organisation.items()},
        })
        index = Crumb("Deelnemers", urls.ORGANISATIONS_INDEX)
        for org in self.site.registries.organisations:
            yield from self._term_jobs("organisation", org.name, urls.organisation_url(org.key),
                                       org.description or f"{org.name} ({org.place}): {org.role}",
                                       self.site.by_organisation[org.key], (home, index), {"organisation": org,
                                        "jsonld": (organisation_ld(self.config, org),)},
                                       self.organisation_feed(org.key))

    # ---- output -------------------------------------------------------------
    def render_job(self, job: Job) -> bytes:
        if "feed" in job.context:
            fmt, spec, articles = job.context["feed"]
            return render_feed(fmt, self.config, self.site.registries, spec, articles, self.site.pictures)
        if "ics" in job.context:
            name, events = job.context["ics"]
            if name is None:
                return render_calendar(self.config, events)
            return render_event_ics(self.config, events[0])
        if "opml" in job.context:
            return render_opml(self.config, job.context["opml"])
        html = self.env.get_template(job.template).render(job.context)
        return first_image_eager(html).encode("utf-8")

    def template_problem(self, exc: BaseException, job: Job) -> Problem:
        if isinstance(exc, jinja2.TemplateSyntaxError):
            path = exc.filename or self.theme.template_path(exc.name or job.template)
            line = exc.lineno or 0
            return self._problem(path, line, f"fout in de template: {exc.message}")
        path, line = self.theme.template_path(job.template), 0
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.startswith(f"themes/{self.theme.name}/templates/"):
                path, line = filename, lineno
        if isinstance(exc, jinja2.TemplateNotFound):
            # At the `{% include %}` or `{% extends %}` that asks for it; without a line when it is
            # the page's own template that is missing.
            return self._problem(path, line, f"de template `{exc.name}` bestaat niet",
                                 expected=f"een bestand in themes/{self.theme.name}/templates/")
        message = str(exc)
        if isinstance(exc, jinja2.UndefinedError):
            message = f"onbekende naam in de template: {message}"
        return self._problem(path, line, f"fout in de template bij het maken van {job.url}: {message}")

    def _problem(self, path: str, line: int, message: str,
                 expected: str = "een template die Jinja kan uitvoeren") -> Problem:
        name = path.removeprefix(f"themes/{self.theme.name}/templates/")
        lines = dict(self.theme.templates).get(name, "").split("\n")
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return Problem(path, line, 1 if line else 0, message, source_line=source,
                       length=max(len(source.strip()), 1), expected=expected)


def static_outputs(site: Site, theme: Theme) -> list[OutputFile]:
    files = [OutputFile(a.url.lstrip("/"), data=a.data) for a in theme.assets]
    # Photos are published by the image stage only: resized, and without the location they were taken at.
    files += [OutputFile(urls.output_path(urls.media_url(m.rel)), copy_from=m.path)
              for m in site.media if not m.is_photo]
    return files


# Renders some of a renderer's jobs, in the order given: each one's output file, or the problem it met.
JobRunner = Callable[["Renderer", Sequence[Job]], list["OutputFile | Problem"]]


def render_one(renderer: Renderer, job: Job) -> OutputFile | Problem:
    try:
        data = renderer.render_job(job)
    except Exception as exc:  # noqa: BLE001 - a template may raise anything; it becomes the editor's message
        return renderer.template_problem(exc, job)
    return OutputFile(urls.output_path(job.url), data=data)


def render_in_order(renderer: Renderer, jobs: Sequence[Job]) -> list[OutputFile | Problem]:
    return [render_one(renderer, job) for job in jobs]


def render_pages(site: Site, theme: Theme, run: JobRunner = render_in_order,
                 rendered: Callable[[Renderer, Sequence[Job]], None] | None = None,
                 renderer: Renderer | None = None) -> list[OutputFile]:
    """Every file of the site, or a SiteError listing every template problem.

    `run` may render the jobs elsewhere (other processes, a cache: build/runners.py, speed/runners.py);
    it must return for each job what `render_one` would. `rendered` is told the renderer and its
    jobs once every job rendered without a problem (the build's recorder). `renderer`: the one the
    link stage listed the pages with (Renderer.with_site), else one is made here.
    """
    renderer = Renderer(site, theme) if renderer is None else renderer.with_site(site)
    jobs = list(renderer.jobs())
    outputs: list[OutputFile] = []
    problems: dict[tuple[str, int, str], Problem] = {}
    html_urls: list[tuple[str, Article | None]] = []
    for job, result in zip(jobs, run(renderer, jobs), strict=True):
        if isinstance(result, Problem):
            problems.setdefault((result.path, result.line, result.problem.split(" bij ")[0]), result)
            continue
        outputs.append(result)
        if job.template and not job.context["page"].noindex:  # 404, thank-you: not for engines
            html_urls.append((job.url, job.context.get("article")))
    if problems:
        raise SiteError(list(problems.values()))
    if rendered is not None:
        rendered(renderer, jobs)
    outputs.append(OutputFile(urls.output_path(urls.SITEMAP), data=render_sitemap(site.config, html_urls)))
    outputs.append(OutputFile(urls.output_path(urls.ROBOTS), data=render_robots(site.config)))
    outputs += static_outputs(site, theme)
    return outputs
