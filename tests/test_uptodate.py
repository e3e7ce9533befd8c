"""A build with nothing to do writes nothing (uptodate.py), and anything that could change the
output makes it build: a byte of content or theme, the build day, a file of public/ changed,
added or removed by hand. Each such build equals a clean one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.kit import REPO, build, copy_fixture, snapshot

NOTHING = "niets veranderd sinds de vorige build"


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def built(content: Path, out: Path, cache: Path, *extra: str) -> str:
    run = build(content, out, "--cache", str(cache), *extra)
    assert run.code == 0, run.err
    return run.out


def clean_tree(content: Path, tmp_path: Path, *extra: str) -> dict[str, bytes]:
    clean = tmp_path / "clean" / "public"
    shutil.rmtree(clean.parent, ignore_errors=True)
    assert build(content, clean, "--no-cache", *extra).code == 0
    return snapshot(clean)


def test_an_unchanged_site_is_not_written_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert NOTHING not in built(content, out, cache)
    before, files = snapshot(out), inodes(out)
    said = built(content, out, cache)
    assert NOTHING in said and "artikelen" in said
    assert snapshot(out) == before and inodes(out) == files, "not one file touched"


def test_every_change_that_could_matter_builds_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    theme = tmp_path / "themes" / "rvz"
    shutil.copytree(REPO / "themes" / "rvz", theme)
    out, cache = tmp_path / "public", tmp_path / "cache"
    built(content, out, cache)
    article = next((content / "actueel").glob("*.md"))
    picture = next((content / "media").rglob("*.*"))

    def body() -> None:
        article.write_bytes(article.read_bytes() + b"\nEen nieuwe alinea.\n")

    def media() -> None:
        picture.write_bytes(picture.read_bytes() + b" ")

    def template() -> None:
        base = theme / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8") + "<!-- nieuw -->\n", encoding="utf-8")

    def edited_output() -> None:  # in place: as root, the read-only cache file it links to changes too
        (out / "index.html").write_text("met de hand veranderd", encoding="utf-8")

    def replaced_output() -> None:  # as `sed -i` does: a new file in its place
        page = next(out.glob("actueel/*/index.html"))
        page.unlink()
        page.write_text("met de hand vervangen", encoding="utf-8")

    def added_output() -> None:
        (out / "extra.html").write_text("met de hand toegevoegd", encoding="utf-8")

    def removed_output() -> None:
        (out / "feed.xml").unlink()

    for change in (body, media, template, edited_output, replaced_output, added_output, removed_output):
        change()
        assert NOTHING not in built(content, out, cache), change.__name__
        assert snapshot(out) == clean_tree(content, tmp_path), change.__name__
        assert NOTHING in built(content, out, cache), f"after {change.__name__}, again"
    # Another build day is another input (future articles, upcoming events).
    assert NOTHING not in built(content, out, cache, "--today", "2030-01-01")
    assert snapshot(out) == clean_tree(content, tmp_path, "--today", "2030-01-01")


def test_a_failed_build_leaves_no_record_that_vouches_for_it(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    built(content, out, cache)
    article = next((content / "actueel").glob("*.md"))
    good = article.read_bytes()
    article.write_bytes(good.replace(b"title:", b"titel:", 1))
    assert build(content, out, "--cache", str(cache)).code == 1
    assert build(content, out, "--cache", str(cache)).code == 1, "the same bad content fails again"
    article.write_bytes(good)  # back to what the last good build saw: nothing to do
    assert NOTHING in built(content, out, cache)


def test_an_edit_that_keeps_the_size_and_time_of_a_file_is_still_seen(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are not read again while their size, times and inode are as the last build saw them;
    an edit that puts the old modification time back still changes the ctime, and is built."""
    from rvz_site.speed import uptodate

    monkeypatch.setattr(uptodate, "_RACY_NS", 0)  # (files made a moment ago are otherwise always read)
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    built(content, out, cache)
    assert NOTHING in built(content, out, cache)
    article = content / "actueel" / "inspiratiebijeenkomst-bussum.md"
    before = article.stat()
    data = article.read_bytes()
    article.write_bytes(data.replace(b"Bussum", b"BUSSUM"))
    assert article.stat().st_size == before.st_size and article.read_bytes() != data
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert NOTHING not in built(content, out, cache)
    assert snapshot(out) == clean_tree(content, tmp_path)
