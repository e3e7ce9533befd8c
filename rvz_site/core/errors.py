"""Problems found in the content, and how they are drawn for an editor.

Owns the `Problem` record and its text form. Every message a person reads is
Dutch and names the file, line and column, what was wrong and what was expected.
Nothing here reads files or decides exit codes (that is cli.py).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one place. `line` and `col` are 1-based; 0 means 'the whole file'."""

    path: str
    line: int
    col: int
    problem: str
    expected: str = ""
    hint: str = ""
    source_line: str = ""
    length: int = 1
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.problem)


class SiteError(Exception):
    """The content cannot be built; carries every problem of the run."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(format_report(self.problems))


class UsageError(Exception):
    """The command line itself is wrong (exit code 2)."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A Dutch 'did you mean' for the closest of `choices`, or ''."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in options}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f"bedoel je `{close[0]}`?" if close else ""


_LABEL = {"error": "fout", "warning": "waarschuwing"}


def format_problem(p: Problem) -> str:
    where = p.path if p.line <= 0 else f"{p.path}:{p.line}:{p.col}"
    lines = [f"{_LABEL[p.severity]}: {where}"]
    if p.line > 0 and p.source_line:
        number = str(p.line)
        pad = " " * len(number)
        shown = p.source_line.rstrip("\r\n").replace("\t", " ")
        caret_start = max(p.col - 1, 0)
        caret_len = max(1, min(p.length, max(len(shown) - caret_start, 1)))
        lines.append(f"{pad} |")
        lines.append(f"{number} | {shown}")
        lines.append(f"{pad} | {' ' * caret_start}{'^' * caret_len} {p.problem}")
        bullet = f"{pad} ="
    else:
        lines.append(f"  {p.problem}")
        bullet = "  ="
    if p.expected:
        lines.append(f"{bullet} verwacht: {p.expected}")
    if p.hint:
        lines.append(f"{bullet} {p.hint}")
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def format_summary(problems: Sequence[Problem], *, wrote_nothing: bool = True) -> str:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    files = len({p.path for p in errors}) if errors else len({p.path for p in warnings})
    parts = []
    if errors:
        parts.append(_count(len(errors), "fout", "fouten"))
    if warnings:
        parts.append(_count(len(warnings), "waarschuwing", "waarschuwingen"))
    text = " en ".join(parts) + " in " + _count(files, "bestand", "bestanden")
    if errors and wrote_nothing:
        text += "; er is niets geschreven."
    else:
        text += "."
    return text


def format_report(problems: Sequence[Problem], *, wrote_nothing: bool = True) -> str:
    if not problems:
        return ""
    blocks = [format_problem(p) for p in sorted(problems, key=Problem.sort_key)]
    return "\n\n".join(blocks) + "\n\n" + format_summary(problems, wrote_nothing=wrote_nothing)


def problems_json(problems: Sequence[Problem]) -> str:
    """The problems for other programs (`check --format json`): one object each, sorted."""
    ordered = sorted(problems, key=Problem.sort_key)
    return json.dumps({
        "errors": sum(p.severity == "error" for p in ordered),
        "warnings": sum(p.severity == "warning" for p in ordered),
        "problems": [{
            "severity": p.severity, "path": p.path, "line": p.line, "column": p.col,
            "message": p.problem, "expected": p.expected, "hint": p.hint,
        } for p in ordered],
    }, ensure_ascii=False, indent=2)
