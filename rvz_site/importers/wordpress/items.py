"""What a WordPress export holds, as frozen values: the channel, the terms and the items.

Pure data; wxr.py fills it, the rest of the importer reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Channel:
    title: str
    link: str
    description: str
    language: str
    base_site_url: str
    base_blog_url: str
    wxr_version: str


@dataclass(frozen=True, slots=True)
class Term:
    """A category, a tag or another taxonomy's term (`kind` is the taxonomy)."""

    kind: str  # "category", "post_tag", "nav_menu", ...
    slug: str
    name: str
    parent: str = ""  # the parent's slug, for categories
    description: str = ""


@dataclass(frozen=True, slots=True)
class ItemTerm:
    """A term named by an item: `<category domain="category" nicename="zorg">Zorg</category>`."""

    domain: str
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Item:
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    post_name: str
    post_date: str  # "2020-12-08 10:30:00", the site's local time
    post_date_gmt: str  # "0000-00-00 00:00:00" for drafts
    content: str
    excerpt: str
    parent: int
    password: str
    attachment_url: str
    terms: tuple[ItemTerm, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    comments: int = 0
    source: str = ""  # the export file it came from

    def meta_values(self, key: str) -> list[str]:
        return [v for k, v in self.meta if k == key]

    def meta_value(self, key: str) -> str:
        values = self.meta_values(key)
        return values[0] if values else ""


@dataclass(frozen=True, slots=True)
class Export:
    channel: Channel
    terms: tuple[Term, ...]
    items: tuple[Item, ...]
    authors: int
    files: tuple[str, ...]
    repairs: tuple[str, ...] = field(default=())  # Dutch sentences: what was mended while reading

    @property
    def comments(self) -> int:
        return sum(i.comments for i in self.items)
