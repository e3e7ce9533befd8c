"""The layers of rvz_site hold: every import of every module (also those inside functions) goes
only where its package's `__init__.py` says it may, and speed/ sits beside the pipeline.

The rules are read from the docstrings (a line `May import: ...`), and those must say what the
design says (RULES below), so loosening a rule takes a change here that a reviewer sees.
"""

from __future__ import annotations

import ast
import graphlib
import re
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "rvz_site"

# What each sub-package may import of rvz_site (docs/architecture.md, shared/design.md section 2).
_PIPELINE = ("core", "content", "render", "outputs")
RULES: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "content": frozenset({"core"}),
    "render": frozenset({"core", "content"}),
    "outputs": frozenset({"core", "content", "render"}),
    "build": frozenset(_PIPELINE),
    "importers": frozenset({"core", "content"}),
    "speed": frozenset({*_PIPELINE, "build"}),
    "app": frozenset({*_PIPELINE, "build", "importers", "speed"}),
}
# Imports that break a rule and are known, each to be removed by a later step. Empty: none.
KNOWN_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every rvz_site module this one imports anywhere in its file (the most precise name known:
    `from ..outputs import treesync` is rvz_site.outputs.treesync)."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES)
    return frozenset(_known(name) for name in found if name == "rvz_site" or name.startswith("rvz_site."))


def _known(name: str) -> str:
    """The module a dotted name lands in (`rvz_site.core.model.Article` -> `rvz_site.core.model`)."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _declared_rules(layer: str) -> frozenset[str]:
    """What the package's docstring says it may import (`May import: rvz_site.core, rvz_site.content.`)."""
    doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8"))) or ""
    # `May import: rvz_site.core, rvz_site.content.` (or `May import only ...`), up to the paragraph's end.
    said = re.search(r"May import(?: only)?:? (.*?)(?:\n\n|\Z)", doc, re.S)
    assert said, f"rvz_site/{layer}/__init__.py does not say what it may import (`May import: ...`)"
    text = said.group(1)
    if text.startswith("nothing of rvz_site"):
        return frozenset()
    return frozenset(re.findall(r"rvz_site\.(\w+)", text))


def _breaches() -> set[tuple[str, str]]:
    found = set()
    for module in MODULES:
        layer = _layer(module)
        if layer is None:
            continue
        for target in imports_of(module):
            target_layer = _layer(target)
            if target_layer is not None and target_layer != layer and target_layer not in RULES[layer]:
                found.add((module, target))
    return found


def test_every_package_says_what_it_may_import_as_the_design_says() -> None:
    layers = sorted({_layer(m) for m in MODULES if _layer(m)})
    assert set(layers) <= set(RULES), f"a package the rules do not know: {set(layers) - set(RULES)}"
    for layer in layers:
        assert layer is not None
        assert _declared_rules(layer) == RULES[layer], f"rvz_site/{layer}/__init__.py"


def test_every_import_follows_its_package_rules() -> None:
    breaches = _breaches()
    new = sorted(breaches - KNOWN_EXCEPTIONS)
    assert not new, "imports against the rules of rvz_site/*/__init__.py:\n" + "\n".join(
        f"  {module} imports {target}" for module, target in new)
    # An exception that no longer happens is taken off the list, so the list only shrinks.
    assert not KNOWN_EXCEPTIONS - breaches, sorted(KNOWN_EXCEPTIONS - breaches)


def test_the_reader_finds_imports_inside_functions() -> None:
    # cli.py imports the pipeline only inside its commands (start-up time); the reader must see it.
    assert "rvz_site.build.pipeline" in imports_of("rvz_site.app.cli")


def _graph() -> dict[str, set[str]]:
    return {m: set(imports_of(m)) - {m} for m in MODULES}


def test_the_modules_import_each_other_without_a_cycle() -> None:
    # A cycle would make "what depends on what" unanswerable, and the longest chain below undefined.
    try:
        list(graphlib.TopologicalSorter(_graph()).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(f"an import cycle: {' -> '.join(exc.args[1])}") from None


def longest_chain() -> list[str]:
    """The longest path of imports between modules of the package (the graph has no cycle)."""
    graph = _graph()
    longest: dict[str, list[str]] = {}
    for module in graphlib.TopologicalSorter(graph).static_order():  # what it imports comes first
        below = max((longest[t] for t in sorted(graph[module])), key=len, default=[])
        longest[module] = [module, *below]
    return max((longest[m] for m in sorted(longest)), key=len)


def test_print_the_longest_import_chain() -> None:
    chain = longest_chain()
    print(f"\nlongest import chain: {len(chain)} modules: "
          + " -> ".join(m.removeprefix("rvz_site.") for m in chain), file=sys.stderr)
    # Each link of the chain is a real import (the reader and the walk agree).
    assert all(b in imports_of(a) for a, b in zip(chain, chain[1:], strict=False))


if __name__ == "__main__":
    chain = longest_chain()
    print(f"{len(chain)} modules: " + " -> ".join(m.removeprefix("rvz_site.") for m in chain))
