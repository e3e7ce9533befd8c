"""Fixtures for the reader features: the fixture site with our extra files, built once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from readerskit import build, make_content


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
