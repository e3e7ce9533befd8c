"""Helpers for the Netlify tests: the real CLI, netlify.toml, and a small server that
serves a built site the way Netlify does (pretty URLs, 404.html, the [[headers]] of
netlify.toml by path pattern, redirects from netlify.toml and public/_redirects).
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
REAL_CONTENT = REPO / "content"
TODAY = "2026-11-24"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def netlify_config() -> dict[str, Any]:
    with (REPO / "netlify.toml").open("rb") as f:
        return tomllib.load(f)


def run_cli(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` of this checkout, as Netlify and editors run it."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)],
                          capture_output=True, text=True, env=full_env, cwd=cwd or REPO,
                          timeout=timeout)


def build(content: Path, out: Path, *extra: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--content", content, "--out", out, "--today", today, "--quiet", *extra)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes: what 'byte for byte the same tree' compares."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_fixture(dest: Path) -> Path:
    """A private, editable copy of the fixture site's content folder."""
    content = dest / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- Netlify's matching rules ------------------------------------------------------------

def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A Netlify path pattern: `*` matches anything (slashes too), `:name` one segment."""
    out = ""
    for token in re.split(r"(\*|:[A-Za-z_]+)", pattern):
        if token == "*":
            out += ".*"
        elif token.startswith(":"):
            out += "[^/]+"
        else:
            out += re.escape(token)
    return re.compile(f"^{out}$")


def headers_for(path: str, config: dict[str, Any] | None = None) -> dict[str, str]:
    """The headers Netlify sends for `path`: every matching rule, a later one replacing an
    earlier one's value for the same header (as netlify-cli's headersForPath does)."""
    config = config or netlify_config()
    result: dict[str, str] = {}
    for rule in config.get("headers", []):
        if pattern_regex(rule["for"]).match(path):
            result.update(rule["values"])
    return result


@dataclass(frozen=True)
class RedirectRule:
    source: str
    query: dict[str, str]
    target: str
    status: int
    forced: bool = False  # `301!`: applies even where a file exists


def redirect_rules(public: Path, config: dict[str, Any] | None = None) -> list[RedirectRule]:
    """public/_redirects first, then netlify.toml's [[redirects]], as Netlify reads them."""
    rules: list[RedirectRule] = []
    redirects_file = public / "_redirects"
    if redirects_file.exists():
        for line in redirects_file.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split()
            source, rest = parts[0], parts[1:]
            query = dict(p.split("=", 1) for p in rest if "=" in p and not p.startswith("/"))
            rest = [p for p in rest if not ("=" in p and not p.startswith("/"))]
            rules.append(RedirectRule(source, query, rest[0], int(rest[1].rstrip("!")),
                                      rest[1].endswith("!")))
    for rule in (config or netlify_config()).get("redirects", []):
        rules.append(RedirectRule(rule["from"], {}, rule["to"], int(rule.get("status", 301)),
                                  bool(rule.get("force", False))))
    return rules


def target_file(public: Path, url_path: str) -> Path | None:
    """The file Netlify serves for a URL path, or None (then it serves 404.html)."""
    rel = unquote(url_path).lstrip("/")
    candidate = public / rel
    if candidate.is_dir():
        candidate = candidate / "index.html"
    elif not candidate.exists() and (public / rel / "index.html").exists():
        candidate = public / rel / "index.html"
    try:
        candidate.resolve().relative_to(public.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


class NetlifyLikeHandler(http.server.BaseHTTPRequestHandler):
    public: Path
    config: dict[str, Any]
    rules: list[RedirectRule]

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
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
        types = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                 ".xml": "application/xml", ".svg": "image/svg+xml", ".json": "application/json",
                 ".wasm": "application/wasm"}
        self.send_header("Content-Type", types.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers_for(path, self.config).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


@dataclass
class Served:
    public: Path
    base: str

    def url(self, path: str) -> str:
        return self.base + path


def serve(public: Path) -> Iterator[Served]:
    config = netlify_config()
    handler = type("Handler", (NetlifyLikeHandler,), {
        "public": public, "config": config, "rules": redirect_rules(public, config)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(public, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()



def html_pages(public: Path) -> Sequence[str]:
    """The URL path of every HTML page of a built site."""
    paths = []
    for file in sorted(public.rglob("*.html")):
        rel = file.relative_to(public).as_posix()
        paths.append("/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel)
    return paths


# ---- a minimal site for fuzzing -----------------------------------------------------------

MINIMAL_SITE = {
    "site.yaml": ("title: Proefsite\ndescription: Proef.\nbase_url: https://proef.example.org\n"
                  "theme: rvz\nper_page: 10\nmenu:\n  - {title: Actueel, url: /actueel/}\n"
                  "contact:\n  organisation: LOC\n  email: proef@example.org\n"),
    "themes.yaml": "- key: overig\n  name: Overig\n  description: De rest.\n",
    "organisations.yaml": "- key: sensire\n  name: Sensire\n  place: Varsseveld\n  role: Ambassadeur\n",
}


def minimal_site(root: Path, files: dict[str, bytes]) -> Path:
    content = root / "content"
    for rel, text in MINIMAL_SITE.items():
        write(content / rel, text)
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


def build_in_process(content: Path, out: Path, today: str = TODAY) -> tuple[int, str]:
    """The command line's main(), in this process: exit code and everything it printed to stderr."""
    import contextlib
    import io

    from rvz_site.app.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--content", str(content), "--out", str(out), "--today", today, "--quiet"])
    return code, err.getvalue()
