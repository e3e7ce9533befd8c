"""How Netlify answers a path of a built site, read from netlify.toml and public/_redirects:
which headers it sends, which redirect applies, which file it serves. Pure functions; the
Netlify-like server of tests/kit.py and the tests of tests/netlify/ use them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"


def netlify_config() -> dict[str, Any]:
    with NETLIFY_TOML.open("rb") as f:
        return tomllib.load(f)


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
