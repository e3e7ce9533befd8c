"""Long Dutch words in headings and card titles break at Dutch hyphenation points, with a hyphen,
and the points never reach what a reader copies or a screen reader reads.

Chromium is asked where each character of a heading stands (tests/browser/wordbreaks.py); a word
whose letters stand on two lines must be broken where Pyphen's Dutch dictionary allows it.
The four headings of the real content that broke mid-syllable before are photographed at 320 px
into test-artifacts/screenshots/afbreken/ for people to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from rvz_site.render.hyphenate import hyphenation_points
from tests.browser.wordbreaks import word_breaks
from tests.kit import SCREENSHOTS, Served

pytestmark = pytest.mark.browser

# Phones, and a desktop, where the narrow "Lees ook" cards cut "PRAKTIJKVOORBEE / LDEN" before.
WIDTHS = (320, 390, 1024)
# Pages with the long compounds of the real content, as headings, card titles and kickers
# (the "Lees ook" cards are at the foot of every article).
PAGES = ("/", "/actueel/", "/praktijkvoorbeelden/", "/bijeenkomsten/", "/deelnemers/", "/themas/",
         "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/",
         "/actueel/wetenswaardigheden-1-augustus-tot-half-november/",
         "/actueel/inspiratiebijeenkomst-beweging-radicale-vernieuwing-verpleeghuiszorg/",
         "/deelnemers/wilgaerden-leekerweidegroep/")
# The headings that were cut anywhere at phone width ("Wetenswaardigh / eden", "Vernieuwingsbe /
# weging", "Praktijkvoorbeel / den", "Inspiratiebijeenk / omst"): page, the word, a file name.
BROKE_BEFORE = (
    ("/actueel/wetenswaardigheden-1-augustus-tot-half-november/", "Wetenswaardigheden", "wetenswaardigheden"),
    ("/actueel/vernieuwingsbeweging-wordt-steeds-sterker/", "Vernieuwingsbeweging", "vernieuwingsbeweging"),
    ("/praktijkvoorbeelden/", "Praktijkvoorbeelden", "praktijkvoorbeelden"),
    ("/actueel/inspiratiebijeenkomst-beweging-radicale-vernieuwing-verpleeghuiszorg/", "Inspiratiebijeenkomst",
     "inspiratiebijeenkomst"),
)


def _page(browser: Any, width: int) -> Any:
    return browser.new_page(viewport={"width": width, "height": 800}, locale="nl-NL")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_break_inside_a_word_is_at_a_dutch_hyphenation_point(
        browser: Any, real_site: Served, width: int) -> None:
    page = _page(browser, width)
    wrong, breaks = [], 0
    try:
        for path in PAGES:
            page.goto(real_site.url(path))
            for found in word_breaks(page):
                breaks += 1
                word, at = found["word"], found["at"]
                if at not in hyphenation_points(word):
                    wrong.append((path, found["element"], f"{word[:at]} / {word[at:]}"))
    finally:
        page.close()
    assert wrong == []
    assert breaks >= 10, "the pages have long words that must break at this width"


def test_the_four_headings_that_broke_before_break_at_syllables_with_a_hyphen(
        browser: Any, real_site: Served) -> None:
    page = _page(browser, 320)
    folder = SCREENSHOTS / "afbreken"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for path, word, name in BROKE_BEFORE:
            page.goto(real_site.url(path))
            heading = page.locator("main h1")
            heading.screenshot(path=str(folder / f"{name}-320.png"))
            in_word = [b for b in word_breaks(page, "main h1") if b["word"] == word]
            assert in_word, f"{word} now fits on one line at 320 px: pick a heading that still breaks"
            assert all(b["at"] in hyphenation_points(word) for b in in_word), in_word
            # the break is drawn with a hyphen: the points carry a soft hyphen that has no text
            assert page.evaluate("() => getComputedStyle(document.querySelector('main h1 .hy'), '::after')"
                                 ".content") == '"\u00ad" / ""'
    finally:
        page.close()


def test_copying_a_hyphenated_heading_gives_the_plain_words(browser: Any, real_site: Served) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=real_site.base)
    page = context.new_page()
    try:
        page.goto(real_site.url(BROKE_BEFORE[0][0]))
        heading = page.locator("main h1")
        assert heading.locator(".hy").count() > 0  # the heading really carries hyphenation points
        title = "Wetenswaardigheden #1 | augustus tot half november ’18"
        page.evaluate("""() => { const range = document.createRange();
            range.selectNodeContents(document.querySelector('main h1'));
            getSelection().removeAllRanges(); getSelection().addRange(range); }""")
        assert page.evaluate("getSelection().toString()") == title
        page.keyboard.press("Control+C")
        assert page.evaluate("navigator.clipboard.readText()") == title
        assert heading.inner_text() == title
        assert page.get_by_role("heading", level=1, name=title, exact=True).count() == 1  # what a screen reader reads
        assert "\u00ad" not in page.content()  # no soft hyphen anywhere in the page's text
    finally:
        context.close()
