"""The link stage: every link and image an editor wrote must lead somewhere that exists.

Runs after assemble, on the Site that will be rendered. Owns:
- which addresses the site will have (taken from the renderer's own list of pages,
  so the two cannot disagree), and which files are in /media/;
- checking each LinkRef (linkscan.py) of each article: pages, `#anchors`, media,
  relative links to other content files (`../actueel/x.md`), and alt text of images;
- rewriting relative links to content files into the page's web address in the HTML,
  since `x.md` means nothing to a browser.

Links to other websites are not checked here (that needs the network). Nothing here
reads files or the clock; problems name the file, line and column of the link.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from typing import cast
from urllib.parse import unquote

from ..content.assemble import replace_articles
from ..core import urls
from ..core.errors import Problem, did_you_mean
from ..core.model import Article, LinkRef, Site
from ..outputs.cms import ADMIN
from ..render.redirects import STATIC_REDIRECTS, alias_redirects, term_redirects
from ..render.render import Renderer, static_outputs
from .imagecheck import media_address

_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_STATIC_ID = re.compile(r"""\sid=["']([A-Za-z][\w-]*)["']""")

LINK_EXPECTED = ("een webadres op deze site, bijv. /actueel/titel-van-het-artikel/, "
                 "of een bestand als ../actueel/bestand.md")
MEDIA_EXPECTED = "een bestand in content/media/, geschreven als /media/map/bestand.jpg"


@dataclass(frozen=True, slots=True)
class LinkIndex:
    """What a link may point at in this run."""

    outputs: frozenset[str]  # output paths under public/, e.g. "actueel/x/index.html"
    media: frozenset[str]  # output paths of media files, e.g. "media/beelden/x.jpg"
    by_url: Mapping[str, Article]  # every parsed article by its page URL, published or not
    by_rel: Mapping[str, Article]  # every parsed article by its file in the content folder
    live: frozenset[str]  # sources of the articles that are in this run's site
    template_ids: frozenset[str]  # ids every article page has from the theme, e.g. "inhoud"


def _site_outputs(site: Site, renderer: Renderer) -> set[str]:
    paths = {urls.output_path(job.url) for job in renderer.jobs()}
    paths |= {o.path for o in static_outputs(site, renderer.theme)}
    paths |= {urls.output_path(u) for u in (urls.ROOT_FEED, urls.SITEMAP, urls.ROBOTS)}
    paths.add(ADMIN + "index.html")
    # An old address that Netlify redirects (/feed/, /tag/zorg/, an article's aliases:) still works
    # as a link; it is no broken link, even if the page's own address is better.
    sources = [*STATIC_REDIRECTS, *(r.source for r in term_redirects(site)),
               *(r.source for r in alias_redirects(site))]
    paths |= {urls.output_path(s) for s in sources if s.startswith("/") and not s.startswith("/ ")}
    return paths


def _index(site: Site, renderer: Renderer, parsed: Sequence[Article],
           is_live: Callable[[Article], bool] | None) -> LinkIndex:
    outputs = _site_outputs(site, renderer)
    ids: set[str] = set()
    for name, source in renderer.theme.templates:
        if name in {"base.html", "article.html", "page.html"} or name.startswith("partials/"):
            ids.update(_STATIC_ID.findall(source))
    return LinkIndex(
        outputs=frozenset(outputs),
        # Every media file, photos too: those are published by the image stage, after this check.
        media=frozenset({p for p in outputs if p.startswith(urls.MEDIA.lstrip("/"))}
                        | {urls.output_path(urls.media_url(m.rel)) for m in site.media}),
        by_url={urls.article_url(a.section, a.slug): a for a in parsed},
        by_rel={a.rel: a for a in parsed if a.rel},
        live=frozenset(a.source for a in (*site.articles, *site.pages) if is_live is None or is_live(a)),
        template_ids=frozenset(ids),
    )


def anchor_ids(article: Article) -> set[str]:
    """The ids of the article's body that a link may point at (`#een-tussenkop`)."""
    return set(_ID.findall(article.body_html))


def _anchors(article: Article, index: LinkIndex) -> set[str]:
    return anchor_ids(article) | index.template_ids


def _split(target: str) -> tuple[str, str]:
    path, _, fragment = target.partition("#")
    return path.partition("?")[0], fragment


class _Checker:
    def __init__(self, index: LinkIndex) -> None:
        self.index = index
        self.problems: list[Problem] = []

    def report(self, article: Article, ref: LinkRef, problem: str, expected: str = "",
               hint: str = "", *, at_alt: bool = False) -> None:
        self.problems.append(Problem(
            path=article.source, line=ref.line, col=ref.alt_col if at_alt else ref.col,
            problem=problem, expected=expected, hint=hint, source_line=ref.source_line,
            length=ref.alt_length if at_alt else ref.length))

    # -- the kinds of target ---------------------------------------------------
    def check(self, article: Article, ref: LinkRef) -> str | None:
        """Check one link; return the address it must get in the HTML if it is not the one written."""
        if ref.image and not (ref.alt or "").strip():
            self.report(article, ref, "deze afbeelding heeft geen beschrijving (alt-tekst)",
                        expected="tussen de haken wat er op de afbeelding te zien is, bijv. "
                                 "![Bewoners en medewerkers in de tuin](/media/beelden/tuin.jpg)",
                        hint="wie slecht ziet, hoort of leest deze tekst in plaats van de afbeelding",
                        at_alt=True)
        target = ref.target.strip()
        if not target or _EXTERNAL.match(target):
            return None
        if target.startswith("#"):
            self.check_anchor(article, ref, article, target[1:])
            return None
        if target.startswith("/"):
            self.check_site_path(article, ref, target)
            return None
        return self.check_relative(article, ref, target)

    def check_anchor(self, article: Article, ref: LinkRef, target: Article, fragment: str) -> None:
        if not fragment:
            return
        anchors = _anchors(target, self.index)
        if unquote(fragment) in anchors:
            return
        where = "in dit artikel" if target is article else f"op de pagina van {target.source}"
        headings = sorted(a for a in anchors - self.index.template_ids if not a.startswith("fn"))
        self.report(article, ref, f"het anker `#{fragment}` bestaat niet {where}",
                    expected="het anker van een tussenkop, bijv. #" + (headings[0] if headings else "een-tussenkop"),
                    hint=did_you_mean(fragment, headings))

    def check_site_path(self, article: Article, ref: LinkRef, target: str) -> None:
        path, fragment = _split(target)
        out = urls.output_path(unquote(path))
        if path.startswith(urls.MEDIA):
            if out not in self.index.media:
                self.report(article, ref, f"het bestand `{path}` bestaat niet",
                            expected=MEDIA_EXPECTED,
                            hint=did_you_mean("/" + out, ("/" + m for m in self.index.media)))
            return
        page = self.index.by_url.get(path if path.endswith("/") else path + "/")
        if page is not None and page.source not in self.index.live:
            self.not_published(article, ref, page)
            return
        if out in self.index.outputs or (not path.endswith("/") and f"{out}/index.html" in self.index.outputs):
            if page is not None and fragment:
                self.check_anchor(article, ref, page, fragment)
            return
        if page is not None:
            self.not_published(article, ref, page)
            return
        pages = sorted(u for u in self.index.by_url if self.index.by_url[u].source in self.index.live)
        self.report(article, ref, f"de pagina `{path}` bestaat niet op deze site",
                    expected=LINK_EXPECTED, hint=did_you_mean(path, pages))

    def not_published(self, article: Article, ref: LinkRef, page: Article) -> None:
        if article.source not in self.index.live:
            return  # a draft may link to a draft; both go live later
        why = "een concept (draft: true)" if page.draft else "van een latere datum"
        self.report(article, ref, f"deze link gaat naar {page.source}, maar dat is {why} "
                                  "en wordt nog niet gepubliceerd",
                    expected="een link naar een gepubliceerde pagina",
                    hint="publiceer die pagina eerst, of maak dit artikel ook een concept")

    def check_relative(self, article: Article, ref: LinkRef, target: str) -> str | None:
        path, fragment = _split(target)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(article.rel), unquote(path)))
        if path.endswith(".md"):
            page = self.index.by_rel.get(resolved)
            if page is None:
                nearby = (posixpath.relpath(r, posixpath.dirname(article.rel)) for r in self.index.by_rel)
                self.report(article, ref, f"het bestand `{path}` bestaat niet",
                            expected="een ander artikel als bestand, bijv. ../actueel/bestand.md, "
                                     "of een webadres als /actueel/bestand/",
                            hint=did_you_mean(path, nearby))
                return None
            if page.source not in self.index.live:
                self.not_published(article, ref, page)
                return None
            if fragment:
                self.check_anchor(article, ref, page, fragment)
            url = urls.article_url(page.section, page.slug)
            return url + (f"#{fragment}" if fragment else "")
        if resolved.startswith(urls.MEDIA.strip("/") + "/"):
            # A file next to the content, as a Markdown editor previews it: ../media/beelden/x.jpg
            if resolved in self.index.media:
                return "/" + resolved
            self.report(article, ref, f"het bestand `{path}` bestaat niet", expected=MEDIA_EXPECTED,
                        hint=did_you_mean("/" + resolved, ("/" + m for m in self.index.media)))
            return None
        # Anything else is read as the browser would: relative to this page's address.
        page_url = urls.article_url(article.section, article.slug)
        absolute = posixpath.normpath(posixpath.join(page_url, path)) + ("/" if path.endswith("/") else "")
        self.check_site_path(article, ref, absolute + (f"#{fragment}" if fragment else ""))
        return None


def _rewrite(body_html: str, ref: LinkRef, new: str) -> str:
    attr = "src" if ref.image else "href"
    written = ref.raw[1:-1] if ref.raw.startswith("<") and ref.raw.endswith(">") else ref.raw
    for form in {html.escape(written, quote=True), html.escape(written, quote=False), written}:
        body_html = body_html.replace(f'{attr}="{form}"', f'{attr}="{html.escape(new)}"')
    return body_html


def check_links_indexed(site: Site, renderer: Renderer, parsed: Sequence[Article],
                        is_live: Callable[[Article], bool] | None = None
                        ) -> tuple[Site, list[Problem], LinkIndex]:
    """Check every link of the site's articles; return the site with .md links made into addresses.
    `renderer` (the build's one, of `site`) says which pages the site will have.

    `is_live` says which articles the real build publishes, when `site` holds more than
    that (`check` looks at drafts and future articles too): a published article may
    then not link to one that is not, but a draft may link to another draft.
    """
    index = _index(site, renderer, parsed, is_live)
    checker = _Checker(index)
    changed: dict[str, Article] = {}
    for article in (*site.articles, *site.pages):
        body = article.body_html
        for ref in article.links:
            new = checker.check(article, ref)
            if new is not None:
                body = _rewrite(body, ref, new)
        if body != article.body_html:
            changed[article.source] = replace(article, body_html=body)
    return replace_articles(site, changed), checker.problems, index


def recheck_article(index: LinkIndex, old: Article, new: Article) -> tuple[Article, list[Problem], LinkIndex] | None:
    """The links of `new`, the same file as `old` with only its body changed, checked against the
    site the index was made for: `new` with its .md links made into addresses, the problems, and
    the index with `new` in it. None when the body's anchors changed: links on other pages that
    point at them would need checking too (a full check does that). None too when its images or
    links to files in /media/ changed: the image stage checks and plans photos (imagecheck.py)."""
    if _anchors(old, index) != _anchors(new, index) or _media_uses(old) != _media_uses(new):
        return None
    url = urls.article_url(new.section, new.slug)
    index = replace(index, by_url=_overlay(index.by_url, url, new), by_rel=_overlay(index.by_rel, new.rel, new))
    checker = _Checker(index)
    body = new.body_html
    for ref in new.links:
        rewritten = checker.check(new, ref)
        if rewritten is not None:
            body = _rewrite(body, ref, rewritten)
    return (new if body == new.body_html else replace(new, body_html=body)), checker.problems, index


def _media_uses(article: Article) -> set[tuple[str, bool]]:
    return {(address, ref.image) for ref in article.links
            if (address := media_address(article, ref.target)) is not None}


def _overlay(base: Mapping[str, Article], key: str, article: Article) -> Mapping[str, Article]:
    """`base` with one entry replaced, without copying it (it may be the page map's lazy one)."""
    return ChainMap({key: article}, cast(MutableMapping[str, Article], base))
