"""Feeds in three formats (RSS 2.0 and Atom through feedgen, JSON Feed 1.1 by hand) and the
OPML list of them all. Pure: every date comes from the content, never from the clock.

Ids are the article's absolute URL: editing a title or a summary never changes them, so feed
readers do not show an edited article twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree

from feedgen.feed import FeedGenerator

from ..core.model import Article, Pictures, Registries, SiteConfig
from ..core.urls import FEED_FORMATS, article_url, feed_of
from .pictures import feed_images

FEED_LIMIT = 20
# An empty feed still needs a date; a fixed one keeps builds identical.
_EPOCH = datetime(2017, 2, 1, tzinfo=UTC)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src|poster)=")/(?!/)')
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
FEED_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def absolute_links(html: str, base_url: str) -> str:
    """Feed readers show items away from the site: every root-relative link must become absolute."""
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{base_url}/", html)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One subscribable list: the site, or one theme, keyword or organisation."""

    title: str  # as the feed reader shows it
    description: str
    page_url: str  # the HTML page the feed follows, e.g. /themas/x/
    group: str = ""  # heading on /feeds/ and folder in the OPML file; "" for the site itself

    def url(self, fmt: str = "rss") -> str:
        return feed_of(self.page_url, fmt)


def _content_html(config: SiteConfig, article: Article, pictures: Pictures) -> str:
    # Feed readers show one file per image: each photo at 1200 px, never the upload itself.
    body = absolute_links(feed_images(article.body_html, pictures), config.base_url)
    if article.image:
        # The article's own image sits above the body on the site; readers should see it too.
        alt = (article.image_alt or "").replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        photo = pictures.get(article.image)
        if photo is None:
            body = f'<p><img src="{config.absolute(article.image)}" alt="{alt}"></p>\n{body}'
        else:
            body = (f'<p><img src="{config.absolute(photo.large)}" alt="{alt}" width="{photo.large_width}" '
                    f'height="{photo.large_height}"></p>\n{body}')
    return body


def _categories(registries: Registries, article: Article) -> list[str]:
    theme_names = {t.key: t.name for t in registries.themes}
    return [theme_names[k] for k in article.themes] + [k.name for k in article.keywords]


def _updated(items: Sequence[Article]) -> datetime:
    return max((a.published for a in items if a.published), default=_EPOCH)


def _generator(config: SiteConfig, spec: FeedSpec, fmt: str, items: Sequence[Article]) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(config.absolute(spec.url(fmt)))
    fg.title(spec.title)
    fg.description(spec.description)  # RSS <description>, Atom <subtitle>
    fg.language(config.language)
    fg.generator("rvz-site")
    fg.author({"name": config.title})
    # feedgen writes the last link() as RSS <channel><link>: self first, alternate last.
    fg.link(href=config.absolute(spec.url(fmt)), rel="self", type=FEED_TYPES[fmt])
    fg.link(href=config.absolute(spec.page_url), rel="alternate", type="text/html")
    # Without these feedgen writes the clock's time, and no two builds would be identical.
    fg.lastBuildDate(_updated(items))
    fg.updated(_updated(items))
    return fg


def _xml_feed(config: SiteConfig, registries: Registries, spec: FeedSpec, fmt: str,
              items: Sequence[Article], pictures: Pictures) -> bytes:
    fg = _generator(config, spec, fmt, items)
    for article in items:
        entry = fg.add_entry(order="append")
        url = config.absolute(article_url(article.section, article.slug))
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.summary(article.summary)  # RSS <description>, Atom <summary>
        # type="html": Atom gets escaped HTML (CDATA would write an invalid type="CDATA"),
        # RSS gets content:encoded; both parse back to the same HTML.
        entry.content(_content_html(config, article, pictures), type="html")
        photo = pictures.get(article.image)
        if photo is not None:  # RSS <enclosure>, Atom <link rel="enclosure">: the file's real length and type
            entry.enclosure(config.absolute(photo.large), str(photo.large_bytes), photo.large_mime)
        if article.published:
            entry.published(article.published)
            entry.updated(article.published)
        for term in _categories(registries, article):
            entry.category(term=term)
    xml: bytes = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
    return xml


def _json_feed(config: SiteConfig, registries: Registries, spec: FeedSpec,
               items: Sequence[Article], pictures: Pictures) -> bytes:
    def item(article: Article) -> dict[str, object]:
        url = config.absolute(article_url(article.section, article.slug))
        data: dict[str, object] = {
            "id": url,
            "url": url,
            "title": article.title,
            "content_html": _content_html(config, article, pictures),
            "summary": article.summary,
        }
        if article.image:
            photo = pictures.get(article.image)
            data["image"] = config.absolute(photo.large if photo else article.image)
        if article.published:
            data["date_published"] = article.published.isoformat()
        tags = _categories(registries, article)
        if tags:
            data["tags"] = tags
        return data

    feed = {
        "version": JSON_FEED_VERSION,
        "title": spec.title,
        "home_page_url": config.absolute(spec.page_url),
        "feed_url": config.absolute(spec.url("json")),
        "description": spec.description,
        "language": config.language,
        "authors": [{"name": config.title, "url": config.absolute("/")}],
        "items": [item(a) for a in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_feed(fmt: str, config: SiteConfig, registries: Registries, spec: FeedSpec,
                articles: Sequence[Article], pictures: Pictures | None = None) -> bytes:
    """One feed of the newest FEED_LIMIT articles in `fmt` (one of FEED_FORMATS)."""
    if fmt not in FEED_FORMATS:
        raise ValueError(f"unknown feed format {fmt!r}")
    items = list(articles[:FEED_LIMIT])
    pictures = pictures or Pictures()
    if fmt == "json":
        return _json_feed(config, registries, spec, items, pictures)
    return _xml_feed(config, registries, spec, fmt, items, pictures)


def render_opml(config: SiteConfig, specs: Sequence[FeedSpec]) -> bytes:
    """OPML 2.0: every RSS feed at once, grouped in folders as on /feeds/."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = f"Alle feeds van {config.title}"
    body = ElementTree.SubElement(opml, "body")
    folders: dict[str, ElementTree.Element] = {}
    for spec in specs:
        parent = body
        if spec.group:
            if spec.group not in folders:
                folders[spec.group] = ElementTree.SubElement(body, "outline", text=spec.group)
            parent = folders[spec.group]
        ElementTree.SubElement(parent, "outline", type="rss", text=spec.title, title=spec.title,
                               xmlUrl=config.absolute(spec.url("rss")),
                               htmlUrl=config.absolute(spec.page_url))
    ElementTree.indent(opml)
    text: bytes = ElementTree.tostring(opml, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
