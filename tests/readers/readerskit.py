"""Helpers for the reader-feature tests: the fixture site plus a few files of our own
(tests/readers/extra/), built by the real command line; Chromium and a server like Netlify's."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from pathlib import Path

from rvz_site.app.cli import main

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



# The Netlify tests' server sends netlify.toml's headers (its Content-Security-Policy too).
NETLIFY_TESTS = Path(__file__).parent.parent / "netlify"
sys.path.insert(0, str(NETLIFY_TESTS))
from netlifysite import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

__all__ = ["BASE_URL", "CHROMIUM", "CHROMIUM_ARGS", "NETLIFY_TESTS", "TODAY", "build", "make_content",
           "serve"]
