"""Fixtures for the editors' tests: a copy of the fixture site to change, and a static server."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.kit import copy_fixture, static_server


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture site's content folder (named `content`, like the real one)."""
    return copy_fixture(tmp_path)


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """serve(folder) -> base URL of the kit's static server for that folder, until the test ends."""
    with contextlib.ExitStack() as servers:
        yield lambda folder: servers.enter_context(static_server(folder)).base
