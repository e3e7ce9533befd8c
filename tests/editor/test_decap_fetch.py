"""The README's first command builds /admin/ too: a build in a copy of rvz-site without
node_modules fetches the pinned Decap CMS with npm, says so in one Dutch line, and checks it
against package-lock.json; without npm the site still builds, with a Dutch warning."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.kit import FIXTURE_CONTENT, REPO, TODAY, need

FETCHING = "De webeditor (Decap CMS 3.16.3) ontbreekt nog: rvz-site haalt hem nu eenmalig op met npm naar "

# A stand-in for npm: it notes its arguments and "packs" the tarball the test left beside it.
FAKE_NPM = """#!{python}
import json, pathlib, shutil, sys
here = pathlib.Path(__file__).parent
with open(here / "calls.jsonl", "a") as calls:
    calls.write(json.dumps(sys.argv[1:]) + "\\n")
if (here / "fail").exists():
    sys.stderr.write((here / "fail").read_text())
    sys.exit(1)
destination = pathlib.Path(sys.argv[sys.argv.index("--pack-destination") + 1])
shutil.copy(here / "decap-cms-3.16.3.tgz", destination / "decap-cms-3.16.3.tgz")
"""


def rvz_site_copy(root: Path) -> Path:
    """rvz-site as a fresh checkout has it: the code, the theme, the npm files; no node_modules."""
    copy = root / "rvz-site"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("rvz_site", "themes"):
        shutil.copytree(REPO / folder, copy / folder, ignore=ignore)
    for name in ("build.py", "package.json", "package-lock.json"):
        shutil.copy(REPO / name, copy / name)
    shutil.copytree(FIXTURE_CONTENT, copy / "content")
    return copy


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def pin_integrity(copy: Path, data: bytes) -> None:
    """Pin the copy's lock file to these bytes, as npm would write it for them."""
    lock_file = copy / "package-lock.json"
    lock = json.loads(lock_file.read_text())
    lock["packages"]["node_modules/decap-cms"]["integrity"] = \
        "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    lock_file.write_text(json.dumps(lock))


def fake_npm(root: Path, data: bytes) -> Path:
    bin_dir = root / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM.format(python=sys.executable))
    npm.chmod(0o755)
    (bin_dir / "decap-cms-3.16.3.tgz").write_bytes(data)
    return bin_dir


def build(copy: Path, out: Path, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(copy / "build.py"), "--content", str(copy / "content"), "--out", str(out),
         "--today", TODAY, "--no-cache"],
        capture_output=True, text=True, cwd=copy, timeout=600, check=False,
        env={**os.environ, "PYTHONPATH": str(copy), "PATH": path, **env})


FAKE_BUNDLE = {
    "package/package.json": b'{"name": "decap-cms", "version": "3.16.3"}',
    "package/README.md": b"# Decap",
    "package/dist/decap-cms.js": b"// de bundel\n",
    "package/dist/decap-cms.js.map": b"{}",
    "package/dist/103.decap-cms.js": b"// een stuk\n",
    "package/dist/cms.js": b"// de tweede kopie\n",
    "../buiten.js": b"// mag nergens terechtkomen\n",
    "package/dist/../../ook-buiten.js": b"// evenmin\n",
}


def test_a_fresh_checkout_fetches_the_pinned_decap_with_npm(tmp_path: Path) -> None:
    copy = rvz_site_copy(tmp_path)
    data = tarball(FAKE_BUNDLE)
    pin_integrity(copy, data)
    bin_dir = fake_npm(tmp_path, data)
    out = tmp_path / "public"
    run = build(copy, out, f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert run.returncode == 0, run.stderr
    assert f"{FETCHING}{copy / 'node_modules' / 'decap-cms'}.\n" in run.stdout
    assert run.stderr == ""  # no warning: /admin/ is complete
    [call] = [json.loads(line) for line in (bin_dir / "calls.jsonl").read_text().splitlines()]
    destination = call[3]
    assert call == ["pack", "decap-cms@3.16.3", "--pack-destination", destination, "--ignore-scripts",
                    "--no-audit", "--no-fund", "--loglevel=error"]
    assert sorted(p.name for p in (out / "admin").iterdir()) == [
        "103.decap-cms.js", "config.yml", "decap-cms.js", "index.html", "voorvertoning.js"]
    assert (out / "admin" / "decap-cms.js").read_bytes() == b"// de bundel\n"
    installed = copy / "node_modules" / "decap-cms"
    assert sorted(p.name for p in (installed / "dist").iterdir()) == ["103.decap-cms.js", "decap-cms.js"]
    assert (installed / "package.json").is_file()
    assert not list(tmp_path.rglob("*buiten.js"))
    assert not list((copy / "node_modules").glob(".decap-*"))  # the temporary folder is gone

    # the next build finds it where npm ci would have put it, and asks npm nothing
    again = build(copy, tmp_path / "public2", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert again.returncode == 0 and FETCHING not in again.stdout
    assert len((bin_dir / "calls.jsonl").read_text().splitlines()) == 1


def test_bytes_that_are_not_the_pinned_decap_are_refused(tmp_path: Path) -> None:
    copy = rvz_site_copy(tmp_path)
    pin_integrity(copy, tarball(FAKE_BUNDLE))
    bin_dir = fake_npm(tmp_path, tarball({**FAKE_BUNDLE, "package/dist/decap-cms.js": b"// iets anders\n"}))
    run = build(copy, tmp_path / "public", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert run.returncode == 0, run.stderr
    assert run.stderr == (
        "waarschuwing: node_modules/decap-cms/dist\n"
        "  het pakket dat npm gaf is niet Decap CMS 3.16.3 uit package-lock.json (de controlesom klopt niet), "
        "dus /admin/ is weggelaten; de rest van de site is gebouwd\n"
        "  = bouw opnieuw; blijft dit, meld het\n\n1 waarschuwing in 1 bestand.\n")
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (tmp_path / "public" / "admin").exists()
    assert not (copy / "node_modules" / "decap-cms").exists()


def test_npm_failing_is_a_warning_with_its_reason(tmp_path: Path) -> None:
    copy = rvz_site_copy(tmp_path)
    bin_dir = fake_npm(tmp_path, b"")
    (bin_dir / "fail").write_text("npm error code ENOTFOUND\nnpm error network: getaddrinfo ENOTFOUND\n")
    run = build(copy, tmp_path / "public", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert run.returncode == 0, run.stderr
    assert ("npm kon Decap CMS 3.16.3 niet ophalen: npm error code ENOTFOUND, dus /admin/ is weggelaten; "
            "de rest van de site is gebouwd\n  = controleer de internetverbinding en bouw opnieuw\n") in run.stderr
    assert (tmp_path / "public" / "index.html").is_file()


def test_without_npm_the_site_builds_with_a_dutch_warning(tmp_path: Path) -> None:
    copy = rvz_site_copy(tmp_path)
    nothing = tmp_path / "leeg"
    nothing.mkdir()
    run = build(copy, tmp_path / "public", str(nothing))
    assert run.returncode == 0, run.stderr
    assert run.stderr == (
        "waarschuwing: node_modules/decap-cms/dist\n"
        "  npm ontbreekt om de webeditor (Decap CMS 3.16.3) op te halen, dus /admin/ is "
        "weggelaten; de rest van de site is gebouwd\n"
        "  = installeer Node.js met npm (op Debian: `apt install npm`) en bouw opnieuw, of zet Decap zelf neer "
        "met `npm ci` in de map van rvz-site\n\n1 waarschuwing in 1 bestand.\n")
    assert FETCHING not in run.stdout
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (tmp_path / "public" / "admin").exists()


def test_real_npm_fetches_decap_offline_from_its_cache(tmp_path: Path) -> None:
    """npm itself, with no network: the Decap that tests/install.sh's `npm ci` left in npm's cache."""
    need(shutil.which("npm") is not None, "npm is not installed")
    copy = rvz_site_copy(tmp_path)
    out = tmp_path / "public"
    run = build(copy, out, os.environ["PATH"], npm_config_offline="true")
    need("niet ophalen" not in run.stderr, f"npm's cache has no Decap CMS 3.16.3 (run npm ci once): {run.stderr}")
    assert run.returncode == 0, run.stderr
    assert FETCHING in run.stdout and run.stderr == ""
    bundle = (out / "admin" / "decap-cms.js").read_bytes()
    assert len(bundle) > 1_000_000
    assert not list((out / "admin").glob("*.map"))
    installed = REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    if installed.is_file():  # the same bytes as `npm ci` installs
        assert bundle == installed.read_bytes()
