"""The importer's tests import their kit by name, as tests/ does with sitekit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
