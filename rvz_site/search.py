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

Pagefind reads every page, so it costs seconds per thousand pages, on every build. With a build
cache, the finished bundle is kept under a key made of everything Pagefind reads (the path and the
bytes of every HTML file, known from the outputs without reading them back), its version, its
command line and rvz-site's own version; a build whose pages are all unchanged links the kept
bundle in instead of running Pagefind. Any difference is a miss, so the output is the same either way.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cbor2

from .cache import digest, program_version
from .errors import Problem, SiteError
from .model import OutputFile

SEARCH_BUNDLE = "pagefind"  # the folder in the site, served as /pagefind/
TIMEOUT = 600
_OPTIONS = ["--output-subdir", SEARCH_BUNDLE, "--force-language", "nl", "--silent"]
KEPT_BUNDLES = 2  # the latest bundles kept in the cache (a build, and the one before it)


def index_site(root: Path) -> None:
    """Write root/pagefind/ from the HTML under root; raise SiteError when Pagefind fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(root), *_OPTIONS]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError([_problem(str(exc))]) from None
    if result.returncode != 0 or not (root / SEARCH_BUNDLE / "pagefind-ui.js").is_file():
        raise SiteError([_problem((result.stderr or result.stdout).strip()[-2000:])])
    _settle_filters(root / SEARCH_BUNDLE)


def search_key(outputs: Sequence[OutputFile]) -> str | None:
    """One digest of everything Pagefind reads (it indexes the site's *.html files), or None when
    a page's bytes are not known without reading the file (then Pagefind simply runs)."""
    parts: list[bytes | str] = [program_version(), *_OPTIONS]
    for name in ("pagefind", "pagefind_bin"):
        try:
            parts.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    for output in sorted(outputs, key=lambda o: o.path):
        if not output.path.endswith(".html"):
            continue
        if output.data is not None:
            parts += [output.path, hashlib.blake2b(output.data, digest_size=20).digest()]
        elif output.link and output.copy_from is not None:
            # A cache file (link) is named after the hash of its bytes and is never changed.
            parts += [output.path, os.fspath(output.copy_from)]
        else:
            return None
    return digest(*parts)


def cached_index(folder: Path, key: str | None) -> Callable[[Path], None]:
    """index_site, with the bundle for `key` taken from (or kept in) `folder`."""

    def run(root: Path) -> None:
        kept = folder / key if key else None
        if kept is not None and (kept / "pagefind-entry.json").is_file():
            shutil.copytree(kept, root / SEARCH_BUNDLE, copy_function=_link_or_copy, dirs_exist_ok=True)
            os.utime(kept)  # most recently used
            return
        index_site(root)
        if kept is not None:
            _keep(root / SEARCH_BUNDLE, folder, kept)

    return run


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # kept files are read-only, so the site cannot change them in place
    except OSError:  # the cache on another file system
        shutil.copyfile(source, target)


def _keep(bundle: Path, folder: Path, kept: Path) -> None:
    """Copy the bundle into the cache (complete or not at all), and drop the oldest bundles."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".neu-", dir=folder))
    try:
        shutil.copytree(bundle, staging, dirs_exist_ok=True)
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(0o444)
        staging.rename(kept)
    except OSError:  # a full disk or a bundle kept by a build beside this one: no cache, no harm
        shutil.rmtree(staging, ignore_errors=True)
        return
    bundles = sorted((p for p in folder.iterdir() if not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in bundles[KEPT_BUNDLES:]:
        shutil.rmtree(old, ignore_errors=True)


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
