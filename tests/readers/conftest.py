"""Fixtures for the reader features: the fixture site with a few files of our own
(tests/readers/extra/) laid over it, built once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.kit import build, copy_fixture

EXTRA_CONTENT = Path(__file__).parent / "extra"
# Not the kit's TODAY: this site is built on a day between its two fixture events, so one is past
# and one is still to come, and test_events.py can check both lists (TODAY is after both).
BETWEEN_THE_EVENTS = "2021-05-20"


@pytest.fixture(scope="session")
def build_day() -> str:
    """The day the readers' site is built for: BETWEEN_THE_EVENTS."""
    return BETWEEN_THE_EVENTS


@pytest.fixture(scope="session")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture(tmp_path_factory.mktemp("readers-src"), EXTRA_CONTENT)


@pytest.fixture(scope="session")
def public(content_dir: Path, build_day: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("readers-out") / "public"
    result = build(content_dir, out, today=build_day)
    assert result.code == 0, result.err
    return out


@pytest.fixture
def fresh_content(tmp_path: Path) -> Path:
    """A private copy for tests that edit content and build again."""
    return copy_fixture(tmp_path, EXTRA_CONTENT)


@pytest.fixture
def rebuild(tmp_path: Path, build_day: str) -> Callable[..., Path]:
    def run(content: Path, name: str = "public") -> Path:
        out = tmp_path / name
        result = build(content, out, today=build_day)
        assert result.code == 0, result.err
        return out
    return run
