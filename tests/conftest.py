"""Fixtures for every test folder (the helpers are in tests/kit.py).

- `fixture_public`: the fixture site (tests/fixtures/site), built once per run by the real command
  line for the kit's TODAY; for tests that only read it (copy it before changing anything);
- `chromium_browser`: one Chromium for the whole run. Playwright's sync API cannot start a second
  browser while a session-wide one is alive, so every folder shares this one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.kit import CHROMIUM, CHROMIUM_ARGS, FIXTURE_CONTENT, build, need


@pytest.fixture(scope="session")
def fixture_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-site") / "public"
    result = build(FIXTURE_CONTENT, out)
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    need(CHROMIUM.exists(), f"Chromium ontbreekt ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
