"""Fixtures for the Netlify tests: the fixture site built once, and Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netlifysite import CHROMIUM, CHROMIUM_ARGS, FIXTURE_CONTENT, build


@pytest.fixture(scope="session")
def fixture_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once by the real CLI."""
    out = tmp_path_factory.mktemp("fixture-build") / "public"
    result = build(FIXTURE_CONTENT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium ontbreekt (/usr/bin/chromium); tests/install.sh installeert het")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
