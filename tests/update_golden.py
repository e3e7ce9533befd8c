"""Regenerate tests/fixtures/expected/ from tests/fixtures/site/ (read the diff before committing).

Usage: python tests/update_golden.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: the checkout's rvz_site and tests.kit

from tests.kit import FIXTURE_CONTENT, GOLDEN_TREE, NOT_GOLDEN, build  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        result = build(FIXTURE_CONTENT, out)
        if result.code != 0:
            print(result.err, file=sys.stderr)
            return result.code
        shutil.rmtree(GOLDEN_TREE, ignore_errors=True)
        for folder in NOT_GOLDEN:
            shutil.rmtree(out / folder, ignore_errors=True)
        shutil.copytree(out, GOLDEN_TREE)
    print(f"wrote {GOLDEN_TREE}; review with: git diff --stat -- {GOLDEN_TREE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
