"""What a build says while it runs: one line per stage in a log, live progress on a terminal,
nothing with --quiet, and never anything but JSON with --format json."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
from pathlib import Path

import pytest

from rvz_site.app.progress import STAGES, stage_line
from rvz_site.app.building import build_site
from rvz_site.build.pipeline import BuildOptions
from rvz_site.core.model import ARTICLE_SECTIONS, PAGES_SECTION
from tests.kit import (
    FIXTURE_CONTENT,
    REPO,
    TODAY,
    TODAY_DATE,
    build_args,
    cli_command,
    copy_fixture,
    make_site,
    run_in_process,
)

# The fixture's articles and pages: what "artikelen lezen" counts.
FIXTURE_SOURCES = sum(len(list((FIXTURE_CONTENT / section).glob("*.md")))
                      for section in (*ARTICLE_SECTIONS, PAGES_SECTION))
# A stage line: what it does, perhaps a count with its noun, and its own seconds in Dutch.
STAGE_LINE = re.compile(r"^(?P<label>\S.*?\S)\s{2,}(?:(?P<count>[\d.]+) (?P<unit>\S.*?)\s+)?(?P<seconds>\d+,\d\d) s$")


def with_decap(root: Path) -> None:
    """A stand-in Decap bundle beside the content folder, where the build looks first, so that a
    build on any machine has no warning about /admin/ (tests/editor checks the real one)."""
    dist = root / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist / "decap-cms.js").write_text("// stand-in\n")


def command(content: Path, out: Path, *extra: str) -> list[str]:
    return cli_command(*build_args(content, out, "--no-cache", "--jobs", "1", *extra))


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"}}
    env.update(PYTHONPATH=str(REPO), TERM="xterm-256color", COLUMNS="120", LINES="40")
    return env


def on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run `args` with stdout and stderr on a pseudo-terminal, as in a person's terminal window."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                               env=environment(), cwd=REPO)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            raise AssertionError("the build printed nothing for two minutes")
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal is closed: the build has ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", errors="replace")


def test_a_log_gets_one_line_per_stage_with_its_count_and_seconds(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    with_decap(tmp_path)
    run = subprocess.run(command(content, tmp_path / "public"), capture_output=True, text=True,
                         env=environment(), cwd=REPO, check=False, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    *stages, summary = run.stdout.splitlines()
    assert "\x1b" not in run.stdout  # no escape codes in a log
    parsed = [STAGE_LINE.match(line) for line in stages]
    assert all(parsed), stages
    by_label = {m["label"]: m for m in parsed if m}
    assert list(by_label) == ["instellingen en registers lezen", "bestanden zoeken", "artikelen lezen",
                              "site samenstellen", "links controleren", "foto's nakijken", "foto's verkleinen",
                              "pagina's maken",
                              "webeditor klaarzetten", "deelplaatjes tekenen", "zoekindex maken", "wegschrijven"]
    assert by_label["artikelen lezen"]["count"] == str(FIXTURE_SOURCES)
    assert by_label["artikelen lezen"]["unit"] == "artikelen"
    files = int(by_label["wegschrijven"]["count"])
    assert by_label["wegschrijven"]["unit"] == "bestanden"
    assert summary.endswith(f"gebouwd: {files} bestanden in {tmp_path / 'public'} "
                            f"({summary.rsplit('(', 1)[1]}")
    # the stages' own seconds add up to the total the summary gives (each rounded to 0.01 s)
    total = float(summary.rsplit("(", 1)[1].removesuffix(" s)").replace(",", "."))
    seconds = sum(float(m["seconds"].replace(",", ".")) for m in parsed if m)
    assert abs(total - seconds) <= 0.01 * len(parsed)


def test_a_terminal_shows_the_stage_its_count_and_its_time_live(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    with_decap(tmp_path)
    code, screen = on_a_terminal(command(content, tmp_path / "public"))
    assert code == 0, screen
    assert "\x1b[?25l" in screen  # rich hides the cursor while it draws
    assert "artikelen lezen" in screen and "pagina's maken" in screen
    for done in range(1, FIXTURE_SOURCES + 1):  # one piece at a time, with --jobs 1
        assert f"{done} van {FIXTURE_SOURCES} artikelen" in screen
    assert "0:00:0" in screen  # the stage's time
    # the live lines are wiped at the end: the stage table is only for --verbose
    assert not any(STAGE_LINE.match(line.strip("\r")) for line in screen.split("\n"))
    assert re.match(r"[\d.]+ artikel(en)? en [\d.]+ pagina('s)? gebouwd: ", screen.rstrip().splitlines()[-1].strip())


def test_verbose_keeps_every_stage_and_its_time_on_a_terminal(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    with_decap(tmp_path)
    code, screen = on_a_terminal(command(content, tmp_path / "public", "--verbose"))
    assert code == 0, screen
    kept = {m["label"] for line in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen))
            if (m := STAGE_LINE.match(line.strip()))}
    assert {"artikelen lezen", "pagina's maken", "wegschrijven", "zoekindex maken"} <= kept


def test_quiet_prints_nothing_when_the_build_succeeds(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    with_decap(tmp_path)
    run = subprocess.run(command(content, tmp_path / "public", "--quiet"), capture_output=True, text=True,
                         env=environment(), cwd=REPO, check=False, timeout=300)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
    code, screen = on_a_terminal(command(content, tmp_path / "public2", "--quiet"))
    assert (code, screen) == (0, "")


def test_quiet_still_shows_the_errors(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    (content / "actueel" / "leeg.md").write_text("")
    run = subprocess.run(command(content, tmp_path / "public", "--quiet"), capture_output=True, text=True,
                         env=environment(), cwd=REPO, check=False, timeout=300)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("fout: ") and "leeg.md:1:1" in run.stderr


def test_quiet_leaves_out_the_warnings_that_a_plain_build_shows(tmp_path: Path) -> None:
    """--quiet shows errors only: a warning (a style attribute) is printed without it, not with it."""
    content = copy_fixture(tmp_path)
    article = next((content / "actueel").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + '\n<p style="color: red">Rood.</p>\n',
                       encoding="utf-8")
    runs = {flag: subprocess.run(command(content, tmp_path / f"public{i}", *flag), capture_output=True,
                                 text=True, env=environment(), cwd=REPO, check=False, timeout=300)
            for i, flag in enumerate([(), ("--quiet",)])}
    plain, quiet = runs[()], runs[("--quiet",)]
    assert plain.returncode == quiet.returncode == 0, plain.stderr + quiet.stderr
    assert "waarschuwing: " in plain.stderr and article.name in plain.stderr
    assert quiet.stdout == "" and quiet.stderr == ""


def test_check_as_json_is_only_json_even_on_a_terminal(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    code, screen = on_a_terminal(cli_command("check", "--content", content, "--today", TODAY, "--format", "json"))
    assert code == 0, screen
    assert "\x1b" not in screen
    assert json.loads(screen)["errors"] == 0
    piped = run_in_process("check", "--content", content, "--today", TODAY, "--format", "json")
    assert json.loads(piped.out)["errors"] == 0 and piped.err == ""


def test_quiet_and_verbose_together_is_wrong_usage() -> None:
    assert run_in_process("build", "--quiet", "--verbose").code == 2


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, ...]] = []

    def started(self, stage: str) -> None:
        self.events.append(("started", stage))

    def advanced(self, stage: str, done: int, total: int) -> None:
        self.events.append(("advanced", stage, str(done), str(total)))

    def finished(self, stage: str, count: int | None, seconds: float) -> None:
        assert seconds >= 0
        self.events.append(("finished", stage, str(count)))

    def noted(self, text: str) -> None:
        self.events.append(("noted", text))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_build_tells_its_listener_every_stage_in_order(tmp_path: Path, jobs: int) -> None:
    content = copy_fixture(tmp_path)
    recorder = Recorder()
    report = build_site(BuildOptions(content, tmp_path / "public", TODAY_DATE, jobs=jobs,
                                     cache_dir=tmp_path / "cache", listener=recorder))
    started = [e[1] for e in recorder.events if e[0] == "started"]
    finished = [e[1] for e in recorder.events if e[0] == "finished"]
    assert started == ["up to date", "config", "discover", "parse", "assemble", "links", "images", "photos",
                       "render", "admin",
                       "social images", "write", "search"]
    assert sorted(finished) == sorted(started)  # search ends inside write
    assert set(report.timings) == set(started)
    assert ("finished", "parse", str(FIXTURE_SOURCES)) in recorder.events
    parse_steps = [e for e in recorder.events if e[:2] == ("advanced", "parse")]
    assert parse_steps[-1][2:] == (str(FIXTURE_SOURCES), str(FIXTURE_SOURCES))
    # every stage the pipeline has is told in Dutch, not by its English name
    assert set(started) <= set(STAGES)


def test_a_stage_line_reads_in_dutch() -> None:
    assert stage_line("parse", 10_000, 12.5) == (
        "artikelen lezen                             10.000 artikelen    12,50 s")
    assert STAGE_LINE.match(stage_line("links", None, 0.5))


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_work_tells_how_many_pieces_are_done(workers: int) -> None:
    from rvz_site.core.parallel import map_indices
    from rvz_site.core.progress import reporting_pieces

    told: list[tuple[int, int]] = []
    with reporting_pieces(lambda done, total: told.append((done, total))):
        results = map_indices(lambda indices: [i * i for i in indices], 500, workers)
    assert results == [i * i for i in range(500)]  # the same results, in order
    assert len(told) > 1 and told[-1] == (500, 500)
    assert [done for done, _ in told] == sorted({done for done, _ in told})  # rising, each once
    assert {total for _, total in told} == {500}
    told.clear()
    map_indices(lambda indices: list(indices), 500, workers)  # outside the block: nobody is told
    assert told == []


def test_the_summary_counts_one_article_and_one_page_in_the_singular(tmp_path: Path) -> None:
    content = make_site(tmp_path, {"pages/over-ons.md": "---\ntitle: Over ons\n---\nWie we zijn.\n"})
    with_decap(tmp_path)
    run = run_in_process(*build_args(content, tmp_path / "public"))
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1].startswith("1 artikel en 1 pagina gebouwd: ")
    run = run_in_process("check", "--content", content, "--today", TODAY)
    assert "Geen fouten gevonden in 1 artikel en 1 pagina (" in run.out
