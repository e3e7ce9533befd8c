"""Fetching the pinned Decap CMS bundle when it is missing, so the first build has /admin/ too.

Owns: reading the pin (version and integrity of npm `decap-cms` in rvz-site's package-lock.json),
fetching that one package with `npm pack` (only Decap's own tarball: none of the 600 packages of
its source tree, which the prebuilt dist/ does not need), checking its bytes against the lock's
integrity, and laying its dist/ out where `npm ci` would have put it
(node_modules/decap-cms/dist/, so cms.bundle_dirs finds it and a later `npm ci` replaces it).
Also owns the warnings for when that cannot be done: no lock, no npm, npm failing, wrong bytes.
Must not: decide what /admin/ contains (cms.py) or talk to anything but npm, which reaches only
the npm registry it is configured for.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem
from .cms import PACKAGE_ROOT, find_bundle, is_bundle_file

PACKAGE = "decap-cms"
LOCK_FILE = PACKAGE_ROOT / "package-lock.json"
NPM_TIMEOUT = 600  # seconds; the tarball is 16 MB
WHERE = "node_modules/decap-cms/dist"  # the place messages name


@dataclass(frozen=True, slots=True)
class Pin:
    version: str
    integrity: str  # "sha512-<base64>", as npm writes it in the lock file


def read_pin(lock: Path = LOCK_FILE) -> Pin | None:
    """The decap-cms that package-lock.json pins, or None (no lock: rvz-site not run from its folder)."""
    try:
        entry = json.loads(lock.read_text(encoding="utf-8"))["packages"][f"node_modules/{PACKAGE}"]
        return Pin(str(entry["version"]), str(entry["integrity"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _left_out(problem: str, hint: str) -> Problem:
    return Problem(WHERE, 0, 0, f"{problem}, dus /admin/ is weggelaten; de rest van de site is gebouwd",
                   hint=hint, severity="warning")


def not_found() -> Problem:
    """No bundle where the caller said it is, and none to fetch."""
    return _left_out("de webeditor (Decap CMS) is niet gevonden",
                     "voer `npm ci` uit in de map van rvz-site en bouw opnieuw")


def _matches(tarball: Path, integrity: str) -> bool:
    kind, _, expected = integrity.partition("-")
    if kind != "sha512":
        return False
    return base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode() == expected


def _unpack(tarball: Path, into: Path) -> None:
    """The bundle's files from package/dist/ and its package.json; by their base names only, so
    nothing in the archive can write outside `into`."""
    (into / "dist").mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            keep = (len(parts) == 3 and parts[:2] == ["package", "dist"] and is_bundle_file(parts[2])) \
                or member.name == "package/package.json"
            source = archive.extractfile(member) if member.isfile() and keep else None
            if source is not None:
                (into / ("dist" if len(parts) == 3 else "") / parts[-1]).write_bytes(source.read())


def fetch_bundle(project: Path, pin: Pin | None, note: Callable[[str], None],
                 npm: str | None = None) -> tuple[list[Path], Problem | None]:
    """Put Decap `pin` in project/node_modules/decap-cms with npm, and return its bundle files,
    or no files and the warning that says why not. `npm`: the program (default: npm on PATH)."""
    if pin is None:
        return [], not_found()
    program = npm or shutil.which("npm")
    if program is None:
        return [], _left_out(f"npm ontbreekt om de webeditor (Decap CMS {pin.version}) op te halen",
                             "installeer Node.js met npm (op Debian: `apt install npm`) en bouw opnieuw, "
                             "of zet Decap zelf neer met `npm ci` in de map van rvz-site")
    note(f"De webeditor (Decap CMS {pin.version}) ontbreekt nog: rvz-site haalt hem nu eenmalig op met npm "
         f"naar {project / 'node_modules' / PACKAGE}.")
    modules = project / "node_modules"
    modules.mkdir(exist_ok=True)
    target = modules / PACKAGE
    with tempfile.TemporaryDirectory(dir=modules, prefix=".decap-") as temporary:
        work = Path(temporary)
        try:
            run = subprocess.run(
                [program, "pack", f"{PACKAGE}@{pin.version}", "--pack-destination", str(work),
                 "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=work, capture_output=True, text=True, timeout=NPM_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [], _left_out(f"npm kon Decap CMS {pin.version} niet ophalen ({exc})",
                                 "controleer de internetverbinding en bouw opnieuw")
        tarballs = sorted(work.glob("*.tgz"))
        if run.returncode != 0 or not tarballs:
            reason = next((line.strip() for line in run.stderr.splitlines() if line.strip()), "geen pakket")
            return [], _left_out(f"npm kon Decap CMS {pin.version} niet ophalen: {reason}",
                                 "controleer de internetverbinding en bouw opnieuw")
        if not _matches(tarballs[0], pin.integrity):
            return [], _left_out(f"het pakket dat npm gaf is niet Decap CMS {pin.version} uit package-lock.json "
                                 "(de controlesom klopt niet)", "bouw opnieuw; blijft dit, meld het")
        unpacked = work / PACKAGE
        _unpack(tarballs[0], unpacked)
        if target.exists():  # an earlier half-installed or damaged copy without the bundle
            shutil.rmtree(target)
        with contextlib.suppress(OSError):  # another build put it there first
            unpacked.rename(target)
    bundle = find_bundle([target / "dist"])
    return bundle, None if bundle else not_found()
