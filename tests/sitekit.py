"""Helpers for tests that write a small site inline and build it with the real command line."""

from __future__ import annotations

import contextlib
import io
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from rvz_site.app.cli import main

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "site" / "content"
TODAY = "2026-11-24"

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


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def build(content: Path, out: Path, *extra: str) -> Run:
    return run_cli("build", "--content", content, "--out", out, "--today", TODAY, *extra)


def make_site(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A valid minimal content folder at root/content, with `files` added or replaced."""
    content = root / "content"
    base: dict[str, str | bytes] = {
        "site.yaml": SITE_YAML,
        "themes.yaml": THEMES_YAML,
        "organisations.yaml": ORGANISATIONS_YAML,
        "actueel/een-goed-artikel.md": GOOD_ARTICLE,
    }
    base.update(files or {})
    for rel, data in base.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data) if data.startswith("\n") else data, encoding="utf-8")
    return content


def copy_fixture(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes: what 'left exactly as it was' is compared on."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# The web editor is built only where `npm ci` has fetched Decap (6 MB of someone else's code);
# tests/editor checks it, so the golden tree leaves it out and is the same on every machine.
# The search bundle is Pagefind's (700 KB, with its WebAssembly); tests/readers/test_search.py
# checks it and that two builds give the same bytes.
NOT_GOLDEN = ("admin/", "pagefind/")


def golden_snapshot(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(NOT_GOLDEN)}
