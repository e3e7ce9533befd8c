"""Every page type of the real site and of the fixture site, opened in Chromium as a reader would:
it loads without errors, its links lead somewhere, it fits a 320 px phone, axe-core finds no
WCAG 2.1 A/AA violation at phone and desktop width, and screenshots are kept for people to look at."""

from __future__ import annotations

from typing import Any
from urllib.parse import urldefrag

import pytest

from tests.browser.sitetree import page_types
from tests.kit import SCREENSHOTS, TEST_TOOLS, Served, Tab, need

pytestmark = pytest.mark.browser

AXE = TEST_TOOLS / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KINDS = ("home", "rubriek", "artikel", "bijeenkomst", "publicatie", "pagina", "themas",
         "thema-met-subthemas", "trefwoorden", "trefwoord", "deelnemers", "deelnemer", "404")
SITES = ("real_site", "fixture_site")
PHONE, SMALLEST, DESKTOP = 375, 320, 1280


def axe_violations(tab: Tab) -> list[str]:
    need(AXE.is_file(), f"axe-core is not installed ({AXE}; npm ci in tests/tools)")
    tab.page.add_script_tag(path=str(AXE))
    violations = tab.page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations]


# Links already followed in this session: menu and footer links repeat on every page.
_answered: set[str] = set()


def dead_links(tab: Tab, base: str) -> list[str]:
    """The links of the open page to this site that do not answer 200."""
    hrefs: list[str] = tab.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    dead = []
    for link in sorted({urldefrag(h).url for h in hrefs if h.startswith(base + "/")} - _answered):
        if tab.page.request.get(link).status == 200:
            _answered.add(link)
        else:
            dead.append(link)
    return dead


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("site_fixture", SITES)
def test_page_type_loads_works_and_is_accessible(site_fixture: str, kind: str, tab: Tab,
                                                 request: pytest.FixtureRequest) -> None:
    site: Served = request.getfixturevalue(site_fixture)
    path = page_types(site.root)[kind]
    page: Any = tab.page

    assert tab.open(site.url(path)) == 200
    assert tab.problems == [], f"{path}: {tab.problems}"
    assert page.locator("h1").count() == 1, f"{path} should have one h1"
    assert page.title().startswith(page.locator("h1").inner_text()), "the tab title names the page"

    # every link on the page (menu, breadcrumbs, cards, terms, footer) answers
    assert dead_links(tab, site.base) == [], f"dead links on {path}"

    # the real site is what people look at: keep its screenshots, and check it at phone width too
    keep = site_fixture == "real_site"
    if keep:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{DESKTOP}.png"), full_page=True)
    assert axe_violations(tab) == [], f"{path} at {DESKTOP} px"

    page.set_viewport_size({"width": SMALLEST, "height": 700})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a {SMALLEST} px phone"

    if keep:
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{PHONE}.png"), full_page=True)
        assert axe_violations(tab) == [], f"{path} at {PHONE} px"


@pytest.mark.parametrize("site_fixture", SITES)
def test_a_reader_clicks_from_the_home_page_to_an_article_and_back(
        site_fixture: str, tab: Tab, request: pytest.FixtureRequest) -> None:
    site: Served = request.getfixturevalue(site_fixture)
    tab.open(site.url("/"))
    first = tab.page.locator("main .card-title a").first
    title = first.inner_text()
    first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.locator("h1").inner_text() == title
    crumb = tab.page.locator("nav.breadcrumbs a").nth(1)
    section = crumb.inner_text()
    crumb.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.locator("h1").inner_text() == section
    assert tab.problems == []
