"""The built trees, checked file by file without a browser: every internal link, image and
#anchor resolves (own checker over lxml), and the Nu HTML Checker finds no error in any page.
Each check is shown to catch a planted mistake, so a silent checker cannot pass."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.sitetree import broken_links, html_files
from tests.kit import TEST_TOOLS, need

VNU = TEST_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"

PLANTED = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>
<body><main id="inhoud">
<h2 id="kop">Kop</h2>
<a href="/bestaat/">goed</a> <a href="#kop">goed anker</a> <a href="/bestaat/#daar">goed anker elders</a>
<a href="https://www.loc.nl/">ander domein</a> <a href="mailto:x@loc.nl">mail</a>
<a href="/bestaat-niet/">kapot</a> <img src="../media/weg.svg" alt="kapot beeld">
<a href="/bestaat/#nergens">kapot anker</a> <a href="#ook-nergens">kapot anker hier</a>
</main></body></html>
"""


def test_the_link_checker_finds_planted_broken_links_images_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "bestaat").mkdir()
    (tmp_path / "bestaat" / "index.html").write_text('<p id="daar">x</p>', encoding="utf-8")
    (tmp_path / "artikel").mkdir()
    (tmp_path / "artikel" / "index.html").write_text(PLANTED, encoding="utf-8")
    found = {(b.page, b.link) for b in broken_links(tmp_path)}
    assert found == {("/artikel/", "/bestaat-niet/"), ("/artikel/", "../media/weg.svg"),
                     ("/artikel/", "/bestaat/#nergens"), ("/artikel/", "#ook-nergens")}


@pytest.mark.parametrize("tree", ["real_public", "fixture_public"])
def test_no_broken_internal_link_image_or_anchor(tree: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(tree)
    assert len(html_files(root)) > 20
    assert [str(b) for b in broken_links(root)] == []


def test_every_page_passes_the_nu_html_checker(real_public: Path, fixture_public: Path,
                                               tmp_path: Path) -> None:
    need(shutil.which("java") is not None, "Java (default-jre-headless) is not installed")
    need(VNU.is_file(), f"the Nu HTML Checker is not installed ({VNU}; npm ci in tests/tools)")
    # One JVM for everything; a planted invalid page proves the checker looks at each tree.
    planted = tmp_path / "geplant" / "index.html"
    planted.parent.mkdir()
    planted.write_text('<!doctype html><html lang="nl"><head><title>x</title></head>'
                       '<body><p><div>blok in alinea</div></p></body></html>', encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu",
         str(real_public), str(fixture_public), str(planted.parent)],
        capture_output=True, text=True, timeout=300)
    messages = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert any(str(planted) in m for m in messages), "the checker did not report the planted error"
    errors = [m for m in messages if str(planted) not in m]
    assert errors == []
