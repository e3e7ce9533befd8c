"""Search with Pagefind: built into the site, Dutch, article bodies only, filters that narrow,
identical bytes from identical pages, and working in Chromium from the site's own origin."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from rvz_site.outputs import search
from tests.kit import build, snapshot, static_server

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def bundle(public: Path) -> dict[str, bytes]:
    return snapshot(public / "pagefind")


def test_the_build_writes_a_dutch_index_of_article_bodies(public: Path) -> None:
    files = bundle(public)
    assert {"pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "wasm.nl.pagefind"} <= set(files)
    assert any(name.startswith("pagefind.nl_") for name in files)
    article = html.parse(str(public / "actueel" / "samen-leren-in-de-wijk" / "index.html")).getroot()
    (body,) = article.xpath("//*[@data-pagefind-body]")
    assert body.tag == "article" and not body.xpath(".//nav")
    filters = {(e.get("data-pagefind-filter"), e.text) for e in body.xpath(".//*[@data-pagefind-filter]")}
    assert filters == {("Rubriek", "Actueel"), ("Thema", "Beweging verbreden en verdiepen"),
                       ("Deelnemer", "Sensire"), ("Deelnemer", "Woonlandschap De Leyhoeve"), ("Jaar", "2021")}
    listing = html.parse(str(public / "actueel" / "index.html")).getroot()
    assert not listing.xpath("//*[@data-pagefind-body]"), "listings must stay out of the index"


def test_two_builds_give_the_same_index(content_dir: Path, build_day: str, tmp_path: Path) -> None:
    # Pagefind writes its filters in hash-map order; rvz_site/outputs/search.py settles them.
    for name in ("a", "b"):
        result = build(content_dir, tmp_path / name / "public", today=build_day)
        assert result.code == 0, result.err
    assert bundle(tmp_path / "a" / "public") == bundle(tmp_path / "b" / "public")


def result_links(page: Any) -> list[str]:
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # results arrive one by one
    return sorted(set(page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.pathname)")))


def search_like_a_reader(chromium_browser: Any, public: Path) -> None:
    """A word from a body finds its article, a footer word finds nothing, the Rubriek filter narrows."""
    with static_server(public, netlify=True) as served:
        context = chromium_browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        foreign: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(served.base) else None)
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.goto(served.url("/zoeken/"))
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for()
        # "wijken" finds "leren van elkaar in de wijk" (Dutch stemming)
        box.fill("wijken")
        assert result_links(page) == ["/actueel/samen-leren-in-de-wijk/"]
        # a word that is on every page, but only in the footer, finds nothing
        footer = html.parse(str(public / "actueel" / "samen-leren-in-de-wijk" / "index.html")).getroot()
        assert "feeds" in footer.xpath("string(//footer[contains(@class, 'site-footer')])")
        box.fill("feeds")
        page.locator(".pagefind-ui__message").filter(has_text="Geen resultaten").wait_for(timeout=10_000)
        assert page.locator(".pagefind-ui__result-link").count() == 0
        # a broad word, then the Rubriek filter narrows it to events
        box.fill("beweging")
        everything = result_links(page)
        assert len(everything) >= 3 and any(not e.startswith("/bijeenkomsten/") for e in everything)
        page.locator("summary", has_text="Rubriek").click()
        page.get_by_label("Bijeenkomsten").check()
        page.wait_for_timeout(500)
        narrowed = result_links(page)
        assert narrowed and set(narrowed) < set(everything)
        assert all(link.startswith("/bijeenkomsten/") for link in narrowed)
        assert foreign == [] and page.evaluate("window.__violations") == [] and errors == []
        context.close()


@pytest.mark.browser
def test_searching_finds_words_in_bodies_and_filters_narrow(chromium_browser: Any, public: Path) -> None:
    assert json.loads((public / "pagefind" / "delen.json").read_text()) == [], "a small site has one index"
    search_like_a_reader(chromium_browser, public)


@pytest.fixture(scope="module")
def public_in_parts(content_dir: Path, build_day: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with its index cut into parts of 3 pages, as a site of thousands is."""
    out = tmp_path_factory.mktemp("search-parts") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 3)
        result = build(content_dir, out, today=build_day)
    assert result.code == 0, result.err
    return out


def test_a_large_index_comes_in_parts_named_in_the_main_bundle(public_in_parts: Path) -> None:
    others = json.loads((public_in_parts / "pagefind" / "delen.json").read_text())
    indexed = [p for p in public_in_parts.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    assert len(others) + 1 >= math.ceil(len(indexed) / 3) - 1 >= 3
    fragments = len(list((public_in_parts / "pagefind" / "fragment").iterdir()))
    for path in others:
        part = public_in_parts / path.strip("/")
        # Pagefind's scripts and WebAssembly come once, from the main bundle
        assert sorted(p.name for p in part.iterdir() if not p.name.endswith(".pf_meta")) <= \
            ["filter", "fragment", "index", "pagefind-entry.json"]
        fragments += len(list((part / "fragment").iterdir()))
    assert fragments == len(indexed), "every indexed page in one part"


@pytest.mark.browser
def test_a_search_over_parts_finds_and_filters_as_one_index(chromium_browser: Any, public_in_parts: Path) -> None:
    search_like_a_reader(chromium_browser, public_in_parts)


@pytest.mark.browser
def test_a_link_with_a_query_opens_with_results(chromium_browser: Any, public: Path) -> None:
    with static_server(public, netlify=True) as served:
        page = chromium_browser.new_page()
        page.goto(served.url("/zoeken/?q=lustrumbijeenkomst"))
        assert "/bijeenkomsten/lustrumbijeenkomst-2022/" in result_links(page)
        page.close()
