"""What a build tells whoever watches it: a stage started, how far its pieces are, a stage ended.

Owns the listener protocol (a terminal or a log implements it: app/progress.py) and the one way a
stage's parallel work reports how many of its pieces are done (`pieces_done`, called by
parallel.py), which a stage routes to its listener for as long as it runs (`reporting_pieces`).
It is a context variable rather than an argument so that the runners and workers between the
pipeline and parallel.py need not carry it. Prints nothing and never reaches a written file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

PiecesDone = Callable[[int, int], None]  # (done, total) of one run of parallel work

_current: ContextVar[PiecesDone | None] = ContextVar("rvz_site_pieces_done", default=None)


class StageListener(Protocol):
    def started(self, stage: str) -> None:
        """`stage` begins (the names are the pipeline's: "parse", "render", ...)."""

    def advanced(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` pieces of the stage's parallel work are finished."""

    def finished(self, stage: str, count: int | None, seconds: float) -> None:
        """`stage` ended without an error: what it made (`count`, if it counts anything) and its own
        time, without the stages nested inside it."""

    def noted(self, text: str) -> None:
        """A line to show at once, in Dutch: something the build does that takes a while or is
        not its usual work (fetching Decap on the first build)."""


@contextmanager
def reporting_pieces(report: PiecesDone) -> Iterator[None]:
    """Send the pieces done of every parallel run inside this block to `report`."""
    token = _current.set(report)
    try:
        yield
    finally:
        _current.reset(token)


def is_reporting() -> bool:
    return _current.get() is not None


def pieces_done(done: int, total: int) -> None:
    report = _current.get()
    if report is not None:
        report(done, total)
