"""Photos as a reader's phone gets them, in Chromium: a small file at 390 px, nothing that shifts,
and a page of ten phone photos that weighs no more than 1.5 MB with all of its images loaded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.images.conftest import PHOTO_COUNT, PhotoSite
from tests.kit import Served, static_server

PHONE = {"width": 390, "height": 844}
MAX_PAGE_BYTES = 1_500_000
# Adds up every layout shift the page makes, from the first paint on.
WATCH_SHIFTS = """window.__shift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shift += e.value; })
  .observe({type: 'layout-shift', buffered: true});"""
ALL_LOADED = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"


@pytest.fixture(scope="module")
def served(photo_site: PhotoSite) -> Iterator[Served]:
    with static_server(photo_site.public) as site:
        yield site


def _open(browser: Any, url: str, scale: float) -> tuple[Any, Any, list[Any]]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=scale, is_mobile=True, has_touch=True)
    context.add_init_script(WATCH_SHIFTS)
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    return context, page, responses


def _scroll_through(page: Any) -> None:
    """Down the page a screen at a time, as a reader does, so every lazy photo loads."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + PHONE["height"], PHONE["height"] // 2):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.wait_for_function(ALL_LOADED)


def _photos(responses: list[Any]) -> list[Any]:
    return [r for r in responses if "/media/fotos/" in r.url]


@pytest.mark.browser
def test_at_390_px_the_browser_picks_the_small_file(chromium_browser: Any, served: Served,
                                                    photo_site: PhotoSite) -> None:
    context, page, responses = _open(chromium_browser, served.url("/actueel/eigen-tuin/"), 1)
    try:
        _scroll_through(page)
        photos = _photos(responses)
        assert len(photos) == 3
        for response in photos:
            assert response.status == 200
            assert response.url.endswith("-480.avif"), response.url  # 350 px shown: the 480 px file
            assert len(response.body()) < 60_000
        # the upload itself is 2-3 MB; the three photos together cost a reader less than a tenth of one
        assert sum(len(r.body()) for r in photos) < len(photo_site.photos[0]) / 10
    finally:
        context.close()


@pytest.mark.browser
def test_a_page_of_ten_phone_photos_weighs_at_most_1_5_mb_and_never_shifts(chromium_browser: Any,
                                                                           served: Served) -> None:
    # A phone of today at 390 px has three device pixels to a CSS pixel: the hardest case.
    context, page, responses = _open(chromium_browser, served.url("/fotoboek/"), 3)
    try:
        _scroll_through(page)
        photos = _photos(responses)
        assert len({r.url for r in photos}) == PHOTO_COUNT
        weight = sum(len(r.body()) for r in responses if r.status == 200)
        print(f"fotoboek at 390 px, 3x: {weight} bytes, {len(responses)} files")
        assert weight <= MAX_PAGE_BYTES
        assert page.evaluate("window.__shift") == 0
        # every photo is drawn at the shape its width and height said before it arrived
        ratios = page.evaluate("[...document.querySelectorAll('.prose img')].map(i => "
                               "[i.getBoundingClientRect().width, i.getBoundingClientRect().height])")
        assert all(abs(h / w - 4 / 3) < 0.01 for w, h in ratios)
    finally:
        context.close()
