"""The decision for every item of the export: skipped, or which file, slug, dates and old addresses.

Owns statuses (publish, draft/pending, future, private, password), dates (post_date_gmt shown
in Europe/Amsterdam; a draft's 0000-00-00 falls back to post_date), slugs (percent-decoded,
slugified, from the title, `p-<id>`, `-2` on a clash), titles and summaries, aliases
(`/?p=`, `/?page_id=`, the old permalink, every `_wp_old_slug`), the featured image and a
publication's pdf, and the map from old addresses to new ones that the bodies' links use.
Pure: the export, the map and what the content folder already holds go in; a Plan comes out.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import posixpath
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, quote, unquote, urlsplit

from slugify import slugify

from ...content.markdown import plain_text, shorten
from ...core.dates import AMSTERDAM
from ...core.model import EVENTS_SECTION, PAGES_SECTION, PUBLICATIONS_SECTION
from ...core.urls import RESERVED_ROOTS, article_url
from .body import BodyContext, BodyResult, convert_body
from .items import Export, Item
from .mapping import ImportMap, Rule
from .media import MediaRef, Uploads
from .terms import TermPlan, add_page_organisation, keywords_of, plan_terms, unique

# Not content: skipped and counted.
SKIPPED_TYPES = frozenset({"nav_menu_item", "revision", "customize_changeset", "oembed_cache", "wp_navigation",
                           "wp_template", "wp_template_part", "wp_global_styles", "custom_css", "user_request",
                           "wp_font_family", "wp_font_face", "scheduled-action", "shop_order"})
SKIPPED_STATUSES = frozenset({"auto-draft", "trash", "inherit"})
PARALLEL_FROM = 200  # below this, starting processes costs more than it saves
_NO_DATE = "0000-00-00 00:00:00"
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_DOUBLE_SLASH = re.compile(r"/{2,}")


@dataclass
class Planned:
    item: Item
    section: str
    slug: str
    title: str
    decision: str
    draft: bool = False
    date: datetime | None = None
    publish_date: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    summary: str = ""
    themes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    image: MediaRef | None = None
    image_alt: str = ""
    download: MediaRef | None = None
    notes: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    body: BodyResult = field(default_factory=BodyResult)

    @property
    def rel(self) -> str:
        return f"{self.section}/{self.slug}.md"

    @property
    def url(self) -> str:
        return article_url(self.section, self.slug)

    @property
    def live(self) -> bool:
        return not self.draft and self.publish_date is None


@dataclass
class Plan:
    articles: list[Planned]
    skipped: Counter[str]
    terms: TermPlan
    attachments: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Existing:
    """What the content folder already holds: files by WordPress id, slugs per section, registry keys."""

    by_id: Mapping[int, str] = field(default_factory=dict)  # post id -> rel path of the file made for it
    slugs: Mapping[str, frozenset[str]] = field(default_factory=dict)  # section -> slugs in use
    themes: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()


def clean_title(raw: str) -> str:
    text = plain_text(raw)
    return plain_text(text) if _ENTITY.search(text) else text


def parse_wp_date(value: str, gmt: bool) -> datetime | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if not 1900 <= moment.year <= 2999:
        return None
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM) if gmt else moment.replace(tzinfo=AMSTERDAM)


def item_date(item: Item) -> datetime | None:
    """post_date_gmt shown in Amsterdam; a draft has 0000-00-00 there, so then post_date (local time)."""
    return parse_wp_date(item.post_date_gmt, gmt=True) or parse_wp_date(item.post_date, gmt=False)


def normal_path(link: str) -> str | None:
    """The path of an old permalink as a browser sends it, or None when it has no usable path."""
    parts = urlsplit(link.strip())
    query = parse_qs(parts.query)
    if {"p", "page_id", "attachment_id"} & query.keys():
        return None
    path = _DOUBLE_SLASH.sub("/", parts.path or "")
    if not path or path == "/":
        return None
    # Non-ASCII and spaces are percent-encoded (as the browser sends them); existing %xx stay as written.
    return quote(path if path.startswith("/") else "/" + path, safe="/%-._~")


def _key(path: str) -> str:
    return unquote(path).rstrip("/").lower() or "/"


class Planner:
    def __init__(self, export: Export, imap: ImportMap, uploads: Uploads, existing: Existing) -> None:
        self.export, self.imap, self.uploads, self.existing = export, imap, uploads, existing
        self.attachments = {i.post_id: i for i in export.items if i.post_type == "attachment"}
        children: dict[int, list[Item]] = {}
        for attachment in sorted(self.attachments.values(), key=lambda a: a.post_id):
            if attachment.parent:
                children.setdefault(attachment.parent, []).append(attachment)
        self.children = children
        self.reusable = {i.post_id: i.content for i in export.items if i.post_type == "wp_block"}
        self.terms = plan_terms(export, imap)
        self.skipped: Counter[str] = Counter()
        self.notes: list[str] = []
        self.tags: dict[str, str] = {}  # WordPress tag slug -> keyword slug, to find the addresses that change

    # -- which items, where ---------------------------------------------------------------
    def section_of(self, item: Item) -> str | None:
        if item.post_type == "page":
            rule = self.imap.pages.get(unquote(item.post_name), Rule())
            if rule.section:
                return rule.section
        for term in sorted(item.terms, key=lambda t: t.slug):
            if term.domain == "category" and term.slug in self.terms.category_section:
                return self.terms.category_section[term.slug]
        return self.imap.section_for_type(item.post_type)

    def candidates(self) -> list[tuple[Item, str]]:
        chosen = []
        for item in self.export.items:
            if item.post_type in {"attachment", "wp_block"}:
                continue
            if item.post_type in SKIPPED_TYPES:
                self.skipped[f"type {item.post_type}"] += 1
                continue
            if item.status in SKIPPED_STATUSES:
                self.skipped[f"status {item.status}"] += 1
                continue
            if item.post_type == "page":
                rule = self.imap.pages.get(unquote(item.post_name), Rule())
                if rule.organisation:
                    self.page_organisation(item, rule)
                    continue
            section = self.section_of(item)
            if section is None:
                self.skipped[f"type {item.post_type} (niet in de kaart)"] += 1
                self.notes.append(f"{item.post_type} {item.post_id} „{clean_title(item.title)}” overgeslagen: "
                                  f"het berichttype `{item.post_type}` staat niet onder post_types in de kaart")
                continue
            chosen.append((item, section))
        return chosen

    def page_organisation(self, item: Item, rule: Rule) -> None:
        key = rule.organisation or ""
        description = shorten(plain_text(item.excerpt) or plain_text(item.content), 240)
        add_page_organisation(self.terms, key, rule, clean_title(item.title), description)
        self.skipped["pagina's die een organisatie werden"] += 1
        path = normal_path(item.link)
        for old in [p for p in (path, f"/?p={item.post_id}", f"/?page_id={item.post_id}") if p]:
            self.terms.redirects.append((old, f"/deelnemers/{key}/"))

    # -- slugs ------------------------------------------------------------------------------
    def slugs(self, chosen: Sequence[tuple[Item, str]]) -> dict[int, str]:
        taken: dict[str, set[str]] = {}
        for section, slugs in self.existing.slugs.items():
            taken[section] = set(slugs)
        mine = {i: posixpath.splitext(posixpath.basename(rel))[0] for i, rel in self.existing.by_id.items()}
        for item_id, slug in mine.items():
            section = posixpath.dirname(self.existing.by_id[item_id])
            taken.get(section, set()).discard(slug)  # a file an earlier import made for this same item
        taken.setdefault(PAGES_SECTION, set()).update(RESERVED_ROOTS)
        result: dict[int, str] = {}
        order = sorted(chosen, key=lambda c: (item_date(c[0]) or datetime.max.replace(tzinfo=UTC), c[0].post_id))
        for item, section in order:
            base = slugify(unquote(item.post_name)) or slugify(clean_title(item.title)) or f"p-{abs(item.post_id)}"
            base = base[:80].rstrip("-")
            used = taken.setdefault(section, set())
            slug = unique(base, used)
            used.add(slug)
            result[item.post_id] = slug
        return result

    # -- old addresses -------------------------------------------------------------------------
    def old_addresses(self, item: Item) -> list[str]:
        found = [f"/?p={item.post_id}"] if item.post_id > 0 else []  # an export without ids has no ?p= address
        if item.post_type == "page" and item.post_id > 0:
            found.append(f"/?page_id={item.post_id}")
        path = normal_path(item.link)
        if path:
            found.append(path)
            head = path.rstrip("/").rsplit("/", 1)[0]
            trail = "/" if path.endswith("/") else ""
            for old in item.meta_values("_wp_old_slug"):
                old = old.strip()
                if old:
                    found.append(f"{head}/{quote(old, safe='%-._~')}{trail}")
        return list(dict.fromkeys(found))

    # -- the whole plan ----------------------------------------------------------------------------
    def plan(self) -> Plan:
        chosen = self.candidates()
        slugs = self.slugs(chosen)
        articles = [self.decide(item, section, slugs[item.post_id]) for item, section in chosen]
        self.assign_aliases(articles)
        links = self.link_map(articles)
        base = self.old_base()
        ctx = BodyContext(self.attachments, self.children, self.reusable, self.uploads,
                          lambda url: _lookup(url, links, self.uploads), base)
        results = convert_bodies([a.item for a in articles], ctx)
        for article, body in zip(articles, results, strict=True):
            self.finish(article, body)
        articles.sort(key=lambda a: a.item.post_id)
        return Plan(articles, self.skipped, self.terms, len(self.attachments), self.notes)

    def old_base(self) -> str:
        link = self.export.channel.base_blog_url or self.export.channel.link or self.export.channel.base_site_url
        parts = urlsplit(link)
        return f"{parts.scheme or 'https'}://{parts.netloc}" if parts.netloc else "https://oude-site.invalid"

    def decide(self, item: Item, section: str, slug: str) -> Planned:
        title = clean_title(item.title)
        planned = Planned(item, section, slug, title or f"Zonder titel ({item.post_id})", "gepubliceerd")
        if not title:
            planned.notes.append("had geen titel; „Zonder titel (…)” ingevuld, geef het een echte titel")
        if not item.post_name.strip():
            planned.notes.append(f"had geen slug (post_name); `{slug}` gemaakt")
        elif slug != slugify(unquote(item.post_name))[:80].rstrip("-"):
            planned.notes.append(f"slug `{slugify(unquote(item.post_name))}` was al bezet; werd `{slug}`")
        moment = item_date(item)
        if moment is None and section != PAGES_SECTION:
            planned.notes.append("had geen geldige datum; 2000-01-01 ingevuld")
            moment = datetime(2000, 1, 1, tzinfo=AMSTERDAM)
        planned.date = moment
        status = item.status
        if item.password:
            planned.draft, planned.decision = True, "concept: was met een wachtwoord beveiligd"
            planned.notes.append("was beveiligd met een wachtwoord; als concept overgenomen, het wachtwoord niet")
        elif status == "private":
            planned.draft, planned.decision = True, "concept: was privé"
            planned.notes.append("was privé; als concept overgenomen")
        elif status in {"draft", "pending"}:
            planned.draft, planned.decision = True, f"concept ({status})"
        elif status == "future":
            planned.publish_date, planned.decision = moment, "gepland"
        elif status != "publish":
            planned.draft, planned.decision = True, f"concept (onbekende status {status})"
        if section == EVENTS_SECTION:
            self.event_times(planned)
        earlier = self.existing.by_id.get(item.post_id)
        if earlier is not None and earlier != planned.rel:
            planned.notes.append(f"een eerdere import schreef dit item als {earlier}; dat bestand staat er nog "
                                 "en heeft dezelfde oude adressen: verwijder het")
        return planned

    def event_times(self, planned: Planned) -> None:
        item = planned.item
        start = parse_wp_date(item.meta_value("_EventStartDate"), gmt=False) \
            or parse_wp_date(item.meta_value("_EventStartDateUTC"), gmt=True)
        end = parse_wp_date(item.meta_value("_EventEndDate"), gmt=False)
        if start is None:
            start = planned.date
            planned.notes.append("bijeenkomst zonder begintijd in de export; de publicatiedatum gebruikt")
        planned.start = start
        planned.end = end if end and start and end >= start else None

    def assign_aliases(self, articles: Sequence[Planned]) -> None:
        served = {_key(a.url) for a in articles}
        served |= {_key(article_url(s, slug)) for s, slugs in self.existing.slugs.items() for slug in slugs}
        served |= {_key(f"/{root}/") for root in RESERVED_ROOTS}  # listings and files the build writes itself
        claimed: dict[str, int] = {}
        for article in sorted(articles, key=lambda a: a.item.post_id):
            for old in self.old_addresses(article.item):
                key = _key(old) if not old.startswith("/?") else old
                if key == _key(article.url):
                    continue  # the new address is the old one
                if key in served:
                    article.notes.append(f"oud adres {old} is nu een andere pagina; niet doorverwezen")
                    continue
                if key in claimed:
                    article.notes.append(f"oud adres {old} hoort al bij item {claimed[key]}; niet doorverwezen")
                    continue
                claimed[key] = article.item.post_id
                article.aliases.append(old)

    def link_map(self, articles: Sequence[Planned]) -> dict[str, str]:
        links: dict[str, str] = {}
        for article in articles:
            if not article.live:
                continue
            for old in self.old_addresses(article.item):
                links[old if old.startswith("/?") else _key(old)] = article.url
        for attachment in self.attachments.values():
            path = normal_path(attachment.link)
            ref, _missing = self.uploads.resolve(attachment.attachment_url)
            if ref is not None:
                links[f"/?attachment_id={attachment.post_id}"] = "/media/" + ref.target
                if path:
                    links.setdefault(_key(path), "/media/" + ref.target)
        return links

    def finish(self, article: Planned, body: BodyResult) -> None:
        item = article.item
        article.body = body
        excerpt = plain_text(item.excerpt)
        article.summary = shorten(excerpt or body.more, 250)
        if article.section != PAGES_SECTION:
            self.classify_terms(article)
        self.featured(article)
        if article.section == PUBLICATIONS_SECTION:
            self.publication_file(article)

    def classify_terms(self, article: Planned) -> None:
        item = article.item
        themes: list[str] = []
        organisations: list[str] = []
        for term in item.terms:
            if term.domain != "category":
                continue
            key = self.terms.category_theme.get(term.slug)
            if key is None:
                article.unmapped.append(f"categorie {term.slug}")
            elif key and key not in themes:
                themes.append(key)
            org = self.terms.category_organisation.get(term.slug)
            if org and org not in organisations:
                organisations.append(org)
        other = sorted({t.domain for t in item.terms} - {"category", "post_tag", "post_format", ""})
        article.unmapped += [f"taxonomie {d}" for d in other]
        article.themes = themes
        article.organisations = organisations
        article.keywords = keywords_of(item.terms, self.terms, self.tags)

    def featured(self, article: Planned) -> None:
        thumb = article.item.meta_value("_thumbnail_id").strip()
        if not thumb.isdigit():
            return
        attachment = self.attachments.get(int(thumb))
        if attachment is None:
            article.notes.append(f"uitgelichte afbeelding {thumb} staat niet in de export")
            return
        ref, missing = self.uploads.resolve(attachment.attachment_url)
        if ref is None:
            article.body.missing_media.append(missing or attachment.attachment_url)
            return
        article.image = ref
        alt = " ".join(attachment.meta_value("_wp_attachment_image_alt").split())
        if not alt:
            alt = clean_title(attachment.excerpt) or clean_title(attachment.title) or f"Afbeelding bij {article.title}"
            article.body.alt_filled.append(f"{posixpath.basename(ref.target)} (uitgelicht): alt-tekst ontbrak; "
                                           f"„{alt}” ingevuld, lees het na")
        article.image_alt = alt

    def publication_file(self, article: Planned) -> None:
        pdfs = [a for a in self.children.get(article.item.post_id, ())
                if (a.attachment_url or "").lower().endswith(".pdf")]
        for attachment in pdfs:
            ref, missing = self.uploads.resolve(attachment.attachment_url)
            if ref is not None:
                article.download = ref
                return
            article.body.missing_media.append(missing or attachment.attachment_url)
        for ref in article.body.media:
            if ref.target.lower().endswith(".pdf"):
                article.download = ref
                return


def _lookup(url: str, links: Mapping[str, str], uploads: Uploads) -> str | None:
    parts = urlsplit(html.unescape(url))
    host = parts.hostname or ""
    if host and not uploads.is_own_host(host):
        return None
    query = parse_qs(parts.query)
    for name in ("p", "page_id", "attachment_id"):
        if name in query and query[name][0].isdigit():
            return links.get(f"/?{name}={int(query[name][0])}")
    if parts.query and not parts.path.strip("/"):
        return None
    path = normal_path(parts.path)
    return links.get(_key(path)) if path else None


_CONTEXT: BodyContext | None = None
_ITEMS: Sequence[Item] = ()


def _convert_at(index: int) -> BodyResult:
    assert _CONTEXT is not None
    return convert_body(_ITEMS[index], _CONTEXT)


def convert_bodies(items: Sequence[Item], ctx: BodyContext) -> list[BodyResult]:
    """Every body converted; on several cores when there are many (the processes inherit the context)."""
    global _CONTEXT, _ITEMS
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(items) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [convert_body(item, ctx) for item in items]
    _CONTEXT, _ITEMS = ctx, items
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_convert_at, range(len(items)), chunksize=max(1, len(items) // (cores * 8))))
    finally:
        _CONTEXT, _ITEMS = None, ()


def plan_import(export: Export, imap: ImportMap, uploads: Uploads, existing: Existing) -> Plan:
    return Planner(export, imap, uploads, existing).plan()
