"""docs/overstappen.md, the migration guide, explains every message the importer can show."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "editor"))

from editor_messages import messages, normalise  # noqa: E402

GUIDE = (ROOT / "docs" / "overstappen.md").read_text("utf-8")


def test_every_message_of_the_importer_is_explained_in_the_guide() -> None:
    found = messages(importers=True)
    assert len(found) > 15  # the collector really reads the importer
    guide = normalise(GUIDE)
    missing = sorted({f"{m.where}: {m.key}" for m in found if m.key not in guide})
    assert not missing, "docs/overstappen.md does not explain:\n" + "\n".join(missing)
