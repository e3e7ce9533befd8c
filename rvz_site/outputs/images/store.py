"""The folder that keeps the encoded photos: <folder>/<key[:2]>/<key>/, one entry per source's
bytes and encoder settings (plan.photo_key), beside the share pictures' cache.

An entry is its files and a manifest.json written last, so an entry with a manifest is whole:
a build stopped halfway leaves at most files without one, which the next build writes again.
Every file is written atomically and never changed afterwards, so the writer may hard-link it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...core.atomic import write_atomically

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class PhotoStore:
    folder: Path

    def entry(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def manifest(self, key: str) -> dict[str, Any] | None:
        """The manifest of a whole entry, or None (never made, half made, or damaged)."""
        try:
            value = json.loads((self.entry(key) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(value, dict) or not all((self.entry(key) / n).is_file() for n in value.get("files", {})):
            return None
        return value

    def put(self, key: str, files: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, Any]:
        entry = self.entry(key)
        for name, data in files.items():
            write_atomically(entry / name, data)
        manifest = {**manifest, "files": {name: len(data) for name, data in sorted(files.items())}}
        write_atomically(entry / MANIFEST, json.dumps(manifest, sort_keys=True).encode("utf-8"))
        return manifest
