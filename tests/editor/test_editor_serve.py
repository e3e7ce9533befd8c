"""The preview server in a real browser: an editor saves, breaks and fixes an article and sees each at once.

`rvz-site serve` runs as editors start it; Chromium keeps one page open and is never told to reload:
the page must reload itself after each save.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.kit import TODAY, build, cli_command, free_port


@pytest.fixture
def preview(content: Path, tmp_path: Path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(cli_command("serve", "--content", content, "--port", str(port), "--today", TODAY,
                                        "--jobs", "1"), stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.mark.browser
def test_saved_article_shows_broken_shows_error_fixed_comes_back(chromium_browser, preview, content, tmp_path):
    article = content / "actueel" / "toekomst.md"
    original = article.read_text(encoding="utf-8")
    context = chromium_browser.new_context()
    page = context.new_page()
    # A future article: the preview shows what editors are working on, before it is published.
    page.goto(f"{preview}/actueel/toekomst/")
    heading = page.locator("main h1").first
    old_title = heading.inner_text()
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=15000)

    article.write_text(re.sub(r"^title: .*$", "title: Een titel die net is opgeslagen", original,
                              count=1, flags=re.M), encoding="utf-8")
    page.wait_for_function("() => document.querySelector('main h1')?.innerText.includes('net is opgeslagen')",
                           timeout=15000)
    assert old_title != heading.inner_text()

    broken = re.sub(r"^title: .*$", "titel: vergeten", original, count=1, flags=re.M)
    article.write_text(broken, encoding="utf-8")
    page.wait_for_selector("#fouten", timeout=15000)
    shown = page.locator("#fouten").inner_text()
    built = build(content, tmp_path / "public", "--drafts", "--future")
    assert built.code == 1
    assert shown.strip() == built.err.strip()  # the same words as on the command line
    assert "`title`" in shown and "toekomst.md:2" in shown
    other = context.new_page()
    other.goto(f"{preview}/")  # every page shows the error while it lasts
    assert other.locator("#fouten").inner_text() == shown

    article.write_text(original, encoding="utf-8")
    page.wait_for_function(f"() => document.querySelector('main h1')?.innerText === {old_title!r}",
                           timeout=15000)
    assert page.locator("#fouten").count() == 0
    context.close()
