"""Helpers for the editors' tests: a copy of the fixture site to change, and the real CLI."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from rvz_site.app.cli import main

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


# ---- browser (Chromium itself is the session's `chromium_browser`, tests/conftest.py) ------------
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
