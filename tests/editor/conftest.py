"""Helpers for the editors' tests: a copy of the fixture site to change, and the real CLI."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
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


# ---- browser ---------------------------------------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def need(condition: bool, why: str) -> None:
    """Skip on a laptop without the tool; in CI (CI=true) a missing tool is a failure."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI=true: this test must run)")
        pytest.skip(why)


@pytest.fixture
def browser():
    # Per test, not per session: one thread can run only one sync Playwright, and other
    # test folders start their own.
    need(CHROMIUM.exists(), "Chromium ontbreekt: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a static server on 127.0.0.1 for that folder."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(folder: Path) -> str:
        port = _free_port()
        proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                 "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return f"http://127.0.0.1:{port}"
            time.sleep(0.05)
        raise RuntimeError("de testserver start niet")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=5)
