"""Every page of the built site, served with the headers of netlify.toml, loads in
Chromium without a single Content-Security-Policy violation and without a request to
another site."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.sitetree import html_pages
from tests.kit import build_subprocess, copy_fixture, need, static_server, write
from tests.netlifyrules import headers_for, target_file

pytestmark = pytest.mark.browser
# Opened on localhost, Decap (/admin/, local_backend: true) first asks decap-server on the
# editor's own machine; on the real site it never does.
LOCAL_BACKEND = "http://localhost:8081/api/v1"

# Runs before any script of the page: records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on line ${e.lineNumber}`);
});
"""


class Tab:
    """One browser tab that records, per page it opens, what the policy blocked."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text)
                     if "Content Security Policy" in m.text else None)
        self.page.on("request", lambda r: self.foreign.append(r.url)
                     if not r.url.startswith(origin + "/") else None)

    def load(self, url: str) -> tuple[list[str], list[str], list[str], int]:
        """Open `url`; return the CSP violations, CSP console messages, foreign requests, status."""
        self.console.clear()
        self.foreign.clear()
        response = self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(50)  # violations are reported asynchronously
        violations = self.page.evaluate("window.__violations")
        return violations, list(self.console), list(self.foreign), response.status if response else 0


def test_every_page_loads_under_the_csp_without_violations(chromium_browser: Any, fixture_public: Path) -> None:
    pages = html_pages(fixture_public)
    assert "/actueel/vernieuwingsbeweging-wordt-steeds-sterker/" in pages  # has an aligned table
    assert len(pages) > 25
    with static_server(fixture_public, netlify=True) as served:
        tab = Tab(chromium_browser, served.base)
        for path in pages:
            violations, console, foreign, status = tab.load(served.url(path))
            assert status == 200, path
            assert violations == [], (path, violations)
            assert console == [], (path, console)
            assert [u for u in foreign if (path, u) != ("/admin/", LOCAL_BACKEND)] == [], (path, foreign)
        # an unknown address shows the 404 page under the same policy
        violations, console, _, status = tab.load(served.url("/bestaat-niet/"))
        assert (status, violations, console) == (404, [], [])


def test_the_policy_really_blocks_what_editors_must_not_add(
        chromium_browser: Any, fixture_public: Path, tmp_path: Path) -> None:
    """The same harness sees a violation for each thing the policy exists to stop."""
    public = tmp_path / "public"
    shutil.copytree(fixture_public, public)
    (public / "kwaad").mkdir()
    (public / "kwaad" / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><title>x</title>'
        '<style>body{color:red}</style></head><body>'
        '<script>document.title = "inline"</script>'
        '<p style="color: red">rood</p>'
        '<img src="https://elders.example/spoor.png" alt="">'
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
        '</body></html>', encoding="utf-8")
    with static_server(public, netlify=True) as served:
        violations, _, _, _ = Tab(chromium_browser, served.base).load(served.url("/kwaad/"))
    kinds = sorted({v.split(" ")[0] for v in violations})
    assert kinds == ["frame-src", "img-src", "script-src-elem", "style-src-attr", "style-src-elem"], violations


SITE_ORIGIN = "https://www.radicalevernieuwing.nl"


def test_the_web_editor_starts_under_its_own_policy(chromium_browser: Any, fixture_public: Path) -> None:
    """Decap CMS at /admin/ under the /admin/* policy of netlify.toml, served as from the real
    host name (on localhost Decap would try its local proxy instead)."""
    need((fixture_public / "admin" / "decap-cms.js").is_file(), "node_modules/decap-cms is not installed (npm ci)")
    context = chromium_browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    types = {".html": "text/html", ".js": "text/javascript", ".yml": "text/yaml", ".css": "text/css",
             ".wasm": "application/wasm", ".svg": "image/svg+xml"}

    def from_public(route: Any) -> None:
        path = urlsplit(route.request.url).path
        file = target_file(fixture_public, path)
        if file is None:
            route.fulfill(status=404, body="niet gevonden")
            return
        route.fulfill(status=200, body=file.read_bytes(),
                      headers={"Content-Type": types.get(file.suffix, "application/octet-stream"),
                               **headers_for(path)})

    context.route(f"{SITE_ORIGIN}/**", from_public)
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(SITE_ORIGIN + "/") else None)
    page.goto(f"{SITE_ORIGIN}/admin/")
    page.get_by_role("button", name="Inloggen").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__violations") == []
    assert foreign == []
    context.close()


def test_videos_and_e_zines_load_only_after_a_click_and_the_policy_allows_them(
        chromium_browser: Any, tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write(content / "actueel" / "met-video.md",
          "---\ntitle: Met video\ndate: 2020-01-01\n---\nKijk:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
          "https://vimeo.com/76979871\n\nhttps://issuu.com/loc/docs/zicht-op-vernieuwing\n")
    out = tmp_path / "public"
    result = build_subprocess(content, out)
    assert result.code == 0, result.err
    with static_server(out, netlify=True) as served:
        tab = Tab(chromium_browser, served.base)
        violations, console, foreign, _ = tab.load(served.url("/actueel/met-video/"))
        assert (violations, console, foreign) == ([], [], [])  # nothing from elsewhere before a click
        buttons = tab.page.locator(".embed-play")
        assert buttons.count() == 3
        buttons.first.wait_for(state="visible")  # js/video.js shows them once it listens for the click
        # The first player gets a real pointer click. It takes the focus, and when its document
        # arrives the browser scrolls it into view once more, at a moment no test can wait for; a
        # pointer click given then lands inside that player (the third click was lost in half the
        # runs). So the other two get their click event on the button itself. A locator waits in
        # Playwright's own script world; wait_for_function would evaluate a string in the page,
        # which the policy (rightly) refuses whenever it has to poll.
        buttons.first.click()
        tab.page.locator("iframe").first.wait_for(state="attached", timeout=10_000)
        for clicked in (1, 2):
            buttons.first.dispatch_event("click")
            tab.page.locator("iframe").nth(clicked).wait_for(state="attached", timeout=10_000)
        assert tab.page.locator("iframe").count() == 3
        tab.page.wait_for_timeout(300)
        frames = sorted(urlsplit(src).netloc for src in tab.page.eval_on_selector_all(
            "iframe", "frames => frames.map(f => f.src)"))
        assert frames == ["e.issuu.com", "player.vimeo.com", "www.youtube-nocookie.com"]
        assert tab.page.evaluate("window.__violations") == []
        assert not [m for m in tab.console if "Content Security Policy" in m]


def test_search_runs_under_the_policy(chromium_browser: Any, fixture_public: Path) -> None:
    """Pagefind compiles WebAssembly and starts a worker: the site policy must allow both."""
    assert (fixture_public / "pagefind" / "pagefind.js").is_file()
    with static_server(fixture_public, netlify=True) as served:
        tab = Tab(chromium_browser, served.base)
        violations, _, foreign, status = tab.load(served.url("/zoeken/"))
        assert (violations, foreign, status) == ([], [], 200)
        tab.page.locator(".pagefind-ui__search-input").fill("beweging")
        tab.page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15_000)
        tab.page.wait_for_timeout(300)
        assert tab.page.evaluate("window.__violations") == []
        assert not [m for m in tab.console if "Content Security Policy" in m]
        assert tab.foreign == []
