"""Reading a built site from disk: its HTML pages, one example URL per page type, and every
internal link, image and #anchor checked against the files of the tree (lxml, no server).

Pure helpers for the tests in this folder; they only read the tree they are given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

# Attributes that point at something the browser fetches or the reader follows.
LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("form", "action"))
SITE_ORIGIN = "http://site.invalid"  # stands in for the site's own origin while resolving


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def url_of(root: Path, file: Path) -> str:
    rel = file.relative_to(root).as_posix()
    return "/" + rel.removesuffix("index.html")


def html_pages(root: Path) -> list[str]:
    """The URL path of every HTML page of the tree."""
    return [url_of(root, file) for file in html_files(root)]


@cache
def parse(file: Path) -> html.HtmlElement:
    return html.fromstring(file.read_bytes())


def target_file(root: Path, path: str) -> Path | None:
    """The file a URL path is served from: /a/ -> a/index.html, /a.css -> a.css."""
    rel = unquote(path).lstrip("/")
    candidate = root / rel
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class BrokenLink:
    page: str
    element: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: <{self.element}> {self.link}: {self.reason}"


def ids_of(file: Path) -> set[str]:
    return {str(i) for i in parse(file).xpath("//@id")}


def broken_links(root: Path) -> list[BrokenLink]:
    """Every root-relative or relative href/src must be a file of the tree, and every
    #fragment an id in the page it points to. Links to other sites are not followed."""
    broken: list[BrokenLink] = []
    for file in html_files(root):
        page_url = url_of(root, file)
        doc = parse(file)
        for tag, attribute in LINK_ATTRIBUTES:
            for element in doc.iter(tag):
                link = element.get(attribute)
                if link is None:
                    continue
                parts = urlsplit(link)
                if parts.scheme or parts.netloc:
                    continue  # https:, mailto:, tel:, //host: not part of this tree
                resolved = urlsplit(urljoin(SITE_ORIGIN + page_url, link))
                target = file if not parts.path else target_file(root, resolved.path)
                if target is None:
                    broken.append(BrokenLink(page_url, tag, link, "no such file in the built site"))
                    continue
                fragment = unquote(resolved.fragment)
                if fragment and target.suffix == ".html" and fragment not in ids_of(target):
                    broken.append(BrokenLink(page_url, tag, link, f"no id `{fragment}` in that page"))
    return broken


def _first(root: Path, page: str, xpath: str) -> str | None:
    file = target_file(root, page)
    if file is None:
        return None
    found = parse(file).xpath(xpath)
    return str(found[0]) if found else None


CARD_LINK = "//main//*[contains(concat(' ', @class, ' '), ' card-title ')]/a/@href"


def page_types(root: Path) -> dict[str, str]:
    """One URL of each kind of page in the tree, found the way a reader would find it."""
    found = {
        "home": "/",
        "rubriek": "/actueel/",
        "artikel": _first(root, "/actueel/", CARD_LINK),
        "bijeenkomst": _first(root, "/bijeenkomsten/", CARD_LINK),
        "publicatie": _first(root, "/publicaties/", CARD_LINK),
        "pagina": "/over-ons/",
        "themas": "/themas/",
        "thema-met-subthemas": _first(
            root, "/themas/", "//section[.//ul[contains(@class,'subtheme-list')]]/h2/a/@href"),
        "trefwoorden": "/trefwoorden/",
        "trefwoord": _first(root, "/trefwoorden/", "//main//ul[contains(@class,'chips')]//a/@href"),
        "deelnemers": "/deelnemers/",
        "deelnemer": _first(root, "/deelnemers/", "//main//li[contains(@class,'org-tile')]//a/@href"),
        "404": "/404.html",
    }
    missing = [kind for kind, url in found.items() if url is None or target_file(root, url) is None]
    assert not missing, f"page types not found in {root}: {missing}"
    return {kind: str(url) for kind, url in found.items()}
