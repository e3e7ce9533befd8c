"""Helpers for the editors' tests: a copy of the fixture site to change, and the real CLI."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from rvz_site.cli import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture site's content folder (named `content`, like the real one)."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def run(*argv: str) -> Run:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def write(content: Path, rel: str, text: str) -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
