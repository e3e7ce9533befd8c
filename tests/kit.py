"""The one test kit: every test folder imports what it needs from here (`from tests.kit import ...`).

- where things are: `REPO`, `FIXTURE_CONTENT` (the golden fixture site) and its `GOLDEN_TREE`,
  `REAL_CONTENT`, and the one build day `TODAY` (a test that needs another day names its own
  constant and says why);
- `need()`: skip a test whose tool is missing on this machine, fail it in CI (CI=true);
- the command line run two ways, both giving a `Run`: `run_in_process()` calls `main()` in this
  process (fast, and monkeypatches reach it), `run_subprocess()` runs `python build.py` as Netlify
  and editors do; `build()` / `build_subprocess()` are those two with `build --today TODAY`;
  `cli_command()` is the argv for tests that start and stop the process themselves (`free_port()`);
- content to build: `make_site()` (a small valid site written inline), `copy_fixture()`, `write()`;
- `snapshot()`: a tree as {path: bytes}, what "byte for byte the same" and "left as it was" compare;
- a Netlify deploy as it starts: `fresh_checkout()` of the content, `cache_restored()` as the cache
  plugin puts it back, and no public/;
- `static_server()`: a built tree on 127.0.0.1 for as long as a `with` block lasts, plain or with
  Netlify's headers and redirects (tests/netlifyrules.py);
- Chromium: `CHROMIUM`, `CHROMIUM_ARGS` (the browser itself is the session fixture
  `chromium_browser` of tests/conftest.py) and `Tab`, a tab that records what went wrong.
The fixture site built once per run is the session fixture `fixture_public` of tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rvz_site.app.cli import main
from tests.netlifyrules import RedirectRule, headers_for, netlify_config, redirect_rules, target_file

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
# What the fixture site builds to, committed (the golden tree; tests/update_golden.py rewrites it).
GOLDEN_TREE = REPO / "tests" / "fixtures" / "expected"
FIXTURE_BASE_URL = "https://www.radicalevernieuwing.nl"  # base_url in its site.yaml
REAL_CONTENT = REPO / "content"
# The npm tools only the tests use (vnu-jar, axe-core): tests/tools/package.json, installed by tests/install.sh.
TEST_TOOLS = REPO / "tests" / "tools" / "node_modules"
# The day every build in the tests is made for: the output never depends on the clock.
TODAY = "2026-11-24"
TODAY_DATE = date.fromisoformat(TODAY)  # the same day, for tests that call the pipeline directly
IN_CI = os.environ.get("CI") == "true"


def need(condition: bool, what: str) -> None:
    """Skip when `condition` fails on this machine (a tool that is not installed); in CI, where
    tests/install.sh installs every tool, fail instead, so a test never silently stops running."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} (CI=true: tests/install.sh hoort dit te installeren; deze test moet draaien)")
    pytest.skip(what)


# ---- the command line ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """What one run of the command line gave: its exit code and what it printed."""

    code: int
    out: str
    err: str


def run_in_process(*args: str | Path) -> Run:
    """`main(args)` in this process, with its stdout and stderr caught. A usage mistake makes
    argparse raise SystemExit; that becomes the exit code the process would have had."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return Run(code, out.getvalue(), err.getvalue())


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, for a server this test starts in another process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli_command(*args: str | Path) -> list[str]:
    """The argv of `python build.py ARGS` of this checkout, for tests that start or stop it themselves."""
    return [sys.executable, str(REPO / "build.py"), *map(str, args)]


def run_subprocess(*args: str | Path, env: Mapping[str, str] | None = None, cwd: Path | None = None,
                   wrapper: Sequence[str | Path] = (), timeout: float = 300) -> Run:
    """`python build.py ARGS` in a new process, as Netlify and editors run it; `env` is added to this
    process's environment, `wrapper` goes before the command (e.g. `faketime MOMENT`)."""
    result = subprocess.run([*map(str, wrapper), *cli_command(*args)], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, cwd=cwd or REPO, timeout=timeout, check=False)
    return Run(result.returncode, result.stdout, result.stderr)


def build_args(content: Path, out: Path, *extra: str | Path, today: str = TODAY) -> list[str | Path]:
    return ["build", "--content", content, "--out", out, "--today", today, *extra]


def build(content: Path, out: Path, *extra: str | Path, today: str = TODAY) -> Run:
    """`build` of `content` into `out` for `today`, in this process."""
    return run_in_process(*build_args(content, out, *extra, today=today))


def build_subprocess(content: Path, out: Path, *extra: str | Path, today: str = TODAY,
                     env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Run:
    """`build` of `content` into `out` for `today`, by `python build.py` in a new process."""
    return run_subprocess(*build_args(content, out, *extra, today=today), env=env, cwd=cwd)


# ---- content to build ---------------------------------------------------------------------------

SITE_YAML = """\
title: Proefsite
description: Een kleine site voor tests.
base_url: https://proef.example.org
theme: rvz
per_page: 10
menu:
  - {title: Actueel, url: /actueel/}
contact:
  organisation: LOC
  email: proef@example.org
"""
THEMES_YAML = """\
- key: verbreden-beweging
  name: Beweging verbreden en verdiepen
  description: Groei.
- key: overig
  name: Overige onderwerpen
  description: De rest.
  children:
    - key: betrokkenen-zorgorganisaties
      name: Betrokkenen binnen zorgorganisaties
      description: Mensen.
"""
ORGANISATIONS_YAML = """\
- key: sensire
  name: Sensire
  place: Varsseveld
  role: Ambassadeur
- key: de-leyhoeve
  name: Woonlandschap De Leyhoeve
  place: Tilburg
  role: Ambassadeur
"""
GOOD_ARTICLE = """\
---
title: Een goed artikel
date: 2020-12-08
themes: [verbreden-beweging]
---
Tekst.
"""
SMALL_SITE: dict[str, str | bytes] = {
    "site.yaml": SITE_YAML,
    "themes.yaml": THEMES_YAML,
    "organisations.yaml": ORGANISATIONS_YAML,
    "actueel/een-goed-artikel.md": GOOD_ARTICLE,
}


def write(path: Path, data: str | bytes) -> Path:
    """Write a file, with its folders; text as UTF-8 exactly as given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def make_site(root: Path, files: Mapping[str, str | bytes] | None = None) -> Path:
    """A valid small content folder at root/content, with `files` added or replaced; text that starts
    with a newline is dedented, so a test can write its files as indented triple-quoted strings."""
    content = root / "content"
    for rel, data in {**SMALL_SITE, **(files or {})}.items():
        if isinstance(data, str) and data.startswith("\n"):
            data = textwrap.dedent(data)
        write(content / rel, data)
    return content


def copy_fixture(root: Path, *overlays: Path) -> Path:
    """A private, editable copy of the fixture site's content folder, at root/content, with the
    files of each overlay folder laid over it (added, or replacing the fixture's)."""
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for overlay in overlays:
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    return content


# ---- built trees --------------------------------------------------------------------------------

# The web editor is built only where `npm ci` has fetched Decap (6 MB of someone else's code);
# tests/editor checks it, so the golden tree leaves it out and is the same on every machine.
# The search bundle is Pagefind's (700 KB, with its WebAssembly); tests/readers/test_search.py
# checks it and that two builds give the same bytes.
NOT_GOLDEN = ("admin/", "pagefind/")


def snapshot(folder: Path, *, leave_out: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under folder (none if it does not exist) with its bytes, by POSIX path, except
    those whose path starts with one of `leave_out`."""
    if not folder.exists():
        return {}
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {name: p.read_bytes() for p in files
            if not (name := p.relative_to(folder).as_posix()).startswith(leave_out)}


def fresh_checkout(folder: Path) -> None:
    """As a Netlify build finds the repository: the same files at the same place, every one of them
    new (another inode, the time of the checkout)."""
    checked_out = folder.with_name(folder.name + "-git")
    folder.rename(checked_out)
    shutil.copytree(checked_out, folder, copy_function=shutil.copy)
    shutil.rmtree(checked_out)


def cache_restored(cache: Path) -> None:
    """The cache folder as Netlify's cache plugin puts it back: every file a copy with its times, no
    hard links between them (the pages the cache shared with public/ are its own files now)."""
    saved = cache.with_name(cache.name + "-saved")
    shutil.copytree(cache, saved, copy_function=shutil.copy2)
    shutil.rmtree(cache)
    saved.rename(cache)


# ---- a static server ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Served:
    """A tree being served: `base` is http://127.0.0.1:PORT."""

    root: Path
    base: str

    def url(self, path: str) -> str:
        return self.base + path


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """The files of one folder, as `python -m http.server` serves them, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                 ".xml": "application/xml", ".svg": "image/svg+xml", ".json": "application/json",
                 ".wasm": "application/wasm"}


class NetlifyLike(http.server.BaseHTTPRequestHandler):
    """A built site as Netlify serves it: pretty URLs, 404.html, the [[headers]] of netlify.toml by
    path pattern, and the redirects of public/_redirects and netlify.toml."""

    public: Path
    config: dict[str, Any]
    rules: list[RedirectRule]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        file = target_file(self.public, path)
        for rule in self.rules:
            if file is not None and not rule.forced:
                continue  # Netlify serves an existing file before an unforced redirect
            key = rule.source.rstrip("/") or "/"
            if (path.rstrip("/") or "/") == key and all(query.get(k) == v for k, v in rule.query.items()):
                self.send_response(rule.status)
                self.send_header("Location", rule.target)
                self.end_headers()
                return
        status = 200
        if file is None:
            status, file = 404, self.public / "404.html"
        data = file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPES.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers_for(path, self.config).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _handler(root: Path, netlify: bool) -> Any:
    if not netlify:
        return functools.partial(QuietFiles, directory=str(root))
    config = netlify_config()
    return type("Handler", (NetlifyLike,), {"public": root, "config": config,
                                            "rules": redirect_rules(root, config)})


@contextlib.contextmanager
def static_server(root: Path, *, netlify: bool = False) -> Iterator[Served]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread of this process until the block ends:
    as plain files, or with `netlify=True` with Netlify's headers, redirects and 404 page.
    A context manager, so the block runs exactly once, or the test fails."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, netlify))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---- Chromium -----------------------------------------------------------------------------------

# Debian's Chromium, never a browser Playwright downloads (tests/install.sh installs it).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Screenshots are kept for people to look at (CI keeps the folder as an artifact); gitignored.
SCREENSHOTS = Path(os.environ.get("RVZ_SCREENSHOTS", REPO / "test-artifacts" / "screenshots"))


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
