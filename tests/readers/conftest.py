"""Shared fixtures for the reader features: the fixture site plus a few files of our own
(tests/readers/extra/), built once per session by the real command line."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from rvz_site.cli import main

FIXTURE_CONTENT = Path(__file__).parent.parent / "fixtures" / "site" / "content"
EXTRA_CONTENT = Path(__file__).parent / "extra"
# Between the two fixture events: one is past, one upcoming.
TODAY = "2021-05-20"
BASE_URL = "https://www.radicalevernieuwing.nl"


def build(content: Path, out: Path, *extra: str, today: str = TODAY) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", "--content", str(content), "--out", str(out), "--today", today, *extra])
    return code, err.getvalue()


def make_content(root: Path) -> Path:
    """The fixture site with our extra articles, media and pages laid over it."""
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    shutil.copytree(EXTRA_CONTENT, content, dirs_exist_ok=True)
    return content


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
