"""Fixtures for testing the built site as a reader gets it, in a real browser.

- `real_public`: the real content/ of the repository, built once per session (the fixture site is
  the session's `fixture_public`, tests/conftest.py);
- `real_site` / `fixture_site`: those trees on the kit's static server, one each per session;
- `browser`: the session's Chromium (`chromium_browser`, tests/conftest.py);
- `tab`: a fresh browser tab that records console errors, page errors and failed requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.kit import REAL_CONTENT, Served, Tab, build_subprocess, static_server


@pytest.fixture(scope="session")
def real_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-site") / "public"
    result = build_subprocess(REAL_CONTENT, out)
    assert result.code == 0, result.out + result.err
    return out


@pytest.fixture(scope="session")
def real_site(real_public: Path) -> Iterator[Served]:
    with static_server(real_public) as served:
        yield served


@pytest.fixture(scope="session")
def fixture_site(fixture_public: Path) -> Iterator[Served]:
    with static_server(fixture_public) as served:
        yield served


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
