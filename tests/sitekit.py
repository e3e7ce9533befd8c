"""Old name of tests/kit.py, kept only while other branches still import it; use tests.kit."""

from __future__ import annotations

from pathlib import Path

from tests.kit import (  # noqa: F401
    FIXTURE_CONTENT,
    GOOD_ARTICLE,
    NOT_GOLDEN,
    ORGANISATIONS_YAML,
    SITE_YAML,
    THEMES_YAML,
    TODAY,
    Run,
    build,
    copy_fixture,
    make_site,
    snapshot,
)
from tests.kit import run_in_process as run_cli  # noqa: F401


def golden_snapshot(folder: Path) -> dict[str, bytes]:
    return snapshot(folder, leave_out=NOT_GOLDEN)
