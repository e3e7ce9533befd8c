"""The same content gives byte-identical output on every machine: whatever the time zone,
locale, hash seed, the order the file system lists files in, or the clock. The build's day
is only ever the explicit --today."""

from __future__ import annotations

import ast
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kit import REPO, build, build_args, build_subprocess, copy_fixture, need, run_subprocess, snapshot, write


@pytest.fixture
def rich_content(tmp_path: Path) -> Path:
    """The fixture site plus what this issue added: scheduled and expiring articles, an event
    still to come, aliases, a keyword with accents and capitals, names that sort differently
    by locale."""
    content = copy_fixture(tmp_path)
    write(content / "actueel" / "gepland.md",
          "---\ntitle: Gepland\ndate: 2026-11-01\npublish_date: 2026-12-01T09:00:00+01:00\n"
          "aliases: [/oud/gepland/]\n---\nLater.\n")
    write(content / "actueel" / "verloopt.md",
          "---\ntitle: Één & ander\ndate: 2026-10-01\nexpiry_date: 2027-02-01\nkeywords: [Zeggenschap, "
          "Ééndracht, éénheid, Apotheek, apotheek]\naliases: [/?p=42, /oud/verloopt/]\n---\nTekst.\n")
    write(content / "bijeenkomsten" / "straks.md",
          "---\ntitle: Straks\ndate: 2026-11-01\nstart: 2026-12-03T19:30:00+01:00\n"
          "end: 2026-12-03T21:00:00+01:00\nlocation: Utrecht\n---\nKom ook.\n")
    for name in ("zz-laatste", "aa-eerste", "Ä-umlaut-bestand"):
        write(content / "praktijkvoorbeelden" / f"{name}.md",
              f"---\ntitle: {name}\ndate: 2025-05-05\nslug: {name.lower().replace('ä', 'a')}\n---\nx\n")
    return content


ENVIRONMENTS = [
    {"TZ": "UTC", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "0"},
    {"TZ": "America/St_Johns", "LC_ALL": "C.UTF-8", "LANG": "nl_NL.UTF-8", "PYTHONHASHSEED": "12345"},
    {"TZ": "Pacific/Kiritimati", "LC_ALL": "POSIX", "LANG": "en_US.UTF-8", "PYTHONHASHSEED": "random"},
]


def test_time_zone_locale_and_hash_seed_change_nothing(rich_content: Path, tmp_path: Path) -> None:
    results = []
    for i, env in enumerate(ENVIRONMENTS):
        out = tmp_path / f"out{i}"
        result = build_subprocess(rich_content, out, "--quiet", env=env, cwd=tmp_path)
        assert result.code == 0, result.err
        results.append(snapshot(out))
    assert results[0] == results[1] == results[2]
    assert "_redirects" in results[0] and "schedule.json" in results[0]


def test_the_clock_changes_nothing(rich_content: Path, tmp_path: Path) -> None:
    faketime = shutil.which("faketime")
    need(faketime is not None, "faketime ontbreekt (Debian: faketime)")
    assert build_subprocess(rich_content, tmp_path / "now").code == 0
    for moment in ("2031-06-01 12:00:00", "2019-03-31 01:59:59"):
        out = tmp_path / moment[:4]
        result = run_subprocess(*build_args(rich_content, out, "--quiet"), wrapper=[str(faketime), moment],
                                cwd=tmp_path)
        assert result.code == 0, result.err
        assert snapshot(out) == snapshot(tmp_path / "now")
    # …and the clock is what --today falls back to: without it, the false day is the build's day
    result = run_subprocess("build", "--content", rich_content, "--out", tmp_path / "clock", "--quiet",
                            wrapper=[str(faketime), "2031-06-01 12:00:00"], cwd=tmp_path)
    assert result.code == 0, result.err
    assert '"built_for": "2031-06-01"' in (tmp_path / "clock" / "schedule.json").read_text()


@pytest.fixture
def shuffled_listings(monkeypatch: pytest.MonkeyPatch) -> Iterator[random.Random]:
    """Every directory listing comes back in a random order, as on another file system."""
    rng = random.Random()
    real_listdir, real_scandir, real_iterdir = os.listdir, os.scandir, Path.iterdir

    def listdir(path: object = ".") -> list[str]:
        names = real_listdir(path)  # type: ignore[arg-type]
        rng.shuffle(names)
        return names

    class Scandir:
        def __init__(self, path: object = ".") -> None:
            with real_scandir(path) as it:  # type: ignore[arg-type]
                self.entries = list(it)
            rng.shuffle(self.entries)
            self.rest = iter(self.entries)

        def __iter__(self) -> Scandir:
            return self

        def __next__(self) -> os.DirEntry[str]:
            return next(self.rest)

        def __enter__(self) -> Scandir:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def close(self) -> None:
            pass

    def iterdir(self: Path) -> Iterator[Path]:
        entries = list(real_iterdir(self))
        rng.shuffle(entries)
        return iter(entries)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", Scandir)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    yield rng


def test_the_order_of_directory_listings_changes_nothing(
        rich_content: Path, tmp_path: Path, shuffled_listings: random.Random) -> None:
    # the shuffling is real: two listings of the same folder differ
    assert [os.listdir(rich_content / "actueel") for _ in range(5)].count(os.listdir(rich_content / "actueel")) < 5
    builds = []
    for seed in (1, 2, 3):
        shuffled_listings.seed(seed)
        out = tmp_path / f"out{seed}"
        run = build(rich_content, out)
        assert run.code == 0, run.err
        builds.append(snapshot(out))
    assert builds[0] == builds[1] == builds[2]


# The CLI's default day; stage timings; the dev server saying how long a rebuild took. The last two
# measure durations for the terminal and never reach a written file.
ALLOWED_CLOCK = {("core/dates.py", "today_in_amsterdam"), ("build/pipeline.py", "stage"), ("app/serve.py", "rebuild")}
CLOCK_CALLS = {"now", "today", "utcnow", "time", "time_ns", "localtime", "gmtime", "ctime", "strftime",
               "perf_counter", "monotonic", "getmtime", "fromtimestamp"}


class _ClockCalls(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module, self.function, self.found = module, "<module>", []  # type: ignore[var-annotated]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_CALLS \
                and (self.module, self.function) not in ALLOWED_CLOCK:
            self.found.append(f"{self.module}:{node.lineno} {self.function}() calls .{node.func.attr}()")
        self.generic_visit(node)


def test_no_module_reads_the_clock_except_the_default_build_day() -> None:
    found: list[str] = []
    package = REPO / "rvz_site"
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 40  # the walk really reaches the sub-packages
    for module in modules:
        visitor = _ClockCalls(module.relative_to(package).as_posix())
        visitor.visit(ast.parse(module.read_text(encoding="utf-8")))
        found += visitor.found
    assert found == [], "the build must take its day from --today only"
