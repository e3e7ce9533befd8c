"""Property tests: slugs, front matter round trips, and every article on exactly the term pages it names."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rvz_site.build.pipeline import BuildOptions, load_site, render_site
from rvz_site.content.parse import Vocabulary, keyword_slug, parse_source
from rvz_site.core.model import SourceFile
from tests.kit import TODAY_DATE, make_site

THEMES = ["verbreden-beweging", "overig", "overig/betrokkenen-zorgorganisaties"]
ORGS = ["sensire", "de-leyhoeve"]
VOCABULARY = Vocabulary(frozenset(THEMES), frozenset(ORGS), frozenset())

# Text an editor might type on one line: any letters, digits, punctuation and spaces, no control characters.
line_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85\ufeff"),
    min_size=1, max_size=60,
).map(lambda s: " ".join(s.split())).filter(bool)


@given(st.text(max_size=40))
def test_keyword_slugs_are_url_safe_and_stable(name: str) -> None:
    slug = keyword_slug(name)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert keyword_slug(slug) == slug
    assert keyword_slug(name.upper()) == keyword_slug(name.lower()) or not name.isascii()


@given(
    title=line_text,
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    themes=st.lists(st.sampled_from(THEMES), unique=True),
    organisations=st.lists(st.sampled_from(ORGS), unique=True),
    keywords=st.lists(line_text.filter(lambda k: keyword_slug(k) != ""), max_size=4),
    summary=st.none() | line_text,
)
@settings(max_examples=150)
def test_front_matter_round_trips(title: str, day: date, themes: list[str], organisations: list[str],
                                  keywords: list[str], summary: str | None) -> None:
    data: dict[str, object] = {"title": title, "date": day.isoformat(), "themes": themes,
                               "organisations": organisations, "keywords": keywords}
    if summary is not None:
        data["summary"] = summary
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nTekst.\n"
    source = SourceFile(Path("/c/actueel/stuk.md"), "actueel/stuk.md", "actueel", text.encode())
    article, problems = parse_source(source, VOCABULARY, "content/actueel/stuk.md")
    assert problems == [], problems
    assert article is not None
    assert article.title == title
    assert article.day == day
    assert list(article.themes) == themes
    assert list(article.organisations) == organisations
    first_spelling: dict[str, str] = {}
    for k in keywords:
        first_spelling.setdefault(keyword_slug(k), " ".join(k.split()))
    assert [(k.slug, k.name) for k in article.keywords] == list(first_spelling.items())
    assert article.summary == (summary if summary is not None else "Tekst.")


article_terms = st.fixed_dictionaries({
    "themes": st.lists(st.sampled_from(THEMES), unique=True, max_size=3),
    "organisations": st.lists(st.sampled_from(ORGS), unique=True),
    "keywords": st.lists(st.sampled_from(["Zorg", "zorg", "Wzd", "Dementie", "Technologie"]), max_size=3),
})


@given(st.lists(article_terms, min_size=1, max_size=8))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_article_is_on_exactly_the_term_pages_it_names(terms: list[dict[str, list[str]]]) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        files = {
            f"actueel/stuk-{i}.md": "---\n" + yaml.safe_dump(
                {"title": f"Stuk {i}", "date": f"2020-01-{i + 1:02d}", **t}, allow_unicode=True) + "---\nx\n"
            for i, t in enumerate(terms)
        }
        files["actueel/een-goed-artikel.md"] = "---\ntitle: Los\ndate: 2019-01-01\n---\nx\n"
        content = make_site(root, files)
        site, theme, _ = load_site(BuildOptions(content, root / "public", TODAY_DATE))
        outputs = {o.path: o.data for o in render_site(site, theme)}

        def listed(path: str) -> set[str]:
            page = outputs[path]
            assert page is not None
            return set(re.findall(r'<a href="/actueel/(stuk-\d+)/">', page.decode()))

        for key in THEMES:
            named = {f"stuk-{i}" for i, t in enumerate(terms)
                     if key in t["themes"] or any(th.startswith(key + "/") for th in t["themes"])}
            assert {a.slug for a in site.by_theme[key]} == named
            if len(named) <= site.config.per_page:
                assert listed(f"themas/{key}/index.html") == named
        for key in ORGS:
            named = {f"stuk-{i}" for i, t in enumerate(terms) if key in t["organisations"]}
            assert {a.slug for a in site.by_organisation[key]} == named
        slugs = {keyword_slug(k) for t in terms for k in t["keywords"]}
        assert {k.slug for k in site.keywords} == slugs
        for slug in slugs:
            named = {f"stuk-{i}" for i, t in enumerate(terms) if slug in {keyword_slug(k) for k in t["keywords"]}}
            assert listed(f"trefwoord/{slug}/index.html") == named
    finally:
        shutil.rmtree(root)
