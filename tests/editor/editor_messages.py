"""Every problem text rvz-site can show, read from its source code (for the guide's test).

A message is found where the code makes one: `Problem(path, line, col, "…")`,
`report.at(line, col, "…")`, `report.file("…")`, `Invalid("…")`, `UsageError("…")` and the
link checker's `self.report(article, ref, "…")`. An f-string's placeholders are the variable
part; its longest fixed piece is what the guide must contain.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rvz_site"

# Call name -> position of the problem text among the positional arguments.
POSITION = {"Problem": 3, "at": 2, "file": 0, "Invalid": 0, "UsageError": 0, "report": 2, "at_node": 1,
            "_problem": 2, "check_keys": 2, "_refuse": 4}
# The WordPress importer's messages are for the person migrating; docs/overstappen.md explains them
# (tests/importers/test_wordpress_guide.py), not the editors' guide.
IMPORTERS = "importers/"


@dataclass(frozen=True)
class Message:
    where: str  # rvz_site/module.py:line
    template: str  # the text with … for each placeholder
    key: str  # the text as the guide must show it: first line, no backticks, … for a placeholder


def _template(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None and right is None else (left or "…") + (right or "…")
    return None


def normalise(text: str) -> str:
    """How a message is compared with the guide: no backticks or emphasis, one space, lower case."""
    text = re.sub(r"[`*]", "", text)
    text = re.sub(r"…+", "…", text)
    return " ".join(text.split()).lower()


def _key(template: str) -> str:
    first = normalise(template.split("\n")[0])
    return first.rstrip(" …:;,.(").strip()


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def messages(*, importers: bool = False) -> list[Message]:
    """The editors' messages, or with `importers` only those of rvz_site/importers/."""
    found: list[Message] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix().startswith(IMPORTERS) != importers:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call)
            arg: ast.expr | None = next((k.value for k in call.keywords if k.arg == "problem"), None)
            if arg is None and name in POSITION and len(call.args) > POSITION[name]:
                arg = call.args[POSITION[name]]
            if arg is None:
                continue
            template = _template(arg)
            if template is None:
                if isinstance(arg, (ast.Name, ast.Attribute)):  # passed on from elsewhere; collected there
                    continue
                raise AssertionError(f"{path.name}:{call.lineno}: cannot read this problem text")
            key = _key(template)
            if key.strip("… "):  # only placeholders: its fixed words come from the callers
                found.append(Message(f"rvz_site/{path.relative_to(PACKAGE).as_posix()}:{call.lineno}", template, key))
    return found


if __name__ == "__main__":
    for m in messages():
        print(f"{m.where:32} {m.key!r:60} {m.template}")
