"""A cached, incremental, parallel build is byte-identical to a clean build on one process.

A small generated corpus (bench/gen_corpus.py) goes through a seeded random sequence of the
edits editors and developers make: body, title, date, themes, keywords, organisations; add,
delete and rename an article; change a registry, a template, the settings. After each edit the
site is built with the cache it kept from the step before, on two processes, and compared file by
file with a clean build of the same content, on one process and without a cache.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.kit import (
    REPO,
    TODAY,
    TODAY_DATE,
    build,
    cache_restored,
    copy_fixture,
    fresh_checkout,
    run_subprocess,
    snapshot,
)

ARTICLES = 56  # above parallel.MIN_PARALLEL, so the first build forks its workers


def assert_same_tree(clean: Path, cached: Path, step: str) -> None:
    want, got = snapshot(clean), snapshot(cached)
    assert sorted(got) == sorted(want), f"after {step}: other files"
    different = [p for p in want if want[p] != got[p]]
    assert not different, f"after {step}: {len(different)} files differ, e.g. {different[:5]}"


def assert_lane_and_site(timings: dict[str, float], quick: bool, corpus: Path, out: Path, tmp_path: Path,
                         step: str) -> None:
    """That the build whose stages took `timings` took the one-article lane (`quick`) or built
    everything, and that `out` equals a clean build of `corpus`."""
    assert ("one article" in timings and "parse" not in timings) == quick, f"{step}: {sorted(timings)}"
    clean = tmp_path / "clean" / "public"
    assert build(corpus, clean, "--no-cache", "--jobs", "1").code == 0
    assert_same_tree(clean, out, step)
    shutil.rmtree(clean.parent)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    content = tmp_path / "site" / "content"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(ARTICLES), str(content)],
                   check=True, capture_output=True)
    # The theme beside the content folder wins over the shipped one, so a test may edit its templates.
    shutil.copytree(REPO / "themes" / "rvz", tmp_path / "site" / "themes" / "rvz")
    return content


def _articles(content: Path) -> list[Path]:
    return sorted(p for p in content.glob("*/*.md") if p.parent.name != "pages")


def _front(path: Path, key: str, value: str) -> list[Path]:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text[4:].partition("\n---\n")
    lines = [line for line in head.split("\n") if not line.startswith(f"{key}:")]
    path.write_text("---\n" + "\n".join([*lines, f"{key}: {value}"]) + sep + body, encoding="utf-8")
    return [path]


def _without_slug(path: Path) -> None:
    """Generated articles name their slug; without it the file name is the web address."""
    path.write_text(re.sub(r"^slug: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")


def _edits(content: Path) -> dict[str, Callable[[random.Random], list[Path]]]:
    """Each edit changes the content (or the theme) and returns the files it saved, removed or added."""
    site = content.parent

    def body(rng: random.Random) -> list[Path]:
        path = rng.choice(_articles(content))
        path.write_text(path.read_text(encoding="utf-8") + f"\nEen nieuwe alinea {rng.randint(1, 999)}.\n",
                        encoding="utf-8")
        return [path]

    def title(rng: random.Random) -> list[Path]:
        return _front(rng.choice(_articles(content)), "title", f'"Nieuwe titel {rng.randint(1, 999)}"')

    def date(rng: random.Random) -> list[Path]:
        day = f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        return _front(rng.choice(_articles(content)), "date", day)

    def themes(rng: random.Random) -> list[Path]:
        keys = re.findall(r"^- key: (\S+)", (content / "themes.yaml").read_text(), re.M)
        return _front(rng.choice(_articles(content)), "themes", f"[{rng.choice(keys)}]")

    def keywords(rng: random.Random) -> list[Path]:
        return _front(rng.choice(_articles(content)), "keywords", f'["Nieuw trefwoord {rng.randint(1, 3)}", Zorg]')

    def organisations(rng: random.Random) -> list[Path]:
        keys = re.findall(r"^- key: (\S+)", (content / "organisations.yaml").read_text(), re.M)
        return _front(rng.choice(_articles(content)), "organisations", f"[{rng.choice(keys)}]")

    def add(rng: random.Random) -> list[Path]:
        source = rng.choice(_articles(content))
        copy = source.with_name(f"nieuw-{rng.randint(1, 9999)}.md")
        shutil.copy(source, copy)
        _without_slug(copy)
        return [copy]

    def delete(rng: random.Random) -> list[Path]:
        path = rng.choice(_articles(content))
        path.unlink()
        return [path]

    def rename(rng: random.Random) -> list[Path]:
        path = rng.choice(_articles(content))
        renamed = path.rename(path.with_name(f"hernoemd-{rng.randint(1, 9999)}.md"))
        _without_slug(renamed)
        return [path, renamed]

    def registry(rng: random.Random) -> list[Path]:
        path = content / "organisations.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("place: ", f"place: Plaats{rng.randint(1, 9)} ", 1), encoding="utf-8")
        return [path]

    def template(rng: random.Random) -> list[Path]:
        path = site / "themes" / "rvz" / "templates" / "base.html"
        path.write_text(path.read_text(encoding="utf-8") + f"<!-- versie {rng.randint(1, 999)} -->\n",
                        encoding="utf-8")
        return [path]

    def settings(rng: random.Random) -> list[Path]:
        path = content / "site.yaml"
        text = re.sub(r"per_page: \d+", f"per_page: {rng.choice([3, 5, 10])}", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("title: \"", f"title: \"Site {rng.randint(1, 9)} ", 1), encoding="utf-8")
        return [path]

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
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert build(content, out, "--cache", str(cache)).code == 0
    first = snapshot(out)
    (cache / "cache.sqlite").write_bytes(b"dit is geen database")
    for blob in list((cache / "blobs").rglob("*"))[:5]:
        if blob.is_file():
            blob.unlink()
    run = build(content, out, "--cache", str(cache))
    assert run.code == 0, run.err
    assert snapshot(out) == first


def test_default_cache_lies_beside_the_output(tmp_path: Path) -> None:
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

    from rvz_site.app.serve import Preview
    from rvz_site.build.pipeline import BuildOptions

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

    def new_picture(rng: random.Random) -> list[Path]:
        picture.write_text(_picture(rng.randint(2, 999)), encoding="utf-8")
        return [picture]

    edits["picture"] = new_picture
    rng = random.Random(20261125)
    # Every kind of edit, and three more body edits: those take the quick lane (quickedit.py).
    steps = rng.sample(sorted(edits), len(edits)) + ["body"] * 3
    for n, step in enumerate(steps):
        quick_before = live.quick_edits
        live.rebuild(edits[step](rng))
        assert live.error is None, f"after {step}: {live.error}"
        assert live.quick_edits == quick_before + (step == "body"), f"{step}: quick lane taken or not"
        fresh = preview(f"fresh-{n}")
        fresh.rebuild()
        assert_same_tree(fresh.options.out_dir, live.options.out_dir, step)
        shutil.rmtree(fresh.options.out_dir.parent)


def test_a_kept_search_index_equals_what_pagefind_writes(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"

    def search_tree(root: Path) -> dict[str, bytes]:
        return snapshot(root / "pagefind")

    assert build(content, out, "--cache", str(cache)).code == 0
    first = search_tree(out)
    assert "pagefind-entry.json" in first
    # Nothing changed: the kept bundle is linked in, not made again, and it is the same.
    shutil.rmtree(out)  # (else the build sees public/ is up to date and writes nothing at all)
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


def test_one_changed_body_indexes_one_part_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large site's index comes in parts (search.py): an edit makes one part anew, the rest is
    linked from the cache, and the whole equals a clean build's."""
    from rvz_site.outputs import search

    monkeypatch.setattr(search, "PART_PAGES", 2)
    content = copy_fixture(tmp_path)
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert build(content, out, "--cache", str(cache)).code == 0
    parts = len(json.loads((out / "pagefind" / search.PARTS_FILE).read_text())) + 1
    assert parts > 3
    before = set((cache / "search").iterdir())
    assert len(before) == parts
    article = content / "actueel" / "inspiratiebijeenkomst-bussum.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEen woord als zoekvernieuwing.\n", encoding="utf-8")
    assert build(content, out, "--cache", str(cache)).code == 0
    assert len(set((cache / "search").iterdir()) - before) == 1, "only the edited page's part is made again"
    clean = tmp_path / "clean" / "public"
    assert build(content, clean, "--no-cache").code == 0
    assert snapshot(out / "pagefind") == snapshot(clean / "pagefind")
    # The cache keeps the parts of this build and the one before: no more.
    assert build(content, out, "--cache", str(cache)).code == 0
    assert len(list((cache / "search").iterdir())) == parts + 1


def test_the_quick_lane_gives_way_when_more_than_the_body_changed(corpus: Path, tmp_path: Path) -> None:
    """A body edit is rendered on the pages that show the article; a new anchor, a broken link, a
    new title or a second file makes it a full rebuild; the folder always equals a fresh preview."""
    from datetime import date

    from rvz_site.app.serve import Preview
    from rvz_site.build.pipeline import BuildOptions

    def preview(name: str) -> Preview:
        return Preview(BuildOptions(corpus, tmp_path / name / "site", date(2026, 1, 1), drafts=True, future=True,
                                    cache_dir=tmp_path / name / "cache", jobs=1))

    first, second = _articles(corpus)[3], _articles(corpus)[7]

    def append(path: Path, text: str) -> list[Path]:
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
        return [path]

    # The keyword most articles use: an article that spells it its own way shows the site's spelling.
    used = [k for path in _articles(corpus) for line in re.findall(r"^keywords: (.*)$", path.read_text(
        encoding="utf-8"), re.M) for k in re.findall(r'"([^"]+)"', line)]
    common = max(sorted(set(used)), key=used.count)
    assert common != common.lower()

    live = preview("live")
    live.rebuild()
    steps: list[tuple[str, Callable[[], list[Path]], bool]] = [  # (what, the edit, quick lane?)
        ("body", lambda: append(first, "Een alinea."), True),
        ("body again", lambda: append(first, "Nog een alinea met *nadruk*."), True),
        ("own keyword spelling", lambda: _front(first, "keywords", f'["{common.lower()}"]'), False),
        ("body with its own spelling", lambda: append(first, "Een alinea."), True),
        ("new anchor", lambda: append(first, "## Een nieuwe kop"), False),
        ("broken link", lambda: append(second, "[weg](/bestaat-niet/)"), False),
        ("fixed", lambda: _front(second, "title", '"Een nieuwe titel"') + append(second, ""), False),
        ("two files", lambda: append(first, "Een.") + append(second, "Twee."), False),
    ]
    for step, edit, quick in steps:
        if step == "fixed":  # the broken link stays; the title changes too: a full rebuild
            second.write_text(second.read_text(encoding="utf-8").replace("[weg](/bestaat-niet/)", "weg"),
                              encoding="utf-8")
        before = live.quick_edits
        live.rebuild(edit())
        assert live.quick_edits == before + quick, step
        if step == "broken link":
            assert live.error is not None and "/bestaat-niet/" in live.error
            continue
        assert live.error is None, f"after {step}: {live.error}"
        fresh = preview(f"fresh-{step}")
        fresh.rebuild()
        assert_same_tree(fresh.options.out_dir, live.options.out_dir, step)
        shutil.rmtree(fresh.options.out_dir.parent)
    # After the full rebuilds, body edits are quick again.
    before = live.quick_edits
    live.rebuild(append(second, "Weer een alinea."))
    assert live.quick_edits == before + 1 and live.error is None


def test_a_build_after_one_body_edit_renders_only_that_article_and_equals_a_clean_build(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build` with a cache: one article's body edited renders its pages from the page map
    (quickbuild.py) and indexes one search part again, in a new process as in this one, also when
    public/ was changed by hand or is gone, as on Netlify (it is put back from the cache first); any
    other change is a full build. Each result equals a clean build."""

    from rvz_site.app.building import build_site
    from rvz_site.build.pipeline import BuildOptions
    from rvz_site.outputs import search

    monkeypatch.setattr(search, "PART_PAGES", 5)  # several parts, so both the main and other parts change
    out, cache = tmp_path / "public", tmp_path / "cache"

    def cached() -> dict[str, float]:
        return build_site(BuildOptions(corpus, out, TODAY_DATE, cache_dir=cache, jobs=2)).timings

    def append(path: Path, text: str) -> list[Path]:
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
        return [path]

    articles = _articles(corpus)
    page = corpus / "pages" / sorted(p.name for p in (corpus / "pages").glob("*.md"))[0]
    cached()
    # An article in the main search bundle (the one with Pagefind's scripts and the list of parts).
    indexed = [p.relative_to(out).as_posix() for p in out.rglob("*.html") if b"data-pagefind-body" in p.read_bytes()]
    main_part = set(search.plan_parts(indexed)[0].pages)

    def page_of(article: Path) -> str:
        slug = re.search(r"^slug: (.+)$", article.read_text(encoding="utf-8"), re.M)
        return f"{article.parent.name}/{slug.group(1) if slug else article.stem}/index.html"

    in_main = next(a for a in articles if page_of(a) in main_part)

    def netlify() -> None:  # a fresh checkout of content and theme, the cache restored, no public/
        shutil.rmtree(out)
        fresh_checkout(corpus.parent)
        cache_restored(cache)
    steps: list[tuple[str, Callable[[], object], bool]] = [  # (what, the edit, quick lane?)
        ("body in the main search part", lambda: append(in_main, "Een alinea in het hoofddeel."), True),
        *((f"body {i}", lambda i=i: append(articles[i], f"Een alinea {i} met *nadruk*."), True)
          for i in (0, 9, 17, 30, 41)),
        ("the same body again", lambda: append(articles[0], "Nog een alinea."), True),
        ("a stand-alone page", lambda: append(page, "Een alinea op een pagina."), True),
        ("new anchor", lambda: append(articles[9], "## Een nieuwe kop"), False),
        ("title", lambda: _front(articles[17], "title", '"Een nieuwe titel"'), False),
        ("two files", lambda: append(articles[1], "Een.") + append(articles[2], "Twee."), False),
        ("body after full builds", lambda: append(articles[2], "Weer een alinea."), True),
        # public/ is put back from the cache (restore.py) before the lane replaces the article's pages.
        ("public/ changed by hand", lambda: (out / "index.html").unlink() or append(articles[3], "Zo."), True),
        ("body", lambda: append(articles[3], "En nog een."), True),
        ("a Netlify deploy of a body edit", lambda: netlify() or append(articles[5], "Vanuit Netlify."), True),
        ("another Netlify deploy", lambda: netlify() or append(in_main, "Weer vanuit Netlify."), True),
        ("a Netlify deploy of a new title", lambda: netlify() or _front(articles[6], "title", '"Nieuw"'), False),
        ("a Netlify deploy of two files", lambda: netlify() or append(articles[1], "Een.") + append(page, "Twee."),
         False),
        ("a Netlify deploy after full builds", lambda: netlify() or append(articles[8], "Zo."), True),
    ]
    for step, edit, quick in steps:
        edit()
        assert_lane_and_site(cached(), quick, corpus, out, tmp_path, step)
    # A new process takes the lane as well, and says what it built.
    append(articles[4], "Een alinea uit een nieuw proces.")
    run = run_subprocess("build", "--content", corpus, "--out", out, "--today", TODAY, "--cache", cache)
    assert run.code == 0, run.err
    assert "gebouwd" in run.out
    clean = tmp_path / "clean" / "public"
    assert build(corpus, clean, "--no-cache", "--jobs", "1").code == 0
    assert_same_tree(clean, out, "a new process")


def test_a_broken_link_in_a_body_edit_is_reported_and_leaves_public_as_it_was(corpus: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert build(corpus, out, "--cache", str(cache)).code == 0
    before = snapshot(out)
    article = _articles(corpus)[5]
    article.write_text(article.read_text(encoding="utf-8") + "\n[weg](/bestaat-niet/)\n", encoding="utf-8")
    run = build(corpus, out, "--cache", str(cache))
    assert run.code != 0 and "/bestaat-niet/" in run.err and article.name in run.err
    assert snapshot(out) == before


@pytest.mark.parametrize(("damage", "how"), [("index.pickle", "cut"), ("site.pickle", "cut"), ("pages.bin", "cut"),
                                           ("articles.bin", "cut"), ("pages.bin", "flip"), ("articles.bin", "flip")])
def test_a_damaged_page_map_means_a_full_build_not_a_failure(corpus: Path, tmp_path: Path, damage: str,
                                                             how: str) -> None:
    """Cut short, or one byte changed in every block of a packed file (zlib's checksum sees it)."""
    out, cache = tmp_path / "public", tmp_path / "cache"
    assert build(corpus, out, "--cache", str(cache)).code == 0
    (kept,) = (cache / "laatste-build").glob("*.kaart")
    data = bytearray((kept / damage).read_bytes())
    if how == "flip":
        index = pickle.loads((kept / "index.pickle").read_bytes())
        for end in (index.page_blocks if damage == "pages.bin" else index.article_blocks).ends:
            data[end - 5] ^= 0xFF  # among the block's last bytes: its data or its checksum
    (kept / damage).write_bytes(data if how == "flip" else data[:100])
    article = _articles(corpus)[7]
    article.write_text(article.read_text(encoding="utf-8") + "\nEen alinea na de schade.\n", encoding="utf-8")
    run = build(corpus, out, "--cache", str(cache))
    assert run.code == 0, run.err
    clean = tmp_path / "clean" / "public"
    assert build(corpus, clean, "--no-cache").code == 0
    assert_same_tree(clean, out, f"a damaged {damage}")


def _as_the_previous_format(cache: Path) -> None:
    """The cache as rvz-site wrote it before the page map and the parse results were packed
    (page map version 3): the .bin files as plain streams (a record's address was its offset in
    the file), no block tables, and each parse result a plain pickle."""
    import sqlite3

    from rvz_site.speed.packed import PackedReader, unpack

    (kept,) = (cache / "laatste-build").glob("*.kaart")
    index = pickle.loads((kept / "index.pickle").read_bytes())
    for name, blocks in (("pages.bin", index.page_blocks), ("articles.bin", index.article_blocks)):
        reader = PackedReader(kept / name, blocks)
        stream = b"".join(reader.block(start)[0] for start in dict.fromkeys(blocks.starts))
        (kept / name).write_bytes(stream)
    for added in ("page_blocks", "article_blocks", "changed"):
        delattr(index, added)
    index.version = "3"
    (kept / "index.pickle").write_bytes(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    with contextlib.closing(sqlite3.connect(cache / "cache.sqlite")) as db, db:
        rows = db.execute("SELECT key, value FROM parsed").fetchall()
        db.executemany("UPDATE parsed SET value = ? WHERE key = ?", [(unpack(v), k) for k, v in rows])


def test_a_cache_of_the_previous_format_is_a_full_build_not_a_wrong_site(corpus: Path, tmp_path: Path) -> None:
    """An older rvz-site's cache (Netlify restores whatever the last deploy saved): its page map is
    not used and its parse results are misses, so the build is a full one and equals a clean build;
    what it keeps is of the new format, so the next edit takes the quick lane again."""
    import sqlite3

    from rvz_site.app.building import build_site
    from rvz_site.build.pipeline import BuildOptions
    from rvz_site.speed.packed import unpack

    out, cache = tmp_path / "public", tmp_path / "cache"

    def cached() -> dict[str, float]:
        return build_site(BuildOptions(corpus, out, TODAY_DATE, cache_dir=cache, jobs=2)).timings

    def edit(article: Path, text: str) -> None:
        article.write_text(article.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    articles = _articles(corpus)
    cached()
    _as_the_previous_format(cache)
    for step, article, quick in (("the previous format", articles[3], False), ("the format now", articles[8], True)):
        edit(article, f"Een alinea na {step}.")
        assert_lane_and_site(cached(), quick, corpus, out, tmp_path, step)
        (kept,) = (cache / "laatste-build").glob("*.kaart")
        assert pickle.loads((kept / "index.pickle").read_bytes()).version != "3"
        with contextlib.closing(sqlite3.connect(cache / "cache.sqlite")) as db:
            for (value,) in db.execute("SELECT value FROM parsed"):
                unpack(value)  # every parse result was made again, and kept packed
