"""What a reader does with the keyboard, on a phone, without JavaScript and on paper."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.sitetree import page_types
from tests.kit import Served, Tab

pytestmark = pytest.mark.browser


def article_url(site: Served) -> str:
    return site.url(page_types(site.root)["artikel"])


def test_skip_link_is_the_first_tab_stop_shows_itself_and_jumps_to_the_content(
        tab: Tab, real_site: Served) -> None:
    tab.open(article_url(real_site))
    page: Any = tab.page
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.inner_text() == "Naar de inhoud"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 20, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")
    in_main = page.evaluate("!!document.activeElement.closest('main')")
    assert in_main, "the next Tab stop is inside the content, past the menu"


def test_keyboard_focus_is_clearly_visible(tab: Tab, real_site: Served) -> None:
    tab.open(article_url(real_site))
    page: Any = tab.page
    for _ in range(3):  # skip link, logo, first menu item
        page.keyboard.press("Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert style["tag"] == "A"
    assert style["style"] != "none" and style["width"] >= 2


def test_body_text_is_large_enough_and_lines_stay_readable(tab: Tab, real_site: Served) -> None:
    tab.open(article_url(real_site))
    measures = tab.page.evaluate("""() => [...document.querySelectorAll('main p, main li')].map(e => {
        const s = getComputedStyle(e); return [parseFloat(s.fontSize), e.getBoundingClientRect().width]; })""")
    assert measures and min(size for size, _ in measures) >= 16
    prose = tab.page.evaluate("""() => { const p = document.querySelector('.prose p');
        const s = getComputedStyle(p); return p.getBoundingClientRect().width / parseFloat(s.fontSize); }""")
    assert 25 <= prose <= 42, f"a body line is {prose:.0f} em wide (about {prose * 2:.0f} characters)"


def test_menu_folds_behind_a_button_on_a_phone_and_opens_with_it(browser: Any, real_site: Served) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(real_site.url("/"))
        button = page.get_by_role("button", name="Menu")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        assert button.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        menu.get_by_role("link", name="Deelnemers").click()
        page.wait_for_url(real_site.url("/deelnemers/"))
        assert page.locator("h1").inner_text() == "Deelnemers"
    finally:
        context.close()


def test_without_javascript_the_menu_is_simply_open(browser: Any, real_site: Served) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(real_site.url("/"))
        assert not page.locator(".menu-button").is_visible()
        assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Actueel").is_visible()
    finally:
        context.close()


def test_the_desktop_menu_shows_every_section_and_marks_the_current_one(tab: Tab, real_site: Served) -> None:
    tab.open(article_url(real_site))
    links = tab.page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert names == ["Actueel", "Praktijkvoorbeelden", "Bijeenkomsten", "Publicaties", "Thema’s",
                     "Deelnemers", "Nieuwsbrief", "Over ons"]
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    current = tab.page.locator(".main-nav a[aria-current]")
    assert current.count() == 1 and current.inner_text() == "Actueel"


def test_an_article_prints_without_menu_and_footer(tab: Tab, real_site: Served) -> None:
    tab.open(article_url(real_site))
    tab.page.emulate_media(media="print")
    assert not tab.page.locator(".main-nav").is_visible()
    assert not tab.page.locator(".site-footer").is_visible()
    assert not tab.page.locator(".breadcrumbs").is_visible()
    assert tab.page.locator("article h1").is_visible()
    assert tab.page.locator(".prose").is_visible()
