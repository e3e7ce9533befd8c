"""Regenerate tests/importers/expected/ from the fixture export (read the diff before committing).

Usage: python tests/importers/update_golden.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the checkout's rvz_site and tests.kit
sys.path.insert(0, str(HERE))

from wpkit import EXPECTED, golden, import_fixture  # noqa: E402

from tests.kit import build  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        result = import_fixture(root / "content")
        if result.code != 0:
            print(result.err, file=sys.stderr)
            return result.code
        built = build(root / "content", root / "public", "--no-cache")
        if built.code != 0:
            print(built.err, file=sys.stderr)
            return built.code
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, data in golden(root, root / "public").items():
            path = EXPECTED / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    print(f"wrote {EXPECTED}; review with: git diff --stat -- {EXPECTED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
