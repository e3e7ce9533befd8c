"""Files written whole or not at all, and what reading back a damaged file may raise."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path

# What loading a damaged or foreign pickle from the cache may raise: such a file is only a miss.
UNREADABLE = (OSError, EOFError, pickle.PickleError, AttributeError, ImportError, TypeError, ValueError)


def write_atomically(target: Path, data: bytes) -> None:
    """Write a file whole or not at all (a stopped build leaves no half file behind)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
