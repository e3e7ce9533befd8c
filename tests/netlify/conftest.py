"""Fixtures for the Netlify tests: the fixture site built once (Chromium: tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from netlifysite import FIXTURE_CONTENT, build


@pytest.fixture(scope="session")
def fixture_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once by the real CLI."""
    out = tmp_path_factory.mktemp("fixture-build") / "public"
    result = build(FIXTURE_CONTENT, out)
    assert result.returncode == 0, result.stderr
    return out
