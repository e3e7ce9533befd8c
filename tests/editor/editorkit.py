"""Helpers the editors' tests import (conftest.py holds the fixtures; its module name is not unique)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def write(content: Path, rel: str, text: str) -> Path:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def need(condition: bool, why: str) -> None:
    """Skip on a laptop without the tool; in CI (CI=true) a missing tool is a failure."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI=true: this test must run)")
        pytest.skip(why)
