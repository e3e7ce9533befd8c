"""Old name of part of tests/kit.py, kept only while other branches still import it; use tests.kit."""

from __future__ import annotations

from pathlib import Path

from tests.kit import (  # noqa: F401
    FIXTURE_CONTENT,
    IN_CI,
    REAL_CONTENT,
    REPO,
    SCREENSHOTS,
    TEST_TOOLS,
    TODAY,
    Tab,
    build_subprocess,
    need,
)
from tests.kit import Served as ServedSite  # noqa: F401


def missing_tool(what: str) -> None:
    need(False, f"{what} is not installed")


def build_site(content: Path, out: Path) -> Path:
    result = build_subprocess(content, out)
    assert result.code == 0, result.out + result.err
    return out
