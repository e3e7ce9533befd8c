"""The image check: every photo an article shows or links to must be one the site can publish.

Runs after the link stage (which has made sure each file exists), on the Site that will be
rendered, and plans its pictures (outputs/images/plan.py). Owns what editors are told:
- a file that is not an image, or is cut off, or claims an absurd size, is an error at the
  file:line:col of each article that uses it (the build then writes nothing);
- a photo over 20 MB or over 8000 px is a warning there: it is published all the same.
Also decides which originals are published: those an article links to as a download.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from urllib.parse import unquote

from ..core.errors import Problem, Severity
from ..core.model import Article, Site
from ..core.urls import MEDIA, media_url
from ..outputs.images.plan import pictures_of, plan_pictures, survey
from ..outputs.images.read import WARN_BYTES, WARN_SIDE
from ..outputs.images.store import PhotoStore

FAULT_EXPECTED = "een foto als JPEG, PNG of WebP, helemaal geüpload"
FAULT_HINT = "open de foto op je computer en zet hem opnieuw in content/media/ (of upload hem opnieuw)"


@dataclass(frozen=True, slots=True)
class _Use:
    url: str
    line: int
    col: int
    length: int
    source_line: str
    download: bool  # a link to the file itself, not an image on the page


def media_address(article: Article, target: str) -> str | None:
    """The /media/… address a link or image of `article` points at, or None for anything else."""
    path = unquote(target.strip().partition("#")[0].partition("?")[0])
    if path.startswith(MEDIA):
        return path
    if not path or path.startswith("/") or ":" in path:
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(article.rel), path))
    return "/" + resolved if resolved.startswith(MEDIA.strip("/") + "/") else None


def _uses(article: Article) -> list[_Use]:
    uses: list[_Use] = []
    for url, place in ((article.image, article.image_place), (article.cover, article.cover_place)):
        if url and place is not None:
            uses.append(_Use(url, place.line, place.col, place.length, place.source_line, False))
    if article.download:
        uses.append(_Use(article.download, 0, 0, 1, "", True))
    for ref in article.links:
        url = media_address(article, ref.target)
        if url is not None:
            uses.append(_Use(url, ref.line, ref.col, ref.length, ref.source_line, not ref.image))
    return uses


def _problem(article: Article, use: _Use, problem: str, expected: str, hint: str, severity: Severity) -> Problem:
    return Problem(article.source, use.line, use.col, problem, expected=expected, hint=hint,
                   source_line=use.source_line, length=use.length, severity=severity)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def check_pictures(site: Site, store: PhotoStore | None) -> tuple[Site, list[Problem]]:
    """The site with its pictures planned, and what its editors must be told about the photos.
    Only photos a page shows or links to are read and planned: an unused upload (the WordPress
    import brings hundreds) costs nothing and is not published at all."""
    uses = [(article, use) for article in (*site.articles, *site.pages) for use in _uses(article)]
    used = {use.url for _article, use in uses}
    surveyed = survey((m for m in site.media if media_url(m.rel) in used), store)
    problems: list[Problem] = []
    originals: set[str] = set()
    for article, use in uses:
        found = surveyed.get(use.url)
        if found is None:
            continue  # not a photo (SVG, GIF, PDF), or missing: the link stage says so
        facts = found.facts
        if facts.fault:
            problems.append(_problem(article, use, f"`{use.url}`: {facts.fault}", FAULT_EXPECTED, FAULT_HINT,
                                     "error"))
            continue
        if found.media.size > WARN_BYTES or max(facts.width, facts.height) > WARN_SIDE:
            problems.append(_problem(
                article, use, f"de foto `{use.url}` is {_megabytes(found.media.size)} MB en {facts.width} x "
                f"{facts.height} pixels: veel groter dan nodig",
                f"hoogstens {WARN_BYTES // 1_000_000} MB en {WARN_SIDE} pixels breed of hoog",
                "de site maakt er zelf kleine versies van, maar een kleinere foto uploadt sneller", "warning"))
        if use.download:
            originals.add(use.url)
    plans = plan_pictures(surveyed, originals)
    return replace(site, pictures=pictures_of(plans)), problems
