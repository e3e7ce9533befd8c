"""Categories and tags turned into the site's themes, keywords and organisations.

Owns the category tree (a child becomes `parent/child`; a third level folds into its
parent, and says so), what the map changes about it, the placeholders for what a theme
or an organisation needs and the export lacks, and the old term addresses that the
build's automatic /category/ and /tag/ rules do not cover. Pure.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import unquote

from slugify import slugify

from ...content.markdown import plain_text
from ...content.parse import keyword_slug
from ...core.model import Organisation
from .items import Export, ItemTerm, Term
from .mapping import ImportMap, Rule

# WordPress's default category; it says nothing about a post, so it becomes no theme unless the map says so.
DEFAULT_CATEGORIES = frozenset({"uncategorized", "geen-categorie", "ongecategoriseerd", "algemeen-2"})


@dataclass(frozen=True)
class ThemeEntry:
    key: str  # full key: `parent` or `parent/child`
    name: str
    description: str
    placeholder: bool = False  # the description is ours, not the old site's


@dataclass
class TermPlan:
    themes: dict[str, ThemeEntry] = field(default_factory=dict)  # by key, in order
    category_theme: dict[str, str] = field(default_factory=dict)  # category slug -> theme key ("" none)
    category_section: dict[str, str] = field(default_factory=dict)
    category_organisation: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    filled_in: dict[str, tuple[str, ...]] = field(default_factory=dict)  # organisation key -> fields we filled
    notes: list[str] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (old address, new address)


def term_key(slug: str, name: str = "") -> str:
    """A WordPress slug (maybe percent-encoded Greek) as a key of the site."""
    return slugify(unquote(slug)) or slugify(html.unescape(name)) or "thema"


def _name(term: Term | ItemTerm) -> str:
    return plain_text(html.unescape(term.name)) or term.slug


def plan_terms(export: Export, imap: ImportMap) -> TermPlan:
    """Every theme the import uses, whether or not the content folder has it already (write time decides),
    so that the report is the same on every run."""
    plan = TermPlan()
    categories = {t.slug: t for t in export.terms if t.kind == "category" and t.slug}
    for item in export.items:  # a category an item names but the channel does not list
        for named in item.terms:
            if named.domain == "category" and named.slug and named.slug not in categories:
                categories[named.slug] = Term("category", named.slug, named.name)

    def chain(slug: str) -> list[str]:
        path = [slug]
        while (parent := categories[path[0]].parent) and parent in categories and parent not in path:
            path.insert(0, parent)
        return path

    segments: dict[str, str] = {}
    siblings: dict[str, set[str]] = {}

    def segment(slug: str) -> str:
        """The category's own part of its theme key, unique among its siblings (two emoji-only names)."""
        if slug not in segments:
            used = siblings.setdefault("/".join(chain(slug)[:-1]), set())
            segments[slug] = unique(term_key(slug, categories[slug].name), used)
            used.add(segments[slug])
        return segments[slug]

    for slug in sorted(categories, key=lambda s: (len(chain(s)), chain(s))):
        term = categories[slug]
        rule = imap.categories.get(slug, Rule())
        path = chain(slug)
        if rule.section:
            plan.category_section[slug] = rule.section
        if rule.organisation:
            plan.category_organisation[slug] = rule.organisation
            _organisation(plan, rule.organisation, rule, _name(term))
            plan.redirects.append((f"/category/{'/'.join(path)}/", f"/deelnemers/{rule.organisation}/"))
        if rule.theme is not None:
            key = rule.theme
        elif rule.organisation or rule.section or slug in DEFAULT_CATEGORIES:
            key = ""  # a category that says where a post goes, or who it is about, is no subject
        else:
            keys = [segment(s) for s in path]
            if len(keys) > 2:
                plan.notes.append(f"categorie `{slug}` is een derde niveau ({' › '.join(path)}); "
                                  f"samengevoegd met thema `{keys[0]}/{keys[1]}`")
            key = "/".join(keys[:2])
        plan.category_theme[slug] = key
        if not key:
            continue
        own = rule.theme is None and len(path) <= 2
        top = categories[path[0]] if rule.theme is None else None
        if "/" in key and key.split("/")[0] not in plan.themes:
            parent_key = key.split("/")[0]
            plan.themes[parent_key] = _entry(parent_key, _name(top) if top else _label(parent_key),
                                             top.description if top else "", None)
        if key not in plan.themes:
            name = rule.name or (_name(term) if own or rule.theme is not None else _label(key))
            plan.themes[key] = _entry(key, name, term.description if own or rule.theme else "", rule.description)
        old = "/category/" + "/".join(path) + "/"
        if old != f"/category/{key}/":
            plan.redirects.append((old, f"/themas/{key}/"))
    return plan


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … when it is taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _label(key: str) -> str:
    return key.split("/")[-1].replace("-", " ").capitalize()


def _entry(key: str, name: str, description: str, mapped: str | None) -> ThemeEntry:
    text = mapped or plain_text(html.unescape(description))
    if text:
        return ThemeEntry(key, name, text)
    return ThemeEntry(key, name, f"Artikelen over het thema {name}.", placeholder=True)


def _organisation(plan: TermPlan, key: str, rule: Rule, name: str, description: str = "") -> None:
    if key in plan.organisations:
        return
    placeholders = []
    if not rule.place:
        placeholders.append("place")
    if not rule.role:
        placeholders.append("role")
    plan.organisations[key] = Organisation(key, rule.name or name, rule.place or "Onbekend",
                                           rule.role or "Deelnemer", rule.website, description)
    plan.filled_in[key] = tuple(placeholders)


def add_page_organisation(plan: TermPlan, key: str, rule: Rule, name: str, description: str) -> None:
    _organisation(plan, key, rule, name, description)


def keywords_of(terms: tuple[ItemTerm, ...], plan: TermPlan, seen_tags: dict[str, str]) -> list[str]:
    """The item's tags as keywords (entities decoded), each once; notes the tag addresses that change."""
    words: list[str] = []
    slugs: set[str] = set()
    for term in terms:
        if term.domain != "post_tag":
            continue
        name = _name(term)
        slug = keyword_slug(name)
        if not slug or slug in slugs:
            continue
        slugs.add(slug)
        words.append(name)
        if term.slug and term.slug not in seen_tags:
            seen_tags[term.slug] = slug
            if term.slug != slug:
                plan.redirects.append((f"/tag/{term.slug}/", f"/trefwoord/{slug}/"))
    return words
