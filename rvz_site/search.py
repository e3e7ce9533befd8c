"""The search index: Pagefind run over the finished site in its staging folder, before the swap.

Owns the one call to the Pagefind binary (PyPI `pagefind[bin]`, no Node). What is indexed and
which filters exist is decided in the templates (data-pagefind-body on article bodies,
data-pagefind-filter for Rubriek, Thema, Deelnemer and Jaar); this module only runs the tool
and turns a failure into a Dutch Problem.

Pagefind 1.5.2 writes its filter files in Rust HashMap order, which changes from run to run
(two builds of the same site gave different filter/*.pf_filter files and so a different
pf_meta and pagefind-entry.json), and it has no option to fix that. `_settle_filters` sorts
the values in each filter file and renames the files after their new contents, so the same
pages give the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cbor2

from .errors import Problem, SiteError

SEARCH_BUNDLE = "pagefind"  # the folder in the site, served as /pagefind/
TIMEOUT = 600


def index_site(root: Path) -> None:
    """Write root/pagefind/ from the HTML under root; raise SiteError when Pagefind fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-subdir", SEARCH_BUNDLE,
               "--force-language", "nl", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError([_problem(str(exc))]) from None
    if result.returncode != 0 or not (root / SEARCH_BUNDLE / "pagefind-ui.js").is_file():
        raise SiteError([_problem((result.stderr or result.stdout).strip()[-2000:])])
    _settle_filters(root / SEARCH_BUNDLE)


_SIGNATURE = b"pagefind_dcd"  # every Pagefind data file starts so, after gunzip


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"not a Pagefind data file: {path}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, file_name: str, like: str, value: Any) -> str:
    """Write gzipped CBOR named after its contents, in the shape of the name `like` (nl_1a2b3c4);
    return the new name, which is how Pagefind's other files refer to it."""
    prefix = like.rsplit("_", 1)[0] + "_"
    payload = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}{hashlib.sha256(payload).hexdigest()[:len(like) - len(prefix)]}"
    (folder / file_name.format(name)).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def _settle_filters(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed: list[list[str]] = []
        for filter_name, old in meta[3]:
            old_path = bundle / "filter" / f"{old}.pf_filter"
            name, values = _read(old_path)
            old_path.unlink()
            ordered = [name, sorted(values, key=lambda v: str(v[0]))]
            renamed.append([filter_name, _write(bundle / "filter", "{}.pf_filter", old, ordered)])
        meta[3] = sorted(renamed)
        meta_path.unlink()
        language["hash"] = _write(bundle, "pagefind.{}.pf_meta", language["hash"], meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _problem(detail: str) -> Problem:
    return Problem(f"public/{SEARCH_BUNDLE}/", 0, 0, f"de zoekindex kon niet gemaakt worden: {detail}",
                   expected="Pagefind, geïnstalleerd met `pip install -e .` (het pakket pagefind[bin])",
                   hint="public/ is niet veranderd; los de fout op en bouw opnieuw")
