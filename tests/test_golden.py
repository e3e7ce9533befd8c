"""The fixture site, built by the real command line, matches the committed expected tree file by file."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.kit import GOLDEN_TREE, NOT_GOLDEN, snapshot


def test_fixture_site_matches_golden_tree(fixture_public: Path) -> None:
    built, expected = snapshot(fixture_public, leave_out=NOT_GOLDEN), snapshot(GOLDEN_TREE, leave_out=NOT_GOLDEN)
    assert sorted(built) == sorted(expected), "files differ; run python tests/update_golden.py and read the diff"
    for name in expected:
        if built[name] != expected[name]:
            diff = "\n".join(difflib.unified_diff(
                expected[name].decode(errors="replace").splitlines(),
                built[name].decode(errors="replace").splitlines(), "expected/" + name, "built/" + name,
                lineterm="", n=2))
            raise AssertionError(f"{name} differs from the golden tree:\n{diff[:3000]}")
