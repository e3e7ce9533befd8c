"""A build with nothing to do writes nothing (uptodate.py), and anything that could change the
output makes it build: a byte of content or theme, the build day, a file of public/ changed,
added or removed by hand. Each such build equals a clean one. A build that finds public/ gone
(a Netlify deploy: a fresh checkout, the cache restored) puts the last site back from the cache
(restore.py), byte for byte; a cache that no longer holds every file of it means a full build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rvz_site.app.building import build_site
from rvz_site.build.pipeline import BuildOptions
from rvz_site.speed.uptodate import last_record
from tests.kit import REPO, TODAY_DATE, build, cache_restored, copy_fixture, fresh_checkout, snapshot

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


def netlify_deploy(content: Path, out: Path, cache: Path) -> dict[str, float]:
    """A build as Netlify starts it: a fresh checkout, the cache restored and no public/; its stages."""
    shutil.rmtree(out)
    fresh_checkout(content)
    cache_restored(cache)
    return build_site(BuildOptions(content, out, TODAY_DATE, cache_dir=cache, jobs=2)).timings


def test_a_deploy_without_public_puts_the_last_site_back_from_the_cache(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    built(content, out, cache)
    clean = clean_tree(content, tmp_path)
    assert snapshot(out) == clean
    stages = netlify_deploy(content, out, cache)
    # Every input was read again (all their stamps are new), matched, and nothing was built.
    assert "write" in stages and not {"parse", "render", "search"} & set(stages), sorted(stages)
    assert snapshot(out) == clean
    assert all(p.stat().st_nlink > 1 for p in out.rglob("*") if p.is_file()), "every file linked from the cache"
    assert NOTHING in built(content, out, cache), "the record says what was put back"
    # public/ removed by hand: the same.
    shutil.rmtree(out)
    assert NOTHING not in built(content, out, cache)
    assert snapshot(out) == clean


def _damage(cache: Path, stored: str, how: str) -> None:
    path = cache / stored
    if how == "missing":
        path.unlink()
        return
    path.chmod(0o644)
    data = path.read_bytes()
    # The same size, other bytes: only the file's time tells.
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]) if how == "changed" else data[: len(data) // 2])


@pytest.mark.parametrize(("output", "how"), [
    ("index.html", "missing"),  # a page: a blob of the store
    ("index.html", "changed"),
    ("admin/config.yml", "missing"),  # a file no other part of the cache holds (kept/)
    ("sitemap.xml", "truncated"),
    ("actueel/inspiratiebijeenkomst-bussum/deelbeeld.png", "changed"),  # a share picture
    ("pagefind/pagefind-entry.json", "missing"),  # a part of the search index
])
def test_a_cache_that_lacks_a_file_of_the_last_site_means_a_full_build(tmp_path: Path, output: str,
                                                                        how: str) -> None:
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    built(content, out, cache)
    clean = clean_tree(content, tmp_path)
    record = last_record(cache, out)
    assert record is not None and output in record.stored
    shutil.rmtree(out)
    _damage(cache, record.stored[output], how)
    stages = build_site(BuildOptions(content, out, TODAY_DATE, cache_dir=cache, jobs=2)).timings
    assert "render" in stages, f"{output} {how}: {sorted(stages)}"
    assert snapshot(out) == clean
    assert NOTHING in built(content, out, cache)
