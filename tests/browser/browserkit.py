"""Shared helpers for testing the built site in a real browser (used by tests/browser/conftest.py
and by any other test folder that drives Chromium).

- `build_site()`: `python build.py` of this checkout into a folder, with --today fixed;
- `serve()`-style servers: `start_server()` runs `python -m http.server` on 127.0.0.1 on a free port;
- `Tab`: a tab that records console errors, script errors and failed requests.
The browser itself is the session fixture `chromium_browser` of tests/conftest.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# The npm tools only the tests use (vnu-jar, axe-core): tests/tools/package.json, installed by tests/install.sh.
TEST_TOOLS = REPO / "tests" / "tools" / "node_modules"
REAL_CONTENT = REPO / "content"
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
TODAY = "2026-11-24"
# Screenshots are kept for people to look at (CI keeps the folder as an artifact); gitignored.
SCREENSHOTS = Path(os.environ.get("RVZ_SCREENSHOTS", REPO / "test-artifacts" / "screenshots"))
IN_CI = os.environ.get("CI") == "true"


def missing_tool(what: str) -> None:
    """Skip a test whose tool is not installed here; in CI the tool must be there."""
    if IN_CI:
        pytest.fail(f"{what} ontbreekt; tests/install.sh hoort het te installeren")
    pytest.skip(f"{what} is not installed")


def build_site(content: Path, out: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "build.py", "--content", str(content), "--out", str(out), "--today", TODAY],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@dataclass(frozen=True)
class ServedSite:
    name: str
    root: Path
    base: str  # http://127.0.0.1:PORT

    def url(self, path: str) -> str:
        return self.base + path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("http.server stopped")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"http.server did not answer on {base}")


def start_server(name: str, root: Path) -> tuple[ServedSite, subprocess.Popen[bytes]]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc)
    except RuntimeError:
        proc.terminate()
        raise
    return ServedSite(name, root, base), proc


@dataclass
class Tab:
    """A browser tab that keeps what went wrong while pages loaded."""

    page: Any
    problems: list[str] = field(default_factory=list)

    def open(self, url: str) -> int:
        self.problems.clear()
        response = self.page.goto(url, wait_until="load")
        return int(response.status) if response else 0

    def watch(self) -> None:
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        self.page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                     if r.status >= 400 else None)
