"""Old name of part of tests/kit.py, kept only while other branches still import it; use tests.kit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tests.kit import CHROMIUM, CHROMIUM_ARGS, FIXTURE_CONTENT, Served, copy_fixture, static_server  # noqa: F401
from tests.kit import FIXTURE_BASE_URL as BASE_URL  # noqa: F401
from tests.kit import build as _build

EXTRA_CONTENT = Path(__file__).parent / "extra"
TODAY = "2021-05-20"


def build(content: Path, out: Path, *extra: str, today: str = TODAY) -> tuple[int, str]:
    run = _build(content, out, *extra, today=today)
    return run.code, run.err


def make_content(root: Path) -> Path:
    return copy_fixture(root, EXTRA_CONTENT)


def serve(public: Path) -> Iterator[Served]:
    with static_server(public, netlify=True) as served:
        yield served
