"""Bad uploads: editors are told where, in Dutch, and a broken file never crashes the build.

A text file named .jpg, a truncated JPEG and a decompression bomb are errors at the file:line:col
of each article that uses them, and nothing is written; an oversized photo is a warning, and
published. `rvz-site check` reports both. The bomb is refused from its header: no pixel decoded.
"""

from __future__ import annotations

import io
import json
import resource
from pathlib import Path

import pytest
from PIL import Image

from rvz_site.outputs.images.read import read_facts
from tests.images.photokit import decompression_bomb, text_as_jpeg, truncated_jpeg
from tests.kit import TODAY, build, make_site, run_in_process, snapshot

USES_IT = """\
---
title: Een kapotte foto
date: 2020-12-09
image: /media/kapot.jpg
image_alt: Wat er op de foto had moeten staan
---
Tekst.

Nog een keer: ![De foto in de tekst](/media/kapot.jpg)
"""
BAD = {
    "text": (text_as_jpeg, "dit bestand is geen afbeelding die de site kan lezen"),
    "truncated": (truncated_jpeg, "de afbeelding is beschadigd of niet helemaal geüpload"),
    "bomb": (decompression_bomb, "de afbeelding is 30000 x 30000 pixels: te groot om te verwerken"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_image_is_an_error_at_each_place_it_is_used_and_nothing_is_written(tmp_path: Path, kind: str) -> None:
    make, message = BAD[kind]
    content = make_site(tmp_path, {"media/kapot.jpg": make(), "actueel/kapot.md": USES_IT})
    public = tmp_path / "public"
    public.mkdir()
    (public / "index.html").write_text("de vorige site\n", encoding="utf-8")
    before = snapshot(public)
    result = build(content, public)
    assert result.code == 1
    assert "content/actueel/kapot.md:4:8\n" in result.err  # image: /media/kapot.jpg
    assert "content/actueel/kapot.md:9:38\n" in result.err  # ![…](/media/kapot.jpg)
    assert result.err.count(f"`/media/kapot.jpg`: {message}") == 2
    assert "= verwacht: een foto als JPEG, PNG of WebP, helemaal geüpload" in result.err
    assert "er is niets geschreven" in result.err
    assert snapshot(public) == before


def test_check_reports_bad_and_oversized_photos_together(tmp_path: Path) -> None:
    wide = io.BytesIO()
    Image.new("RGB", (8200, 60), (90, 140, 60)).save(wide, "JPEG")  # a panorama strip: small, but 8200 px
    content = make_site(tmp_path, {
        "media/kapot.jpg": truncated_jpeg(), "media/breed.jpg": wide.getvalue(),
        "actueel/kapot.md": USES_IT,
        "actueel/breed.md": "---\ntitle: Breed\ndate: 2020-12-09\n---\n![Een panorama](/media/breed.jpg)\n"})
    checked = run_in_process("check", "--content", content, "--today", TODAY, "--format", "json")
    assert checked.code == 1
    problems = json.loads(checked.out)["problems"]
    seen = {(p["path"], p["line"], p["column"], p["severity"]) for p in problems}
    assert ("content/actueel/kapot.md", 4, 8, "error") in seen
    assert ("content/actueel/breed.md", 5, 17, "warning") in seen
    wide_warning = next(p for p in problems if p["path"] == "content/actueel/breed.md")
    assert "8200 x 60 pixels" in wide_warning["message"]
    # without the broken one, the oversized photo builds, with the warning
    (content / "actueel/kapot.md").unlink()
    built = build(content, tmp_path / "public")
    assert built.code == 0, built.err
    assert "waarschuwing: content/actueel/breed.md:5:17" in built.err
    assert any(p.name.startswith("breed-") for p in (tmp_path / "public/media").iterdir())


def test_a_decompression_bomb_is_refused_from_its_header(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = decompression_bomb()
    assert len(bomb) < 2000  # 900 million pixels claimed by a file of a few hundred bytes

    def no_decoding(*_args: object) -> None:
        raise AssertionError("the bomb's pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    facts = read_facts(bomb)
    assert facts.fault.startswith("de afbeelding is 30000 x 30000 pixels")
    # decoding it would take 900 MB; the refusal takes no more memory than the process had
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB
