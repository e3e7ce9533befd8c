"""Each kind of bad export: a Dutch message with file:line:col, exit 1, nothing written, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from wpkit import BAD

from tests.kit import run_in_process

CASES = {
    "not-xml": (1, 1, "dit bestand is geen XML (het begint niet met <)"),
    "not-wxr": (2, 1, "dit is XML, maar geen WordPress-export: het hoofdelement is <urlset> in plaats van <rss>"),
    "truncated": (48, 32, "het bestand houdt hier midden in op: de export is afgebroken of niet helemaal gedownload"),
    "bomb": (3, 3, "dit bestand definieert een eigen entiteit `lol` (een XML-truc die een bestand enorm kan laten "
                   "uitdijen); die wordt niet uitgevoerd"),
    "external": (3, 3, "dit bestand wil via de entiteit `geheim` een ander bestand of adres inlezen "
                       "(file:///etc/passwd); dat wordt nooit gedaan"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_export_is_refused_with_its_place(name: str, tmp_path: Path) -> None:
    line, col, message = CASES[name]
    export = BAD / f"{name}.xml"
    result = run_in_process("import-wordpress", export, "--content", tmp_path / "site" / "content")
    assert result.code == 1
    assert f"fout: {export}:{line}:{col}\n" in result.err
    assert message in result.err
    assert "1 fout in 1 bestand; er is niets geschreven." in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "site").exists()


def test_a_bad_part_of_a_split_export_stops_the_whole_import(tmp_path: Path) -> None:
    from wpkit import EXPORT

    result = run_in_process("import-wordpress", EXPORT[0], BAD / "truncated.xml", "--content", tmp_path / "content")
    assert result.code == 1 and "truncated.xml:48:32" in result.err
    assert list(tmp_path.iterdir()) == []


def test_the_entity_bomb_is_not_expanded_in_the_dry_run_either(tmp_path: Path) -> None:
    result = run_in_process("import-wordpress", BAD / "bomb.xml", "--content", tmp_path / "content", "--dry-run")
    assert result.code == 1 and "entiteit `lol`" in result.err
    assert list(tmp_path.iterdir()) == []  # not even the starter map


def test_a_missing_export_file_is_named(tmp_path: Path) -> None:
    result = run_in_process("import-wordpress", tmp_path / "weg.xml", "--content", tmp_path / "content")
    assert result.code == 1 and "dit exportbestand bestaat niet" in result.err


def test_a_folder_that_cannot_be_written_is_exit_4_and_leaves_nothing(tmp_path: Path) -> None:
    from wpkit import EXPORT

    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", "utf-8")
    result = run_in_process("import-wordpress", *EXPORT, "--content", blocker / "content")
    assert result.code == 4
    assert "de import kon niet geschreven worden" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand"]
