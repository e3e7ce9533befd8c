"""The package is typed (mypy --strict) and lint-clean (ruff): both are part of the contract of a change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_mypy_strict_passes_on_the_package() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "rvz_site"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_passes_on_the_package() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "rvz_site", "build.py"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
