"""Every page of the built site, served with the headers of netlify.toml, loads in
Chromium without a single Content-Security-Policy violation and without a request to
another site."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from netlifysite import html_pages, serve

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
    for served in serve(fixture_public):
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
    for served in serve(public):
        violations, _, _, _ = Tab(chromium_browser, served.base).load(served.url("/kwaad/"))
    kinds = sorted({v.split(" ")[0] for v in violations})
    assert kinds == ["frame-src", "img-src", "script-src-elem", "style-src-attr", "style-src-elem"], violations
