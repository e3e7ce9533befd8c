"""The first paint is the final one: nothing on a page moves while its script and images arrive.

Chromium reports every layout shift to a PerformanceObserver (`layout-shift`, the entries that
make up Lighthouse's CLS). To see what a reader on a slow phone connection sees, the page's
script and its images are held back until the page has painted: a rule that only applies once
menu.js has run, or an image without width and height, then moves the content below it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.sitetree import page_types
from tests.kit import Served

pytestmark = pytest.mark.browser

WIDTHS = {"telefoon": (390, 844), "desktop": (1280, 900)}
PAGE_KINDS = ("home", "artikel", "publicatie", "thema-met-subthemas", "zoeken")
HOLD_BACK_S = 0.4  # long enough for the page to paint before the held-back file arrives
HELD_BACK = ("/assets/js/", "/media/")

# The layout shifts not caused by the reader (as CLS counts them), and what moved. `buffered`
# hands over the shifts from before this call; two frames let the last layout come in.
LAYOUT_SHIFTS = """() => new Promise(done => {
  const shifts = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) shifts.push({value: e.value,
      moved: e.sources.map(s => s.node ? s.node.nodeName + '.' + (s.node.className || '') : '?')});
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => done(shifts)));
})"""


@pytest.fixture(scope="module")
def urls(real_site: Served) -> dict[str, str]:
    kinds = page_types(real_site.root)
    kinds["zoeken"] = "/zoeken/"
    return {kind: kinds[kind] for kind in PAGE_KINDS}


@pytest.fixture(params=WIDTHS)
def slow_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")

    def hold_back(route: Any) -> None:
        time.sleep(HOLD_BACK_S)  # the browser renders meanwhile; only this file waits
        route.continue_()

    context.route(lambda url: any(part in url for part in HELD_BACK), hold_back)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_nothing_moves_after_the_first_paint(slow_page: Any, real_site: Served, urls: dict[str, str],
                                              kind: str) -> None:
    slow_page.goto(real_site.url(urls[kind]), wait_until="load")
    slow_page.wait_for_load_state("networkidle")  # the held-back script and images are all in
    shifts = slow_page.evaluate(LAYOUT_SHIFTS)
    assert round(sum(s["value"] for s in shifts), 4) == 0, shifts
