"""`rvz-site check` and `rvz-site new`, as an editor uses them."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
import yaml

from rvz_site.render.hyphenate import POINT
from tests.kit import TODAY, build, run_in_process, run_subprocess, write


def test_check_reads_drafts_and_future_articles_that_the_build_skips(content, tmp_path):
    write(content / "actueel/concept.md", "---\ntitle: Concept\ndate: 2021-01-01\ndraft: true\n---\n"
                                         "![Foto](/media/beelden/foto.jpg)\n")
    write(content / "actueel/later.md", "---\ntitle: Later\ndate: 2030-01-01\n---\n"
                                       "Zie [het verslag](/actueel/inspiratiebijeenkomst-busum/).\n")
    built = build(content, tmp_path / "public")
    assert built.code == 0, built.err
    files = sorted(tmp_path.rglob("*"))
    checked = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert sorted(tmp_path.rglob("*")) == files  # check writes nothing
    assert checked.code == 1
    assert "fout: content/actueel/concept.md:6:9" in checked.err
    assert "het bestand `/media/beelden/foto.jpg` bestaat niet" in checked.err
    assert "fout: content/actueel/later.md:5:19" in checked.err
    assert "bedoel je `/actueel/inspiratiebijeenkomst-bussum/`?" in checked.err


def test_check_warns_about_long_titles_and_summaries_but_passes(content):
    title = "Een heel lange titel " * 6
    write(content / "actueel/lang.md",
          f"---\ntitle: {title.strip()}\ndate: 2020-01-01\nsummary: {'woord ' * 60}\n---\nTekst.\n")
    result = run_in_process("check", "--content", str(content), "--today", TODAY)
    assert result.code == 0
    assert "waarschuwing: content/actueel/lang.md:2:8" in result.err
    assert f"de titel is {len(title.strip())} tekens lang" in result.err
    assert "waarschuwing: content/actueel/lang.md:4:10" in result.err
    assert "de samenvatting is" in result.err
    assert "2 waarschuwingen in 1 bestand." in result.err
    assert "Geen fouten gevonden" in result.out


def test_check_json_for_tools(content):
    write(content / "actueel/links.md", "---\ntitle: Links\ndate: 2020-01-01\n---\n[x](/nergens/)\n")
    result = run_in_process("check", "--content", str(content), "--today", TODAY, "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["errors"] == 1 and data["warnings"] == 0
    assert data["problems"] == [{
        "severity": "error", "path": "content/actueel/links.md", "line": 5, "column": 5,
        "message": "de pagina `/nergens/` bestaat niet op deze site",
        "expected": "een webadres op deze site, bijv. /actueel/titel-van-het-artikel/, "
                    "of een bestand als ../actueel/bestand.md",
        "hint": "bedoel je `/over-ons/`?",
    }]
    clean = run_in_process("check", "--content", str(content / ".." / "content"), "--today", TODAY, "--format", "json")
    assert clean.code == 1  # same content, same answer
    (content / "actueel/links.md").unlink()
    ok = run_in_process("check", "--content", str(content), "--today", TODAY, "--format", "json")
    assert ok.code == 0 and json.loads(ok.out)["errors"] == 0


def test_check_through_build_py_in_a_real_process(content):
    write(content / "actueel/links.md", "---\ntitle: Links\ndate: 2020-01-01\n---\n![](/media/beelden/kring.svg)\n")
    proc = run_subprocess("check", "--content", content, cwd=content.parent)
    assert proc.code == 1
    assert "content/actueel/links.md:5:1" in proc.err
    assert "Traceback" not in proc.err


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("section", ["actueel", "praktijkvoorbeelden", "publicaties", "pages"])
def test_new_writes_a_draft_that_check_and_build_accept(content, tmp_path, section):
    result = run_in_process("new", section, "Café in 's-Hertogenbosch: een begin", "--content", str(content),
                            "--today", TODAY)
    assert result.code == 0, result.err
    path = content / section / "cafe-in-s-hertogenbosch-een-begin.md"
    assert result.out.strip() == str(path)
    data = front(path)
    assert data["title"] == "Café in 's-Hertogenbosch: een begin"
    assert data["draft"] is True
    if section != "pages":
        assert str(data["date"]) == TODAY
        assert data["themes"] == [] and data["keywords"] == [] and data["organisations"] == []
    assert run_in_process("check", "--content", str(content), "--today", TODAY).code == 0
    drafts = build(content, tmp_path / "public", "--drafts")
    assert drafts.code == 0, drafts.err
    url = "cafe-in-s-hertogenbosch-een-begin" if section == "pages" else f"{section}/cafe-in-s-hertogenbosch-een-begin"
    page = html.unescape((tmp_path / "public" / url / "index.html").read_text())
    # the theme sets the elision as a typographic apostrophe (and marks where long words may break)
    assert "<h1>Café in ’s-Hertogenbosch: een begin</h1>" in page.replace(POINT, "")


@pytest.mark.parametrize(("day", "offset"), [("2026-01-15", "+01:00"), ("2026-07-01", "+02:00")])
def test_new_event_has_start_and_end_in_amsterdam_time(content, tmp_path, day, offset):
    result = run_in_process("new", "bijeenkomsten", "Ontmoeting", "--content", str(content), "--today", day)
    assert result.code == 0, result.err
    text = (content / "bijeenkomsten/ontmoeting.md").read_text()
    assert f"start: {day}T10:00:00{offset}\n" in text
    assert f"end: {day}T12:00:00{offset}\n" in text
    assert "location: " in text
    built = build(content, tmp_path / "public", "--drafts", today=day)
    assert built.code == 0, built.err
    assert (tmp_path / "public/bijeenkomsten/ontmoeting/index.html").is_file()


def test_new_refuses_to_overwrite(content):
    first = run_in_process("new", "actueel", "Nieuw bericht", "--content", str(content), "--today", TODAY)
    path = Path(first.out.strip())
    path.write_text(path.read_text() + "Mijn tekst.\n")
    again = run_in_process("new", "actueel", "Nieuw bericht", "--content", str(content), "--today", TODAY)
    assert again.code == 2
    assert "bestaat al; er is niets overschreven" in again.err
    assert path.read_text().endswith("Mijn tekst.\n")


def test_new_unknown_section_suggests_the_right_one(content):
    result = run_in_process("new", "bijenkomsten", "Iets", "--content", str(content))
    assert result.code == 2
    assert "onbekende rubriek `bijenkomsten`; bedoel je `bijeenkomsten`?" in result.err
    assert not (content / "bijenkomsten").exists()


def test_new_title_without_letters(content):
    result = run_in_process("new", "actueel", "!!!", "--content", str(content))
    assert result.code == 2
    assert "kan geen bestandsnaam gemaakt worden" in result.err
