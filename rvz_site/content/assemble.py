"""From checked Articles to one Site: filter, sort, build the term indexes, find collisions.

Pure: no file system, no clock (the build day comes in as `today`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from ..core.errors import Problem, SiteError
from ..core.model import Article, Keyword, MediaFile, Registries, Site, SiteConfig
from ..core.urls import RESERVED_ROOTS
from .schedule import in_window, scheduled_changes


def newest_first(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (
        -(a.published.timestamp() if a.published else 0), a.section, a.slug)))


def is_published(article: Article, today: date, *, drafts: bool, future: bool) -> bool:
    if article.draft and not drafts:
        return False
    if not in_window(article, today, future=future):
        return False
    day = article.day
    return not (day is not None and day > today and not future)


def _at_slug(article: Article, problem: str, *, expected: str, hint: str) -> Problem:
    """A problem with an article's web address, at its `slug:` value or at 1:1 for a file name."""
    place = article.slug_place
    return Problem(article.source, place.line, place.col, problem, expected=expected, hint=hint,
                   source_line=place.source_line, length=place.length)


def find_collisions(articles: Sequence[Article]) -> list[Problem]:
    problems: list[Problem] = []
    first_by_url: dict[tuple[str, str], Article] = {}
    for article in sorted(articles, key=lambda a: a.source):
        where = (article.section, article.slug)
        other = first_by_url.get(where)
        if other is not None:
            first = other.slug_place
            problems.append(_at_slug(article, f"het webadres `{article.slug}` wordt al gebruikt door "
                                              f"{other.source}:{first.line}:{first.col}",
                                     expected="een eigen slug per artikel in een rubriek",
                                     hint="geef een van beide een andere bestandsnaam of een eigen `slug:`"))
            continue
        first_by_url[where] = article
        if article.is_page and article.slug in RESERVED_ROOTS:
            problems.append(_at_slug(article, f"het webadres `/{article.slug}/` is al in gebruik door de site zelf",
                                     expected="een andere naam voor deze pagina",
                                     hint=f"bijv. `slug: {article.slug}-pagina`"))
    return problems


def _keywords(articles: Sequence[Article]) -> tuple[Keyword, ...]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for keyword in article.keywords:
            spellings[keyword.slug][keyword.name] += 1
    # The name shown is the spelling used most; ties go to the first in sort order.
    return tuple(
        Keyword(slug, min(counts, key=lambda name: (-counts[name], name)))
        for slug, counts in sorted(spellings.items())
    )


def assemble_site(
    config: SiteConfig,
    registries: Registries,
    parsed: Sequence[Article],
    media: Sequence[MediaFile],
    today: date,
    *,
    drafts: bool = False,
    future: bool = False,
) -> Site:
    problems = find_collisions(parsed)
    if problems:
        raise SiteError(problems)
    kept = [a for a in parsed if is_published(a, today, drafts=drafts, future=future)]
    articles = newest_first(a for a in kept if not a.is_page)
    pages = tuple(sorted((a for a in kept if a.is_page), key=lambda a: a.slug))
    keywords = _keywords(articles)
    keyword_names = {k.slug: k.name for k in keywords}

    by_theme: dict[str, list[Article]] = {t.key: [] for t in registries.themes}
    by_keyword: dict[str, list[Article]] = {k.slug: [] for k in keywords}
    by_organisation: dict[str, list[Article]] = {o.key: [] for o in registries.organisations}
    parents = {t.key: t.parent for t in registries.themes}
    for article in articles:
        touched: set[str] = set()
        for key in article.themes:
            touched.add(key)
            parent = parents.get(key)
            if parent:
                touched.add(parent)  # a parent's page lists its children's articles too
        for key in sorted(touched):
            by_theme[key].append(article)
        for keyword in article.keywords:
            by_keyword[keyword.slug].append(article)
        for key in article.organisations:
            by_organisation[key].append(article)

    # Articles show the site-wide spelling of each keyword, so one keyword has one name everywhere.
    def with_site_names(article: Article) -> Article:
        names = tuple(Keyword(k.slug, keyword_names[k.slug]) for k in article.keywords)
        return article if names == article.keywords else replace(article, keywords=names)

    renamed = {id(a): with_site_names(a) for a in articles}
    return Site(
        config=config,
        registries=registries,
        articles=tuple(renamed[id(a)] for a in articles),
        pages=pages,
        keywords=keywords,
        media=tuple(media),
        today=today,
        by_theme={k: tuple(renamed[id(a)] for a in v) for k, v in by_theme.items()},
        by_keyword={k: tuple(renamed[id(a)] for a in v) for k, v in by_keyword.items()},
        by_organisation={k: tuple(renamed[id(a)] for a in v) for k, v in by_organisation.items()},
        scheduled=scheduled_changes(parsed, today, drafts=drafts, future=future),
    )


def replace_articles(site: Site, changed: dict[str, Article]) -> Site:
    """The site with some articles (by source) replaced, wherever it lists them."""
    if not changed:
        return site

    def swap(items: Iterable[Article]) -> tuple[Article, ...]:
        return tuple(changed.get(a.source, a) for a in items)

    return replace(
        site,
        articles=swap(site.articles),
        pages=swap(site.pages),
        by_theme={k: swap(v) for k, v in site.by_theme.items()},
        by_keyword={k: swap(v) for k, v in site.by_keyword.items()},
        by_organisation={k: swap(v) for k, v in site.by_organisation.items()},
    )
