"""Related articles: right order on the built site, and the fast bitset scoring agrees with
the obvious pair-by-pair count on any set of articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html

from rvz_site.core.model import Article, Keyword
from rvz_site.render.related import KEYWORD_WEIGHT, ORGANISATION_WEIGHT, THEME_WEIGHT, related_articles


def related_on_page(public: Path, page: str) -> list[str]:
    doc = html.parse(str(public / page)).getroot()
    return [a.get("href") for a in doc.xpath("//aside[@aria-labelledby='kop-lees-ook']//h3/a")]


def test_best_match_first_then_newest_among_equals(public: Path) -> None:
    # shares a theme, two organisations and a keyword with the first; one theme with the other two,
    # which tie and so come newest first
    assert related_on_page(public, "actueel/samen-leren-in-de-wijk/index.html") == [
        "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/",
        "/bijeenkomsten/halfjaarlijkse-ontmoeting-maart-2021/",
        "/publicaties/zicht-op-vernieuwing-4/",
    ]


def test_no_related_block_without_shared_terms(public: Path) -> None:
    assert related_on_page(public, "bijeenkomsten/actieteam-vandaag/index.html") == []
    assert "Lees ook" not in (public / "bijeenkomsten" / "actieteam-vandaag" / "index.html").read_text("utf-8")


def brute_force(articles: list[Article], limit: int) -> dict[int, tuple[Article, ...]]:
    def score(a: Article, b: Article) -> int:
        return (THEME_WEIGHT * len(set(a.themes) & set(b.themes))
                + ORGANISATION_WEIGHT * len(set(a.organisations) & set(b.organisations))
                + KEYWORD_WEIGHT * len({k.slug for k in a.keywords} & {k.slug for k in b.keywords}))

    result = {}
    for i, a in enumerate(articles):
        scored = [(score(a, b), b) for j, b in enumerate(articles) if j != i and score(a, b) > 0]
        scored.sort(key=lambda sb: (-sb[0], -sb[1].published.timestamp(), sb[1].section, sb[1].slug))
        result[i] = tuple(b for _s, b in scored[:limit])
    return result


TERMS = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=3)


@st.composite
def article_sets(draw: st.DrawFn) -> list[Article]:
    n = draw(st.integers(0, 25))
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return [Article(source=f"x{i}.md", section=draw(st.sampled_from(["actueel", "publicaties"])),
                    slug=f"artikel-{i}", title=f"Artikel {i}",
                    published=start + timedelta(days=draw(st.integers(0, 5))), date_only=True,
                    summary="", body_html="", themes=tuple(draw(TERMS)), organisations=tuple(draw(TERMS)),
                    keywords=tuple(Keyword(k, k) for k in draw(TERMS)))
            for i in range(n)]


@settings(max_examples=150, deadline=None)
@given(article_sets(), st.integers(1, 5))
def test_bitset_scoring_matches_counting_every_pair(articles: list[Article], limit: int) -> None:
    assert related_articles(articles, limit) == brute_force(articles, limit)
