"""Old name of part of tests/kit.py, kept only while other branches still import it; use tests.kit."""

from __future__ import annotations

from pathlib import Path

from tests.kit import need  # noqa: F401
from tests.kit import write as write_file


def write(content: Path, rel: str, text: str) -> Path:
    return write_file(content / rel, text)
