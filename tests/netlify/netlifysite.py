"""Old name of part of tests/kit.py and tests/netlifyrules.py, kept only while other branches
still import it; use those."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from tests.browser.sitetree import html_pages as _html_pages
from tests.kit import (  # noqa: F401
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_CONTENT,
    REAL_CONTENT,
    REPO,
    TODAY,
    NetlifyLike,
    Served,
    build_args,
    cli_command,
    copy_fixture,
    make_site,
    snapshot,
    static_server,
    write,
)
from tests.kit import build as _build_in_process
from tests.kit import run_subprocess as _run_subprocess
from tests.netlifyrules import (  # noqa: F401
    RedirectRule,
    headers_for,
    netlify_config,
    pattern_regex,
    redirect_rules,
    target_file,
)

NetlifyLikeHandler = NetlifyLike


def run_cli(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    run = _run_subprocess(*args, env=env, cwd=cwd, timeout=timeout)
    return subprocess.CompletedProcess(cli_command(*args), run.code, run.out, run.err)


def build(content: Path, out: Path, *extra: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return run_cli(*build_args(content, out, "--quiet", *extra, today=today))


def build_in_process(content: Path, out: Path, today: str = TODAY) -> tuple[int, str]:
    run = _build_in_process(content, out, "--quiet", today=today)
    return run.code, run.err


def serve(public: Path) -> Iterator[Served]:
    with static_server(public, netlify=True) as served:
        yield served


def html_pages(public: Path) -> Sequence[str]:
    return _html_pages(public)


def minimal_site(root: Path, files: dict[str, bytes]) -> Path:
    return make_site(root, files)
