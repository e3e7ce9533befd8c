"""What a person sees while a build runs: live progress on a terminal, one line per stage in a log.

Owns the two views of core.progress.StageListener and the choice between them:
- on a terminal (a TTY that can move its cursor), a live line drawn by `rich`: the stage, how many
  of its pieces are done ("4.210 van 10.000 artikelen") and its time; it is wiped when the build
  ends, so only the summary stays (with `verbose`, each finished stage's line stays as well);
- in a log (Netlify, CI, a file: no TTY), one line per finished stage with its count and seconds,
  as Hugo prints its table, written at once so a long build is seen moving.
Prints nothing itself about errors (cli.py does, after the view has stopped) and never writes
into the site. Everything it says is Dutch.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import TaskID

# The pipeline's stage names, with what a person is told each one does and what it counts.
STAGES: dict[str, tuple[str, str]] = {
    "up to date": ("vergelijken met de vorige build", ""),
    "output intact": ("uitvoermap nakijken", ""),
    "one article": ("snelle weg voor één gewijzigd artikel", ""),
    "config": ("instellingen en registers lezen", ""),
    "discover": ("bestanden zoeken", "bestanden"),
    "parse": ("artikelen lezen", "artikelen"),
    "assemble": ("site samenstellen", "artikelen en pagina's"),
    "links": ("links controleren", ""),
    "images": ("foto's nakijken", "foto's"),
    "photos": ("foto's verkleinen", "foto's"),
    "render": ("pagina's maken", "bestanden"),
    "admin": ("webeditor klaarzetten", "bestanden"),
    "social images": ("deelplaatjes tekenen", "plaatjes"),
    "search": ("zoekindex maken", ""),
    "write": ("wegschrijven", "bestanden"),
}
LABEL_WIDTH, COUNT_WIDTH = 32, 28
TICK_SECONDS = 0.25  # how often the terminal's clock moves while a stage is silent


def describe(stage: str) -> tuple[str, str]:
    """What a stage does and what it counts, in Dutch; a stage this table does not know by its own name."""
    return STAGES.get(stage, (stage, ""))


def dutch_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def counted(n: int, one: str, more: str) -> str:
    """`1 pagina`, `2 pagina's`, `1.204 artikelen`: the number and the word that goes with it."""
    return f"{dutch_number(n)} {one if n == 1 else more}"


def dutch_seconds(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


def stage_line(stage: str, count: int | None, seconds: float) -> str:
    """One stage as a log shows it: `pagina's maken        40.213 bestanden   12,40 s`."""
    label, unit = describe(stage)
    counted = f"{dutch_number(count)} {unit}".rstrip() if count is not None else ""
    return f"{label:<{LABEL_WIDTH}}{counted:>{COUNT_WIDTH}}{dutch_seconds(seconds):>11}"


class LogProgress:
    """One line per finished stage, flushed at once."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.out.flush()

    def started(self, stage: str) -> None:
        pass

    def advanced(self, stage: str, done: int, total: int) -> None:
        pass

    def finished(self, stage: str, count: int | None, seconds: float) -> None:
        print(stage_line(stage, count, seconds), file=self.out, flush=True)

    def noted(self, text: str) -> None:
        print(text, file=self.out, flush=True)


# Held while the terminal is drawn, and taken before the build forks a worker: a fork while the
# clock's thread writes would copy a held lock of sys.stdout into the worker, which would then
# hang when it flushes its output on exit.
_drawing = threading.Lock()
os.register_at_fork(before=_drawing.acquire, after_in_parent=_drawing.release,
                    after_in_child=_drawing.release)


class TerminalProgress:
    """The running stage, live: a spinner, what it does, a bar and `done van total`, its time."""

    def __init__(self, out: IO[str], *, verbose: bool) -> None:
        # Imported here: a log needs none of rich, and loading it costs a build a twentieth of a second.
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.verbose = verbose
        console = Console(file=out, highlight=False)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            TextColumn("{task.fields[counted]}"), TimeElapsedColumn(),
            console=console, transient=True, auto_refresh=False)
        self.tasks: dict[str, TaskID] = {}
        self._stop = threading.Event()
        self._clock = threading.Thread(target=self._tick, name="rvz-site-voortgang", daemon=True)

    def __enter__(self) -> TerminalProgress:
        self.progress.start()
        self._clock.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        self._clock.join()
        with _drawing:
            self.progress.stop()

    def _tick(self) -> None:
        # rich's own refresh thread would write without the lock a fork must wait for.
        while not self._stop.wait(TICK_SECONDS):
            with _drawing:
                self.progress.refresh()

    def started(self, stage: str) -> None:
        with _drawing:
            self.tasks[stage] = self.progress.add_task(describe(stage)[0], total=None, counted="")
            self.progress.refresh()

    def advanced(self, stage: str, done: int, total: int) -> None:
        task = self.tasks.get(stage)
        if task is None:
            return
        unit = describe(stage)[1]
        with _drawing:
            self.progress.update(task, total=total, completed=done,
                                 counted=f"{dutch_number(done)} van {dutch_number(total)} {unit}".rstrip())
            self.progress.refresh()

    def finished(self, stage: str, count: int | None, seconds: float) -> None:
        task = self.tasks.pop(stage, None)
        with _drawing:
            if task is not None:
                self.progress.remove_task(task)
            if self.verbose:
                self.progress.console.print(stage_line(stage, count, seconds), markup=False, highlight=False)
            self.progress.refresh()

    def noted(self, text: str) -> None:
        with _drawing:  # above the live line, and it stays
            self.progress.console.print(text, markup=False, highlight=False)
            self.progress.refresh()


ProgressView = LogProgress | TerminalProgress


def progress_view(*, verbose: bool, out: IO[str] | None = None) -> ProgressView:
    """Live on a terminal that can redraw, else a log (`--quiet` and `--format json` use no view)."""
    stream = out or sys.stdout
    if stream.isatty() and os.environ.get("TERM", "") not in {"", "dumb", "unknown"}:
        return TerminalProgress(stream, verbose=verbose)
    return LogProgress(stream)
