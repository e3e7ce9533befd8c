"""The permanent redirects the build writes into public/_redirects for Netlify.

Owns which old addresses lead where: every `aliases:` entry of a published
article or page, and the addresses of the old WordPress site for each term
(/category/<key>/ -> /themas/<key>/, /tag/<slug>/ -> /trefwoord/<slug>/, and
the WordPress feed folders /…/feed/ -> /…/feed.xml). Also owns what an alias
may look like (a path on the site, or an old WordPress `/?p=123` address).

Pure: a Site and the list of files the build writes go in, one OutputFile
comes out, or a SiteError naming file:line:col of every alias that collides
with a page or with another redirect (Netlify serves an existing file before
any redirect, so such an alias would silently never work). Rules that do not
depend on the content (/feed/) live in netlify.toml. Writes nothing itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..content.aliases import source_of
from ..core import urls
from ..core.errors import Problem, SiteError
from ..core.model import OutputFile, Place, Site

REDIRECTS_FILE = "_redirects"
STATUS = 301  # permanent: search engines move the old address's standing to the new one
# Redirects that do not depend on the content; they stand in netlify.toml (a test keeps the two equal).
STATIC_REDIRECTS: dict[str, str] = {"/feed/": urls.ROOT_FEED}  # WordPress's main feed

@dataclass(frozen=True, slots=True)
class Redirect:
    source: str  # as written in _redirects: "/oud/" or "/ p=1234"
    target: str  # a URL the build writes
    origin: str = ""  # display path of the file that asked for it; "" for term redirects
    place: Place | None = None


def match_key(source: str) -> str:
    """What Netlify compares: it ignores a trailing slash, so /oud and /oud/ are one address."""
    if source.startswith("/ "):
        return source
    return source.rstrip("/") or "/"


def served_paths(outputs: Sequence[OutputFile]) -> dict[str, str]:
    """Every address that reaches a built file, by match key, with the URL it is known by."""
    served: dict[str, str] = {}
    for output in outputs:
        path = "/" + output.path
        served[match_key(path)] = path
        if path.endswith("/index.html"):
            folder = path[: -len("index.html")]
            served[match_key(folder)] = folder
    return served


def term_redirects(site: Site) -> Iterator[Redirect]:
    """The old WordPress addresses of every term page this build writes."""
    for theme in site.registries.themes:
        page = urls.theme_url(theme.key)
        yield Redirect(f"/category/{theme.key}/", page)
        yield Redirect(f"/category/{theme.key}/feed/", urls.feed_of(page))
        yield Redirect(f"{page}feed/", urls.feed_of(page))
    for keyword in site.keywords:
        page = urls.keyword_url(keyword.slug)
        yield Redirect(f"/tag/{keyword.slug}/", page)
        yield Redirect(f"/tag/{keyword.slug}/feed/", urls.feed_of(page))
        yield Redirect(f"{page}feed/", urls.feed_of(page))
    for organisation in site.registries.organisations:
        page = urls.organisation_url(organisation.key)
        yield Redirect(f"{page}feed/", urls.feed_of(page))


def alias_redirects(site: Site) -> Iterator[Redirect]:
    for article in sorted((*site.articles, *site.pages), key=lambda a: a.source):
        target = urls.article_url(article.section, article.slug)
        places: Sequence[Place | None] = article.alias_places or [None] * len(article.aliases)
        for path, place in zip(article.aliases, places, strict=False):
            yield Redirect(source_of(path), target, article.source, place)


def _problem(redirect: Redirect, problem: str, hint: str) -> Problem:
    place = redirect.place or Place(0, 0)  # an Article made without places (only in code, never parsed)
    return Problem(redirect.origin, place.line, place.col, problem,
                   expected="een oud adres dat nog niet door de site of een ander artikel wordt gebruikt",
                   hint=hint, source_line=place.source_line, length=place.length)


def collect_redirects(site: Site, outputs: Sequence[OutputFile]) -> list[Redirect]:
    """Every redirect of the build, checked; a SiteError lists every colliding alias."""
    served = served_paths(outputs)
    taken: dict[str, Redirect] = {
        match_key(source): Redirect(source, target, "netlify.toml")
        for source, target in STATIC_REDIRECTS.items()}
    for redirect in term_redirects(site):
        taken.setdefault(match_key(redirect.source), redirect)
    problems: list[Problem] = []
    for redirect in alias_redirects(site):
        key = match_key(redirect.source)
        if key in served:
            problems.append(_problem(
                redirect, f"het oude adres `{redirect.source}` is een pagina van de site zelf ({served[key]})",
                "een bestaande pagina wint altijd van een doorverwijzing; haal dit adres weg"))
            continue
        other = taken.get(key)
        if other is not None:
            owner = other.origin or "de site zelf (oude WordPress-adressen)"
            if other.place is not None:
                owner += f":{other.place.line}:{other.place.col}"
            problems.append(_problem(
                redirect, f"het oude adres `{redirect.source}` verwijst al naar {other.target}, via {owner}",
                "elk oud adres kan maar naar één pagina leiden; haal het bij een van beide weg"))
            continue
        taken[key] = redirect
    if problems:
        raise SiteError(problems)
    written = (r for r in taken.values() if r.source not in STATIC_REDIRECTS)
    return sorted(written, key=lambda r: (r.source, r.target))


def render_redirects(site: Site, outputs: Sequence[OutputFile]) -> OutputFile:
    lines = ["# Gemaakt door rvz-site bij elke build; niet met de hand aanpassen.",
             "# Oude adressen (aliases: in de artikelen, en de oude WordPress-adressen) -> nieuwe pagina."]
    lines += [f"{r.source}  {r.target}  {STATUS}{'!' if r.source.startswith('/ ') else ''}"
              for r in collect_redirects(site, outputs)]
    return OutputFile(REDIRECTS_FILE, data=("\n".join(lines) + "\n").encode("utf-8"))
