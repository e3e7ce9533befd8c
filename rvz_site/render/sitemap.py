"""The machine files: sitemap.xml and robots.txt. Pure; dates come from the articles."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from ..core.dates import local_day
from ..core.model import Article, SiteConfig
from ..core.urls import SITEMAP


def render_sitemap(config: SiteConfig, pages: Sequence[tuple[str, Article | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, article in sorted(pages, key=lambda p: p[0]):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(config.absolute(url))}</loc>")
        if article is not None and article.published is not None:
            lines.append(f"    <lastmod>{local_day(article.published).isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute(SITEMAP)}\n".encode()
