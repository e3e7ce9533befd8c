"""Fixtures for the reader features: the fixture site with our extra files, built once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from readerskit import CHROMIUM, CHROMIUM_ARGS, build, make_content


@pytest.fixture(scope="session")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_content(tmp_path_factory.mktemp("readers-src"))


@pytest.fixture(scope="session")
def public(content_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("readers-out") / "public"
    code, err = build(content_dir, out)
    assert code == 0, err
    return out


@pytest.fixture
def fresh_content(tmp_path: Path) -> Path:
    """A private copy for tests that edit content and build again."""
    return make_content(tmp_path)


@pytest.fixture
def rebuild(tmp_path: Path) -> Callable[[Path, str], Path]:
    def run(content: Path, name: str = "public") -> Path:
        out = tmp_path / name
        code, err = build(content, out)
        assert code == 0, err
        return out
    return run


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
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
