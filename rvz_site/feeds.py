"""RSS 2.0 feeds through feedgen. Every date comes from the content, never from the clock."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from .config import SiteConfig
from .model import Article, Registries
from .urls import article_url

FEED_LIMIT = 20
# An empty feed still needs a lastBuildDate; a fixed one keeps builds identical.
_EPOCH = datetime(2017, 2, 1, tzinfo=timezone.utc)
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src|poster)=")/(?!/)')


def absolute_links(html: str, base_url: str) -> str:
    """Feed readers show items away from the site: every root-relative link must become absolute."""
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{base_url}/", html)


def render_rss(
    config: SiteConfig,
    registries: Registries,
    *,
    title: str,
    description: str,
    page_url: str,
    feed_url: str,
    articles: Sequence[Article],
) -> bytes:
    fg = FeedGenerator()
    fg.title(title)
    fg.description(description)
    fg.language(config.language)
    fg.generator("rvz-site")
    # feedgen writes the last link() as <channel><link>: self first, alternate last.
    fg.link(href=config.absolute(feed_url), rel="self", type="application/rss+xml")
    fg.link(href=config.absolute(page_url), rel="alternate")
    items = list(articles[:FEED_LIMIT])
    fg.lastBuildDate(max((a.published for a in items if a.published), default=_EPOCH))
    theme_names = {t.key: t.name for t in registries.themes}
    for article in items:
        entry = fg.add_entry(order="append")
        url = config.absolute(article_url(article.section, article.slug))
        entry.title(article.title)
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.description(article.summary)
        entry.content(absolute_links(article.body_html, config.base_url), type="CDATA")
        if article.published:
            entry.pubDate(article.published)
        for key in article.themes:
            entry.category(term=theme_names[key])
        for keyword in article.keywords:
            entry.category(term=keyword.name)
    return fg.rss_str(pretty=True)
