"""The preview (`rvz-site serve`) is the build's own: it has /admin/ and a search that works, also
for what an editor has just typed into one article (the one-article lane indexes its part again)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from rvz_site.app.serve import Preview
from rvz_site.build.pipeline import BuildOptions
from tests.kit import TODAY_DATE, static_server

ARTICLE = Path("actueel") / "inspiratiebijeenkomst-bussum.md"
NEW_WORD = "klompendansers"  # in no page of the fixture site


def _preview(content: Path, tmp_path: Path) -> Preview:
    # A Decap release of one file is enough for /admin/ to be made (outputs/cms.py copies it).
    dist = tmp_path / "decap-dist"
    dist.mkdir()
    (dist / "decap-cms.js").write_text("/* Decap CMS, voor de proef */\n", encoding="utf-8")
    preview = Preview(BuildOptions(content, tmp_path / "voorbeeld" / "site", TODAY_DATE, drafts=True,
                                   future=True, decap_dist=dist, cache_dir=tmp_path / "cache", jobs=1))
    preview.rebuild()
    assert preview.error is None, preview.error
    return preview


def _type_a_new_word(content: Path, preview: Preview) -> None:
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + f"\nHier dansen {NEW_WORD} in de wijk.\n",
                       encoding="utf-8")
    preview.rebuild([article])
    assert preview.error is None, preview.error
    assert preview.quick_edits == 1, "a body edit takes the one-article lane"


def test_the_preview_has_the_web_editor_and_a_search_index(content: Path, tmp_path: Path) -> None:
    preview = _preview(content, tmp_path)
    out = preview.options.out_dir
    assert b"decap-cms.js" in (out / "admin" / "index.html").read_bytes()
    assert (out / "admin" / "decap-cms.js").read_text(encoding="utf-8").startswith("/* Decap CMS")
    assert (out / "admin" / "config.yml").is_file()
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    entry_before = (out / "pagefind" / "pagefind-entry.json").read_bytes()
    _type_a_new_word(content, preview)
    # The edited page is in the folder, and the index was made again (its entry names new files).
    assert NEW_WORD in (out / "actueel" / "inspiratiebijeenkomst-bussum" / "index.html").read_text(encoding="utf-8")
    assert (out / "pagefind" / "pagefind-entry.json").read_bytes() != entry_before


def _results(page: Any) -> list[str]:
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # results arrive one by one
    return sorted(set(page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.pathname)")))


@pytest.mark.browser
def test_the_previews_search_finds_a_word_just_typed_into_an_article(
        content: Path, tmp_path: Path, chromium_browser: Any) -> None:
    preview = _preview(content, tmp_path)
    _type_a_new_word(content, preview)
    with static_server(preview.options.out_dir, netlify=True) as served:
        context = chromium_browser.new_context()
        page = context.new_page()
        page.goto(served.url("/zoeken/"))
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for()
        box.fill(NEW_WORD)
        assert _results(page) == ["/actueel/inspiratiebijeenkomst-bussum/"]
        context.close()


def _stored_blobs(cache: Path) -> set[str]:
    return {f"{p.parent.name}{p.name}" for p in (cache / "blobs").glob("*/*") if not p.name.startswith(".")}


def _recorded_blobs(cache: Path) -> set[str]:
    with sqlite3.connect(cache / "cache.sqlite") as db:
        return {blob for (blob,) in db.execute("SELECT blob FROM pages")}


def test_the_preview_keeps_no_page_that_nothing_names_any_more(content: Path, tmp_path: Path) -> None:
    """Each save through the one-article lane stores its pages; the next full rebuild, and the first
    one of the next session, leave only the pages the cache's record names."""
    cache = tmp_path / "cache"
    leftover = cache / "blobs" / "ff" / ("f" * 62)  # what a stopped session could have left
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"<p>oud</p>")
    preview = _preview(content, tmp_path)
    assert _stored_blobs(cache) == _recorded_blobs(cache), "the first build clears what others left"
    _type_a_new_word(content, preview)
    assert _stored_blobs(cache) > _recorded_blobs(cache)  # the lane's pages, named only in memory
    theme_file = content / "themes.yaml"  # a change the lane does not take: the whole site again
    theme_file.write_text(theme_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    preview.rebuild([theme_file])
    assert preview.error is None, preview.error
    assert _stored_blobs(cache) == _recorded_blobs(cache)
    preview.cache.close()
