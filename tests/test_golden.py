"""The fixture site, built by the real command line, matches the committed expected tree file by file."""

from __future__ import annotations

import difflib
from pathlib import Path

from sitekit import FIXTURE_CONTENT, build, golden_snapshot

EXPECTED = Path(__file__).parent / "fixtures" / "expected"


def test_fixture_site_matches_golden_tree(tmp_path: Path) -> None:
    result = build(FIXTURE_CONTENT, tmp_path / "public")
    assert result.code == 0, result.err
    built, expected = golden_snapshot(tmp_path / "public"), golden_snapshot(EXPECTED)
    assert sorted(built) == sorted(expected), "files differ; run python tests/update_golden.py and read the diff"
    for name in expected:
        if built[name] != expected[name]:
            diff = "\n".join(difflib.unified_diff(
                expected[name].decode(errors="replace").splitlines(),
                built[name].decode(errors="replace").splitlines(), "expected/" + name, "built/" + name,
                lineterm="", n=2))
            raise AssertionError(f"{name} differs from the golden tree:\n{diff[:3000]}")
