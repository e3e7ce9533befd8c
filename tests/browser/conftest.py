"""Shared fixtures for testing the built site as a reader gets it, in a real browser.

- `real_public` / `fixture_public_site`: the real content/ and the fixture site, each built once per
  session by `python build.py` into a tmp dir (with --today fixed, so the output is stable);
- `real_site` / `fixture_site`: those trees served by `python -m http.server` on 127.0.0.1;
- `browser`: Debian's Chromium driven by Playwright (never a downloaded browser); it skips when
  Chromium is missing, except in CI (CI=true), where a missing browser is a failure;
- `tab`: a fresh browser tab that records console errors, page errors and failed requests.
Every test under tests/browser/ can use them; the helpers behind them are in browserkit.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browserkit import (
    FIXTURE_CONTENT,
    REAL_CONTENT,
    ServedSite,
    Tab,
    build_site,
    start_server,
)


@pytest.fixture(scope="session")
def real_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content/ of the repository, built once."""
    return build_site(REAL_CONTENT, tmp_path_factory.mktemp("real-site") / "public")


@pytest.fixture(scope="session")
def fixture_public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site (tests/fixtures/site), built once; small pages, so it paginates."""
    return build_site(FIXTURE_CONTENT, tmp_path_factory.mktemp("fixture-site") / "public")


def _served(name: str, root: Path) -> Iterator[ServedSite]:
    site, proc = start_server(name, root)
    yield site
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def real_site(real_public: Path) -> Iterator[ServedSite]:
    yield from _served("echt", real_public)


@pytest.fixture(scope="session")
def fixture_site(fixture_public_site: Path) -> Iterator[ServedSite]:
    yield from _served("fixture", fixture_public_site)


@pytest.fixture(scope="session")
def browser(chromium_browser: Any) -> Any:
    return chromium_browser


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = Tab(context.new_page())
    tab.watch()
    try:
        yield tab
    finally:
        context.close()
