"""A cached, incremental, parallel build is byte-identical to a clean build on one process.

A small generated corpus (bench/gen_corpus.py) goes through a seeded random sequence of the
edits editors and developers make: body, title, date, themes, keywords, organisations; add,
delete and rename an article; change a registry, a template, the settings. After each edit the
site is built with the cache it kept from the step before, on two processes, and compared file by
file with a clean build of the same content, on one process and without a cache.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import build

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 56  # above parallel.MIN_PARALLEL, so the first build forks its workers


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(clean: Path, cached: Path, step: str) -> None:
    want, got = tree(clean), tree(cached)
    assert sorted(got) == sorted(want), f"after {step}: other files"
    different = [p for p in want if want[p] != got[p]]
    assert not different, f"after {step}: {len(different)} files differ, e.g. {different[:5]}"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    content = tmp_path / "site" / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(ARTICLES), str(content)],
                   check=True, capture_output=True)
    # The theme beside the content folder wins over the shipped one, so a test may edit its templates.
    shutil.copytree(ROOT / "themes" / "rvz", tmp_path / "site" / "themes" / "rvz")
    return content


def _articles(content: Path) -> list[Path]:
    return sorted(p for p in content.glob("*/*.md") if p.parent.name != "pages")


def _front(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text[4:].partition("\n---\n")
    lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
    path.write_text("---\n" + "\n".join([*lines, f"{key}: {value}"]) + sep + body, encoding="utf-8")


def _without_slug(path: Path) -> None:
    """Generated articles name their slug; without it the file name is the web address."""
    path.write_text(re.sub(r"^slug: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")


def _edits(content: Path) -> dict[str, Callable[[random.Random], None]]:
    site = content.parent

    def body(rng: random.Random) -> None:
        path = rng.choice(_articles(content))
        path.write_text(path.read_text(encoding="utf-8") + f"\nEen nieuwe alinea {rng.randint(1, 999)}.\n",
                        encoding="utf-8")

    def title(rng: random.Random) -> None:
        _front(rng.choice(_articles(content)), "title", f'"Nieuwe titel {rng.randint(1, 999)}"')

    def date(rng: random.Random) -> None:
        day = f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        _front(rng.choice(_articles(content)), "date", day)

    def themes(rng: random.Random) -> None:
        keys = re.findall(r"^- key: (\S+)", (content / "themes.yaml").read_text(), re.M)
        _front(rng.choice(_articles(content)), "themes", f"[{rng.choice(keys)}]")

    def keywords(rng: random.Random) -> None:
        _front(rng.choice(_articles(content)), "keywords", f'["Nieuw trefwoord {rng.randint(1, 3)}", Zorg]')

    def organisations(rng: random.Random) -> None:
        keys = re.findall(r"^- key: (\S+)", (content / "organisations.yaml").read_text(), re.M)
        _front(rng.choice(_articles(content)), "organisations", f"[{rng.choice(keys)}]")

    def add(rng: random.Random) -> None:
        source = rng.choice(_articles(content))
        copy = source.with_name(f"nieuw-{rng.randint(1, 9999)}.md")
        shutil.copy(source, copy)
        _without_slug(copy)

    def delete(rng: random.Random) -> None:
        rng.choice(_articles(content)).unlink()

    def rename(rng: random.Random) -> None:
        path = rng.choice(_articles(content))
        _without_slug(path.rename(path.with_name(f"hernoemd-{rng.randint(1, 9999)}.md")))

    def registry(rng: random.Random) -> None:
        path = content / "organisations.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("place: ", f"place: Plaats{rng.randint(1, 9)} ", 1), encoding="utf-8")

    def template(rng: random.Random) -> None:
        path = site / "themes" / "rvz" / "templates" / "base.html"
        path.write_text(path.read_text(encoding="utf-8") + f"<!-- versie {rng.randint(1, 999)} -->\n",
                        encoding="utf-8")

    def settings(rng: random.Random) -> None:
        path = content / "site.yaml"
        text = re.sub(r"per_page: \d+", f"per_page: {rng.choice([3, 5, 10])}", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("title: \"", f"title: \"Site {rng.randint(1, 9)} ", 1), encoding="utf-8")

    return {f.__name__: f for f in (body, title, date, themes, keywords, organisations, add, delete,
                                     rename, registry, template, settings)}


def test_cached_parallel_builds_equal_clean_builds_through_random_edits(corpus: Path, tmp_path: Path) -> None:
    cached_out, cache = tmp_path / "cached" / "public", tmp_path / "cache"
    edits = _edits(corpus)
    rng = random.Random(20261124)
    # Every kind of edit once, in a random order, then some more at random.
    steps = rng.sample(sorted(edits), len(edits)) + rng.choices(sorted(edits), k=2)
    for n, step in enumerate(["(start)", *steps]):
        if n:
            edits[step](rng)
        run = build(corpus, cached_out, "--cache", str(cache), "--jobs", "2")
        assert run.code == 0, f"after {step}: {run.err}"
        clean_out = tmp_path / f"clean-{n}" / "public"
        clean = build(corpus, clean_out, "--no-cache", "--jobs", "1")
        assert clean.code == 0, clean.err
        assert_same_tree(clean_out, cached_out, step)
        shutil.rmtree(clean_out.parent)
    # The cache was used: after an unchanged build, the page files are the cache's own files.
    assert build(corpus, cached_out, "--cache", str(cache)).code == 0
    assert (cached_out / "index.html").stat().st_nlink > 1


def test_damaged_cache_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    from sitekit import copy_fixture

    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert build(content, out, "--cache", str(cache)).code == 0
    first = tree(out)
    (cache / "cache.sqlite").write_bytes(b"dit is geen database")
    for blob in list((cache / "blobs").rglob("*"))[:5]:
        if blob.is_file():
            blob.unlink()
    run = build(content, out, "--cache", str(cache))
    assert run.code == 0, run.err
    assert tree(out) == first


def test_default_cache_lies_beside_the_output(tmp_path: Path) -> None:
    from sitekit import copy_fixture

    content = copy_fixture(tmp_path)
    assert build(content, tmp_path / "uit" / "public").code == 0
    assert (tmp_path / "uit" / ".cache" / "rvz-site" / "cache.sqlite").is_file()


def _picture(n: int) -> str:
    # The size differs with n, so the test never relies on the file system's time stamps alone.
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{n}" height="10"><title>{"x" * n}</title></svg>\n'


def test_the_dev_server_folder_equals_a_fresh_preview_through_random_edits(corpus: Path, tmp_path: Path) -> None:
    """`rvz-site serve` updates its folder in place from what it wrote before; after every edit
    it holds exactly what a fresh preview of the same content holds."""
    from datetime import date

    from rvz_site.pipeline import BuildOptions
    from rvz_site.serve import Preview

    (corpus / "media").mkdir(exist_ok=True)
    picture = corpus / "media" / "beeld.svg"
    picture.write_text(_picture(1), encoding="utf-8")

    def preview(name: str) -> Preview:
        return Preview(BuildOptions(corpus, tmp_path / name / "site", date(2026, 1, 1), drafts=True, future=True,
                                    cache_dir=tmp_path / name / "cache", jobs=1))

    live = preview("live")
    live.rebuild()
    assert live.error is None
    edits = _edits(corpus)
    edits["picture"] = lambda rng: picture.write_text(_picture(rng.randint(2, 999)), encoding="utf-8")
    rng = random.Random(20261125)
    for n, step in enumerate(rng.sample(sorted(edits), len(edits))):
        edits[step](rng)
        live.rebuild()
        assert live.error is None, f"after {step}: {live.error}"
        fresh = preview(f"fresh-{n}")
        fresh.rebuild()
        assert_same_tree(fresh.options.out_dir, live.options.out_dir, step)
        shutil.rmtree(fresh.options.out_dir.parent)


def test_a_kept_search_index_equals_what_pagefind_writes(tmp_path: Path) -> None:
    from sitekit import copy_fixture

    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"

    def search_tree(root: Path) -> dict[str, bytes]:
        return tree(root / "pagefind")

    assert build(content, out, "--cache", str(cache)).code == 0
    first = search_tree(out)
    assert "pagefind-entry.json" in first
    # Nothing changed: the kept bundle is linked in, not made again, and it is the same.
    assert build(content, out, "--cache", str(cache)).code == 0
    assert (out / "pagefind" / "pagefind-entry.json").stat().st_nlink > 1
    assert search_tree(out) == first
    # A changed body changes the index: Pagefind runs, and its bundle equals a clean build's.
    article = content / "actueel" / "inspiratiebijeenkomst-bussum.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEen woord als zoekvernieuwing.\n", encoding="utf-8")
    assert build(content, out, "--cache", str(cache)).code == 0
    clean = tmp_path / "clean" / "public"
    assert build(content, clean, "--no-cache").code == 0
    assert search_tree(out) == search_tree(clean) != first
    assert len(list((cache / "search").iterdir())) == 2
